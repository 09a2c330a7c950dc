#!/usr/bin/env python3
"""The hub under hostile clients (issue #13's figures), next to the same requests unloaded.

Run by tests/bench/pages_bench.sh against a hub it started and filled:
  hostile_bench.py URL PROFILE_LINK HUB_PID KIOSK_SYNC_COMMAND...

1. Slow clients: 1,000 connections from one address (127.0.0.2) and 200 from 200 addresses
   (127.0.1.1-200), each sending a request line and then one header line every 5 s, reopened
   when the hub closes them. Meanwhile a normal client (127.0.2.1) fetches the profile page and a
   kiosk syncs; their p50/p99 are printed next to the same without the attackers.
2. Floods: 32 clients in a loop sending 200 MB of headers, and 32 declaring 33 MiB bodies on the
   sync API with no credentials; the hub's resident set is sampled throughout and printed next
   to its size before and the 200 MB target.

Reports figures; never fails on timing. Exits non-zero only if the setup itself fails.
"""
import asyncio
import multiprocessing
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse

SLOW_ONE_ADDRESS = 1000
SLOW_MANY_ADDRESSES = 200
FLOODERS = 32
PHASE_SECONDS = 20


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def fetch(host, port, path, source):
    """One GET on a fresh connection from `source`; returns (seconds, status) or (s, None)."""
    start = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, local_addr=(source, 0)), 10)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
        return time.monotonic() - start, status
    except (OSError, asyncio.TimeoutError, ValueError, IndexError):
        return time.monotonic() - start, None


async def normal_client(host, port, path, stop):
    times, failures = [], 0
    while not stop.is_set():
        seconds, status = await fetch(host, port, path, "127.0.2.1")
        if status == 200:
            times.append(seconds)
        else:
            failures += 1
        await asyncio.sleep(0.05)
    return times, failures


async def kiosk_syncs(command, stop):
    times, failures = [], 0
    while not stop.is_set():
        start = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        code = await proc.wait()
        if code == 0:
            times.append(time.monotonic() - start)
        else:
            failures += 1
        await asyncio.sleep(0.2)
    return times, failures


async def slow_client(host, port, source, stop, held):
    """Holds a connection with a request that never ends; reopens it when the hub closes it."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, local_addr=(source, 0)), 5)
        except (OSError, asyncio.TimeoutError):
            await asyncio.sleep(1)
            continue
        held[0] += 1
        opened = time.monotonic()
        try:
            writer.write(f"GET /p/slow HTTP/1.1\r\nHost: {host}\r\n".encode())
            n = 0
            while not stop.is_set() and not reader.at_eof():
                await writer.drain()
                try:
                    await asyncio.wait_for(reader.read(1), 5)  # closed or answered: reopen
                    break
                except asyncio.TimeoutError:
                    writer.write(f"X-Drip-{n}: 1\r\n".encode())
                    n += 1
        except OSError:
            pass
        finally:
            held[0] -= 1
            writer.close()
        if time.monotonic() - opened < 1:
            await asyncio.sleep(1)  # refused at once (the per-address cap): try again later


async def header_flooder(host, port, stop, index):
    chunk = b"X-Flood: " + b"a" * (64 * 1024 - 12) + b"\r\n"
    while not stop.is_set():
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, local_addr=(f"127.0.3.{index + 1}", 0)), 5)
            writer.write(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
            for _ in range(200 * 16):  # 200 MB of header lines unless the hub hangs up first
                if stop.is_set():
                    break
                writer.write(chunk)
                await writer.drain()
            writer.close()
        except (OSError, asyncio.TimeoutError):
            await asyncio.sleep(0.05)


async def body_flooder(host, port, stop, index):
    body = b"\0" * (1024 * 1024)
    while not stop.is_set():
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, local_addr=(f"127.0.4.{index + 1}", 0)), 5)
            writer.write((f"POST /api/v1/push HTTP/1.1\r\nHost: {host}\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {33 * 1024 * 1024}"
                          "\r\n\r\n").encode())
            for _ in range(33):
                if stop.is_set():
                    break
                writer.write(body)
                await writer.drain()
            writer.close()
        except (OSError, asyncio.TimeoutError):
            await asyncio.sleep(0.05)


async def measure(host, port, path, sync_command, seconds):
    stop = asyncio.Event()
    tasks = [asyncio.create_task(normal_client(host, port, path, stop)),
             asyncio.create_task(kiosk_syncs(sync_command, stop))]
    await asyncio.sleep(seconds)
    stop.set()
    return await asyncio.gather(*tasks)


def line(name, result):
    times, failures = result
    ms = [t * 1000 for t in times]
    return (f"{name}: {len(ms)} answered, {failures} failed, "
            f"p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms")


async def attack(kind, host, port, seconds, held):
    """Runs in a process of its own, so the attackers' event loop never delays the measurements."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    stop = asyncio.Event()
    counter = [0]
    if kind == "slow-one":
        tasks = [slow_client(host, port, "127.0.0.2", stop, counter)
                 for _ in range(SLOW_ONE_ADDRESS)]
    elif kind == "slow-many":
        tasks = [slow_client(host, port, f"127.0.1.{i + 1}", stop, counter)
                 for i in range(SLOW_MANY_ADDRESSES)]
    elif kind == "headers":
        tasks = [header_flooder(host, port, stop, i) for i in range(FLOODERS)]
    else:
        tasks = [body_flooder(host, port, stop, i) for i in range(FLOODERS)]
    tasks = [asyncio.create_task(t) for t in tasks]

    async def report():
        while not stop.is_set():
            held.value = counter[0]
            await asyncio.sleep(0.2)

    reporter = asyncio.create_task(report())
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks, reporter, return_exceptions=True)


