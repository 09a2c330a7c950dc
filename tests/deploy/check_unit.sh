#!/usr/bin/env bash
# The unit files as systemd reads them, without installing them:
#   check_unit.sh verify UNIT [FROM=TO]...
#       systemd-analyze verify on a copy of UNIT with each installed path FROM replaced by TO
#       (the programs as built: verify wants every Exec* program to exist). Any line it prints
#       fails: an unknown key or a value it cannot parse is only a warning to systemd, and would
#       be a hardening setting silently lost.
#   check_unit.sh security UNIT MAX
#       systemd-analyze security --offline: fails when the exposure level is above MAX (in
#       tenths, as --threshold takes it: 11 is 1.1), so a hardening setting dropped is noticed.
set -euo pipefail

verb=$1 unit=$2
shift 2
case "$verb" in
  verify)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    copy="$work/$(basename "$unit")"
    cp "$unit" "$copy"
    for pair in "$@"; do
      sed -i "s|${pair%%=*}|${pair#*=}|g" "$copy"
    done
    status=0
    out=$(systemd-analyze verify "$copy" 2>&1) || status=$?
    if [ "$status" -ne 0 ] || [ -n "$out" ]; then
      printf '%s\n' "$out" >&2
      echo "check_unit: systemd-analyze verify finds fault with $unit (status $status)" >&2
      exit 1
    fi
    echo "check_unit: $unit verifies cleanly"
    ;;
  security)
    max=$1
    out=$(systemd-analyze security --offline=yes --threshold="$max" "$unit" 2>&1) && status=0 ||
      status=$?
    printf '%s\n' "$out" | grep -E '^✗|Overall exposure'
    if [ "$status" -ne 0 ]; then
      echo "check_unit: $unit is more exposed than ${max:0:-1}.${max: -1} (see above)" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: check_unit.sh verify UNIT [FROM=TO]... | security UNIT MAX" >&2
    exit 2
    ;;
esac
