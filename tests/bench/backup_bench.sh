#!/usr/bin/env bash
# Backup and restore benchmark: `sichtbar-hub backup` and `restore` of a hub with N profiles
# (sichtbar-bench-worklists fills them, each with a case) on SQLite and on PostgreSQL: time and
# size; and what a backup costs the kiosks meanwhile: p50 and p99 of the sync requests (HELLO,
# PUSH, ACK: a real kiosk filling and syncing one profile at a time, durations from the hub's own
# request log) while backups run one after another, next to the same syncs without a backup,
# measured in the same run (the limit). Reports figures; never fails on timing.
#   tests/bench/backup_bench.sh BUILD_DIR [RECORDS] [SYNCS] [BACKENDS]   (BACKENDS: "sqlite postgres")
set -euo pipefail
records="${2:-100000}"
syncs="${3:-60}"
backends="${4:-sqlite postgres}"
# shellcheck source=tests/bench/hub_bench_common.sh
. "$(dirname "${BASH_SOURCE[0]}")/hub_bench_common.sh" "$1"

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
  new_hub "$backend"
  echo "$backend: filling $records profiles (each with a case)"
  "$fill" --dir "$work" --records "$records" --database "$database" >/dev/null
  log="$work/hub-$backend.log"
  serve_hub "$log"

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