def attacker(kind, host, port, seconds, held):
    asyncio.run(attack(kind, host, port, seconds, held))


def start_attackers(kinds, host, port, seconds):
    procs, counters = [], []
    for kind in kinds:
        held = multiprocessing.Value("i", 0)
        proc = multiprocessing.Process(target=attacker, args=(kind, host, port, seconds, held))
        proc.start()
        procs.append(proc)
        counters.append(held)
    return procs, counters


async def main():
    url, link, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sync_command = sys.argv[4:]
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname, parsed.port
    path = urllib.parse.urlsplit(link).path

    base = await measure(host, port, path, sync_command, 5)
    print("hostile clients: the same requests first without attackers (5 s)")
    print("  " + line("profile page", base[0]))
    print("  " + line("kiosk sync  ", base[1]))

    procs, held = start_attackers(["slow-one", "slow-many"], host, port, PHASE_SECONDS + 5)
    await asyncio.sleep(4)
    loaded = await measure(host, port, path, sync_command, PHASE_SECONDS)
    counts = [h.value for h in held]
    for proc in procs:
        proc.join()
    print(f"hostile clients: {SLOW_ONE_ADDRESS} slow connections from one address and "
          f"{SLOW_MANY_ADDRESSES} from as many addresses, a header line every 5 s and reopened "
          f"when closed ({counts[0]} and {counts[1]} connected at the end), {PHASE_SECONDS} s "
          "(target: p99 under 1 s)")
    print("  " + line("profile page", loaded[0]))
    print("  " + line("kiosk sync  ", loaded[1]))

    before = rss_kib(pid)
    peak = [before]
    stop = asyncio.Event()

    async def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    procs, _ = start_attackers(["headers", "bodies"], host, port, PHASE_SECONDS + 1)
    flooded = await measure(host, port, path, sync_command, PHASE_SECONDS)
    for proc in procs:
        proc.join()
    stop.set()
    await sampler
    print(f"floods: {FLOODERS} clients sending 200 MB of headers and {FLOODERS} declaring "
          f"33 MiB pushes without credentials, each in a loop, {PHASE_SECONDS} s")
    print("  " + line("profile page", flooded[0]))
    print("  " + line("kiosk sync  ", flooded[1]))
    print(f"  hub resident set: {before / 1024:.0f} MB before, peak {peak[0] / 1024:.0f} MB "
          f"sampled every 50 ms (target: under 200 MB); VmHWM {rss_kib(pid, 'VmHWM') / 1024:.0f} "
          "MB over the whole benchmark")


if __name__ == "__main__":
    asyncio.run(main())
