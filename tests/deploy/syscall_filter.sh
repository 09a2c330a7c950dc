#!/usr/bin/env bash
# The hub under its unit's seccomp settings, without systemd: a real `serve` as an unprivileged
# user (as the unit runs it; SQLite chowns its files only for root) under strace, through what
# an office does (readiness, a profile page, the office's login with its password hash, a kiosk's
# enrollment attempt) and a stop. Every system call it made must be one that the unit's
# SystemCallFilter= lines allow, every socket of a family RestrictAddressFamilies= allows, and no
# memory writable and executable (MemoryDenyWriteExecute=): under systemd anything else would
# fail with EPERM or end the hub.
#   syscall_filter.sh UNIT HUB_BINARY
set -euo pipefail

unit=$1 hub=$2
work=$(mktemp -d)
chmod 755 "$work"
pid=
cleanup() {
  [ -n "$pid" ] && pkill -KILL -P "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "syscall_filter: $*" >&2
  exit 1
}
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
mkdir -p "$work/state"
[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$work/state"

# The system calls of a set (systemd-analyze resolves @groups inside @groups).
expand() {
  local name
  for name in "$@"; do
    case "$name" in
      @*)
        systemd-analyze syscall-filter "$name" | awk '/^ +[@a-z0-9_]/ {print $1}' |
          while read -r inner; do expand "$inner"; done
        ;;
      *) echo "$name" ;;
    esac
  done
}
: >"$work/allow"
: >"$work/deny"
while IFS= read -r line; do
  case "$line" in
    SystemCallFilter=~*) read -ra sets <<<"${line#SystemCallFilter=~}" && expand "${sets[@]}" >>"$work/deny" ;;
    SystemCallFilter=*) read -ra sets <<<"${line#SystemCallFilter=}" && expand "${sets[@]}" >>"$work/allow" ;;
  esac
done <"$unit"
[ -s "$work/allow" ] || fail "$unit has no SystemCallFilter= allow list"
sort -u -o "$work/allow" "$work/allow"
sort -u -o "$work/deny" "$work/deny"
comm -23 "$work/allow" "$work/deny" >"$work/allowed"
families=$(sed -n 's/^RestrictAddressFamilies=//p' "$unit")
[ -n "$families" ] || fail "$unit has no RestrictAddressFamilies="

port=$("$(dirname "${BASH_SOURCE[0]}")/../support/free_port.sh")
(umask 077 && echo "Weißwurst vor zwölf, bitte" >"$work/state/passphrase")
[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$work/state/passphrase"
settings=(--keys "$work/state/keys" --database "$work/state/hub.db" --listen "127.0.0.1:$port"
  --passphrase-file "$work/state/passphrase")
"${as_user[@]}" "$hub" init --dir "$work/state/keys" --passphrase-file "$work/state/passphrase" >/dev/null
"${as_user[@]}" "$hub" init-db "${settings[@]}" >/dev/null
printf 'a long enough password for the office\n' >"$work/password"
chmod 644 "$work/password"
"${as_user[@]}" "$hub" user add admin --password-file - "${settings[@]}" <"$work/password" >/dev/null
# NOTIFY_SOCKET as systemd sets it (nobody listens: the hub logs that and serves on).
"${as_user[@]}" env NOTIFY_SOCKET="$work/state/notify" \
  strace -f -qq -o "$work/state/trace" "$hub" serve "${settings[@]}" \
  --ready-file "$work/state/ready" >/dev/null 2>"$work/hub.log" &
pid=$!
for _ in $(seq 200); do
  [ -f "$work/state/ready" ] && break
  sleep 0.1
done
[ -f "$work/state/ready" ] || fail "the hub did not get ready: $(cat "$work/hub.log")"
url="http://127.0.0.1:$port"
[ "$(curl -s "$url/readyz")" = ready ] || fail "/readyz did not answer ready"
curl -s -o /dev/null "$url/p/Zq3xW9kLmN2pR7sT4vY8bA?lang=de"
page=$(curl -s -c "$work/cookies" "$url/office/login")
nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
curl -s -o /dev/null -b "$work/cookies" --data-urlencode "user=admin" \
  --data-urlencode "password=$(cat "$work/password")" --data-urlencode "nonce=$nonce" \
  "$url/office/login"
curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"code":"K7QX-3MPD-9TRW-2HFA"}' \
  "$url/api/v1/enroll"
# SIGTERM to the hub itself (strace, its parent, passes its exit status on).
hub_pid=$(pgrep -P "$pid")
kill "$hub_pid"
wait "$pid" || fail "the hub did not stop cleanly"
pid=

# The calls made (strace's "<... name resumed>" lines name them too), from the hub's execve on.
sed -E -e 's/^[0-9]+ +//' -e 's/^<\.\.\. ([a-z0-9_]+) resumed>.*/\1/' -e 's/^([a-z0-9_]+)\(.*/\1/' \
  "$work/state/trace" | grep -E '^[a-z0-9_]+$' | sort -u >"$work/used"
outside=$(comm -23 "$work/used" "$work/allowed" | tr '\n' ' ')
[ -z "$outside" ] || fail "the hub made system calls the unit's filter refuses: $outside"
bad_families=$(grep -oE 'socket\((AF_[A-Z0-9]+)' "$work/state/trace" | sed 's/socket(//' | sort -u |
  grep -vxF -f <(tr ' ' '\n' <<<"$families") | tr '\n' ' ' || true)
[ -z "$bad_families" ] || fail "the hub opened sockets the unit refuses: $bad_families"
if grep -E 'mmap\(.*PROT_WRITE\|PROT_EXEC|mprotect\(.*PROT_EXEC' "$work/state/trace" |
  grep -v 'execve' | grep -q .; then
  fail "the hub made memory writable and executable (MemoryDenyWriteExecute= refuses it)"
fi
echo "syscall_filter: $(wc -l <"$work/used") system calls, each allowed by $(basename "$unit")"
