#!/usr/bin/env bash
# Backup and restore benchmark: `sichtbar-hub backup` and `restore` of a hub with N profiles
# (sichtbar-bench-worklists fills them, each with a case) on SQLite and on PostgreSQL: time and
# size; and what a backup costs the kiosks meanwhile: p50 and p99 of the sync requests (HELLO,
# PUSH, ACK: a real kiosk filling and syncing one profile at a time, durations from the hub's own
# request log) while backups run one after another, next to the same syncs without a backup,
# measured in the same run (the limit). Reports figures; never fails on timing.
#   tests/bench/backup_bench.sh BUILD_DIR [RECORDS] [SYNCS] [BACKENDS]   (BACKENDS: "sqlite postgres")
set -euo pipefail
build_dir="$(cd "$1" && pwd)"
records="${2:-100000}"
syncs="${3:-60}"
backends="${4:-sqlite postgres}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hub="$build_dir/sync/hub/sichtbar-hub"
kiosk="$build_dir/kiosk/cli/sichtbar-kiosk"
fill="$build_dir/tests/bench/sichtbar-bench-worklists"

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

seconds_of() {  # seconds_of COMMAND...: runs it quietly, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/last.out" 2>&1 || { cat "$work/last.out" >&2; return 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

# p50 and p99 in ms of the sync requests the hub logged after line $2 of log $1.
sync_timings() {
  tail -n "+$(($2 + 1))" "$1" | sed -n 's/.*route=\/api\/v1\/[a-z]* .*duration_ms=\([0-9.]*\).*/\1/p' |
    sort -n | awk '{ t[NR] = $1 } END {
      p99 = int(NR * 0.99); if (p99 < 1) p99 = 1
      printf "p50 %6.1f ms  p99 %6.1f ms  (%d requests)", t[int((NR + 1) / 2)], t[p99], NR }'
}

# $syncs times: one profile filled on the kiosk, then synced.
kiosk_syncs() {
  for _ in $(seq "$syncs"); do
    "$kiosk" fill --answers "$root/assets/demo/profile-de.json" --no-terminal-qr \
      --data "$work/kiosk" >/dev/null
    "$kiosk" sync --data "$work/kiosk" >/dev/null
  done
}

for backend in $backends; do
  database="$work/hub.db"
  [ "$backend" = postgres ] && database="$conninfo"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  settings=(--keys "$work/keys" --database "$database" --listen "127.0.0.1:$port"
    --passphrase-file "$work/passphrase" --public-url "$url")
  "$hub" init-db "${settings[@]}" >/dev/null
  echo "$backend: filling $records profiles (each with a case)"
  "$fill" --dir "$work" --records "$records" --database "$database" >/dev/null
  # The bench's profiles arrived in 1970: serve's retention run must not erase them meanwhile.
  "$hub" office set 1 --retention-days 0 "${settings[@]}" >/dev/null
  rm -f "$work/hub.ready"
  log="$work/hub-$backend.log"
  "$hub" serve --ready-file "$work/hub.ready" "${settings[@]}" >"$log" 2>&1 &
  hub_pid=$!
  # A loaded machine with 100,000 profiles on PostgreSQL took over 30 s to be ready.
  for _ in $(seq 3000); do
    [ -f "$work/hub.ready" ] || ! kill -0 "$hub_pid" 2>/dev/null && break
    sleep 0.1
  done
  [ -f "$work/hub.ready" ] || { echo "backup_bench: the hub did not start" >&2; cat "$log" >&2; exit 1; }

  rm -rf "$work/kiosk"
  code=$("$hub" enroll --print-code "${settings[@]}")
  "$kiosk" enroll --hub "$url" --code "$code" --name "Bench" --data "$work/kiosk" >/dev/null
  "$kiosk" setup --event-name Bench --event-date 2026-11-28 --data "$work/kiosk" >/dev/null

  t=$(seconds_of "$hub" backup "$work/backup-$backend" "${settings[@]}")
  size=$(du -sb "$work/backup-$backend" | cut -f1)
  printf '%-8s %d profiles: backup %6.2f s, %6.1f MB (database %6.1f MB)\n' "$backend" "$records" \
    "$t" "$(awk -v b="$size" 'BEGIN { print b / 1e6 }')" \
    "$(awk -v b="$(du -sb "$work/backup-$backend"/hub.* | cut -f1)" 'BEGIN { print b / 1e6 }')"

  # The syncs alone (the limit), then the same with backups running one after another.
  mark=$(wc -l <"$log")
  kiosk_syncs
  alone=$(sync_timings "$log" "$mark")
  mark=$(wc -l <"$log")
  touch "$work/backing-up"
  (
    n=0
    while [ -f "$work/backing-up" ]; do
      n=$((n + 1))
      "$hub" backup "$work/during-$n" "${settings[@]}" >/dev/null
      rm -rf "$work/during-$n"
    done
    echo "$n" >"$work/backups-made"
  ) &
  backups_pid=$!
  kiosk_syncs
  rm -f "$work/backing-up"
  wait "$backups_pid"
  during=$(sync_timings "$log" "$mark")
  printf '%-8s sync requests during backups (%s backups): %s\n' "$backend" \
    "$(cat "$work/backups-made")" "$during"
  printf '%-8s sync requests without a backup (limit):  %s\n' "$backend" "$alone"
  stop_hub

  # A new disk: the backup restored into a new place (database, keys and ledger).
  restored="$work/restored-$backend/hub.db"
  if [ "$backend" = postgres ]; then
    psql -X -q "$conninfo" -c "CREATE DATABASE restored" >/dev/null
    restored="${conninfo/\/sichtbar_test\?//restored?}"
  fi
  t=$(seconds_of "$hub" restore "$work/backup-$backend" --keys "$work/keys-restored-$backend" \
    --database "$restored" --passphrase-file "$work/passphrase")
  printf '%-8s %d profiles: restore %6.2f s (checks, ledger, keys, database, opened as serve does)\n' \
    "$backend" "$records" "$t"
done
