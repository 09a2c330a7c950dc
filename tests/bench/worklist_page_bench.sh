#!/usr/bin/env bash
# Work list page benchmark: p50, p95 and p99 of GET /office/cases (the page of 50 cases and every
# tab's count, as a counsellor of office 1 sees it: session, permission, store, HTML) from a real
# `sichtbar-hub serve` over N profiles with a case each, on SQLite and on PostgreSQL, next to two
# floors measured in the same run: the hub's stylesheet fetched the same way (what HTTP and curl
# cost), and the page's one list_cases call in the store (sichtbar-bench-worklists fills the
# database and prints it). The issue's goal at 100,000 profiles is a page p99 under 50 ms.
# Reports figures; never fails on timing.
#   tests/bench/worklist_page_bench.sh BUILD_DIR [RECORDS] [REQUESTS]
set -euo pipefail
records="${2:-100000}"
requests="${3:-100}"
# shellcheck source=tests/bench/hub_bench_common.sh
. "$(dirname "${BASH_SOURCE[0]}")/hub_bench_common.sh" "$1"
(umask 077 && echo "Kaffee mit Hafermilch 42" >"$work/password")

# p50, p95 and p99 in ms of $requests GETs of URL with the session cookie, one curl each.
timings() {
  local url="$1" cookie="$2"
  for _ in $(seq "$requests"); do
    curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total}\n' "$url"
  done | sort -n | awk '{ t[NR] = $1 * 1000 } END {
    p95 = int(NR * 0.95); p99 = int(NR * 0.99); if (p95 < 1) p95 = 1; if (p99 < 1) p99 = 1
    printf "p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms", t[int((NR + 1) / 2)], t[p95], t[p99] }'
}

for backend in sqlite postgres; do
  new_hub "$backend"
  echo "$backend: filling $records profiles (each with a case) and timing the store's work lists"
  "$fill" --dir "$work" --records "$records" --database "$database" | sed 's/^/  /'
  "$hub" user add anna --role counsellor --office 1 --password-file "$work/password" \
    "${settings[@]}" >/dev/null
  serve_hub "$work/hub-$backend.log"

  nonce=$(curl -sf "$url/office/login" | sed -n 's/.*name="nonce" value="\([A-Za-z0-9_-]*\)".*/\1/p' | head -1)
  cookie=$(curl -s -o /dev/null -D - --data-urlencode "user=anna" \
    --data-urlencode "password=$(cat "$work/password")" --data-urlencode "nonce=$nonce" \
    "$url/office/login" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1)
  [ -n "$cookie" ] || { echo "worklist_page_bench: the login failed" >&2; exit 1; }
  curl -sf -H "Cookie: $cookie" "$url/office/cases" | grep -q 'Person ' ||
    { echo "worklist_page_bench: the work list shows no case" >&2; exit 1; }

  floor=$(timings "$url/assets/style.css" "$cookie")
  for query in "" "?list=mine" "?list=overdue" "?list=all&stage=new&page=10" "?wish=job"; do
    printf '%-8s %d profiles, GET /office/cases%-28s %s  (floor: GET /assets/style.css %s)\n' \
      "$backend" "$records" "$query" "$(timings "$url/office/cases$query" "$cookie")" "$floor"
  done
  stop_hub
done
