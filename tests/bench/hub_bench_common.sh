# shellcheck shell=bash disable=SC2034 # what it sets is for the benchmark that sources it
# What the benchmarks of a running hub over a filled store share (worklist_page_bench.sh,
# backup_bench.sh), sourced with the build folder as its argument, after `set -euo pipefail`:
#   . "$(dirname "${BASH_SOURCE[0]}")/hub_bench_common.sh" "$1"
# It sets the paths (root, hub, kiosk, fill), makes a work folder with the hub's keys (passphrase
# file "$work/passphrase") and a throwaway PostgreSQL server (conninfo), and removes both on exit,
# after the hub it served. new_hub and serve_hub start one hub a backend.
build_dir="$(cd "$1" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hub="$build_dir/sync/hub/sichtbar-hub"
kiosk="$build_dir/kiosk/cli/sichtbar-kiosk"
fill="$build_dir/tests/bench/sichtbar-bench-worklists"
bench="$(basename "$0" .sh)"

work="$(mktemp -d)"
hub_pid=""
stop_hub() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  hub_pid=""
}
cleanup() {
  stop_hub
  "$root/tests/support/pg_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(umask 077 && echo "bench passphrase" >"$work/passphrase")
"$hub" init --dir "$work/keys" --passphrase-file "$work/passphrase" >/dev/null
chmod 0711 "$work"  # the PostgreSQL server's user must reach its folder in it
conninfo=$("$root/tests/support/pg_cluster.sh" start "$work/pg")

# new_hub BACKEND (sqlite or postgres): an empty hub database on it; sets database, port, url and
# settings (the hub's options for every command).
new_hub() {
  database="$work/hub.db"
  [ "$1" = postgres ] && database="$conninfo"
  port=$("$root/tests/support/free_port.sh")
  url="http://127.0.0.1:$port"
  settings=(--keys "$work/keys" --database "$database" --listen "127.0.0.1:$port"
    --passphrase-file "$work/passphrase" --public-url "$url")
  "$hub" init-db "${settings[@]}" >/dev/null
}

# serve_hub LOG: `sichtbar-hub serve` on new_hub's database in the background (hub_pid, stopped by
# stop_hub), its output in LOG; returns once it is ready.
serve_hub() {
  # The bench's profiles arrived in 1970: serve's retention run must not erase them meanwhile.
  "$hub" office set 1 --retention-days 0 "${settings[@]}" >/dev/null
  rm -f "$work/hub.ready"
  "$hub" serve --ready-file "$work/hub.ready" "${settings[@]}" >"$1" 2>&1 &
  hub_pid=$!
  # A loaded machine with 100,000 profiles on PostgreSQL took over 30 s to be ready.
  for _ in $(seq 3000); do
    [ -f "$work/hub.ready" ] || ! kill -0 "$hub_pid" 2>/dev/null && break
    sleep 0.1
  done
  [ -f "$work/hub.ready" ] || { echo "$bench: the hub did not start" >&2; cat "$1" >&2; exit 1; }
}
