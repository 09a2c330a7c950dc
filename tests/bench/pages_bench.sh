#!/usr/bin/env bash
# Profile page benchmark: requests/s and p99 latency of GET /p/<token> (store look-up by hash,
# JSON parse, rendering, ICU names) under wrk on loopback, next to the hub's stylesheet served
# from memory by the same hub in the same run: the limit the HTTP layer itself sets. A real
# kiosk fills and syncs the profile first. Reports figures; never fails on timing.
#   tests/bench/pages_bench.sh BUILD_DIR [SECONDS]
set -euo pipefail
build_dir="$(cd "$1" && pwd)"
seconds="${2:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hub="$build_dir/sync/hub/sichtbar-hub"
kiosk="$build_dir/kiosk/cli/sichtbar-kiosk"
command -v wrk >/dev/null || { echo "pages_bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

work="$(mktemp -d)"
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$("$root/tests/support/free_port.sh")
url="http://127.0.0.1:$port"
(umask 077 && echo "bench passphrase" >"$work/passphrase")
"$hub" init --dir "$work/keys" --passphrase-file "$work/passphrase" >/dev/null
# No rate limit: the benchmark is one client address asking as fast as it can.
settings=(--keys "$work/keys" --database "$work/hub.db" --listen "127.0.0.1:$port"
  --passphrase-file "$work/passphrase" --public-url "$url" --page-requests-per-minute 0)
"$hub" init-db "${settings[@]}" >/dev/null
"$hub" serve --ready-file "$work/hub.ready" "${settings[@]}" >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do [ -f "$work/hub.ready" ] && break; sleep 0.1; done

code=$("$hub" enroll --print-code "${settings[@]}")
"$kiosk" enroll --hub "$url" --code "$code" --data "$work/kiosk" >/dev/null
"$kiosk" setup --event-name "Benchmark" --event-date 2026-11-28 --data "$work/kiosk" >/dev/null
link=$("$kiosk" fill --answers "$root/assets/demo/profile-de.json" --no-terminal-qr \
  --data "$work/kiosk" | sed -n 's/^Profile finished. Link: //p')
"$kiosk" sync --data "$work/kiosk" >/dev/null
curl -sf "$link" | grep -q "Demo Person" || { echo "pages_bench: the profile did not render" >&2; exit 1; }

# wrk --latency prints "Requests/sec: N" and a "99%  X" line; both in one line per target.
measure() {
  local out rps p99
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency "$1")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $p99"
}
read -r page_rps page_p99 < <(measure "$link")
read -r css_rps css_p99 < <(measure "$url/assets/style.css")
ratio=$(awk -v a="$page_rps" -v b="$css_rps" 'BEGIN { printf "%.2f", a / b }')
echo "profile page  GET /p/<token>:      ${page_rps} requests/s, p99 ${page_p99}"
echo "static file   GET /assets/style.css: ${css_rps} requests/s, p99 ${css_p99}  (the limit)"
echo "profile page throughput is ${ratio} of the static file's (wrk -t2 -c16, ${seconds} s each, loopback)"

python3 "$root/tests/bench/hostile_bench.py" "$url" "$link" "$hub_pid" \
  "$kiosk" sync --data "$work/kiosk"
