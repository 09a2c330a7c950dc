#!/usr/bin/env bash
# The locked kiosk session's script (deploy/kiosk-session/sichtbar-kiosk-session) as the unit
# runs it, with the real kiosk under a real cage: headless here (no GPU or screen on these
# machines, see README), as a user that is not root (cage refuses root; as root the test runs it
# as "nobody"). The kiosk must come up full screen and keep the screen from blanking (it asks
# cage for an idle inhibitor), and whatever ends it, a volunteer's quit or a crash, it comes
# back, and nothing but cage, the script and the kiosk runs in the session.
#   kiosk_session.sh KIOSK_BINARY HUB_BINARY SOURCE_DIR
set -euo pipefail

kiosk=$1 hub=$2 source_dir=$3
session="$source_dir/deploy/kiosk-session/sichtbar-kiosk-session"
work=$(mktemp -d)
chmod 755 "$work"
group=
cleanup() {
  if [ -n "$group" ]; then
    kill -- "-$group" 2>/dev/null || true
    sleep 1
    kill -9 -- "-$group" 2>/dev/null || true  # as systemd does after its stop timeout
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "kiosk_session: $*" >&2
  [ -f "$work/session.log" ] && grep -av '^\[' "$work/session.log" | tail -20 | sed 's/^/  /' >&2
  exit 1
}
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  mkdir -p "$work/run" "$work/data"
  chown nobody:nogroup "$work/run" "$work/data"
fi
mkdir -p "$work/run" "$work/data"
chmod 700 "$work/run"

# A kiosk set up with a hub's public key, as enrollment would leave it.
(umask 077 && echo "Weißwurst vor zwölf, bitte" >"$work/passphrase")
"$hub" init --dir "$work/hub" --passphrase-file "$work/passphrase" >/dev/null
chmod 755 "$work/hub" && chmod 644 "$work/hub/hub-public.json"
"${as_user[@]}" env HOME="$work" "$kiosk" setup --data "$work/data" \
  --hub-key "$work/hub/hub-public.json" --profile-base-url http://127.0.0.1:8470 \
  --event-name "Infoabend" --venue "Büro" --event-date 2026-12-05 --event-id s1 \
  --event-kind info >/dev/null

# The first kiosk quits as a volunteer's quit ends it (its input script's quit); the ones after
# it stay up.
printf 'wait 2000\nquit\n' >"$work/script"
chmod 644 "$work/script"
setsid "${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$work" XDG_RUNTIME_DIR="$work/run" \
  WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland \
  SDL_AUDIODRIVER=dummy WAYLAND_DEBUG=client SICHTBAR_INPUT_SCRIPT="$work/script" \
  SICHTBAR_KIOSK="$kiosk" SICHTBAR_DATA_DIR="$work/data" ROTATION=0 \
  "$session" >"$work/session.log" 2>&1 &
group=$!
disown

# kiosk_pid [NOT]: the session's kiosk once it runs (and is not NOT), within 30 seconds.
kiosk_pid() {
  local pid
  for _ in $(seq 300); do
    pid=$(pgrep -f -- "ui --fullscreen --data $work/data" | head -1 || true)
    if [ -n "$pid" ] && [ "$pid" != "${1:-}" ]; then
      echo "$pid"
      return
    fi
    sleep 0.1
  done
  fail "no kiosk runs in the session${1:+ after $1 ended}"
}
first=$(kiosk_pid)
sleep 1 # it has read its script: the next ones get one that only waits
printf 'wait 600000\n' >"$work/script"
second=$(kiosk_pid "$first")
grep -aq "the kiosk ended (status 0)" "$work/session.log" || fail "the first kiosk did not quit"
# Full screen under cage, and the screen kept from blanking while it runs.
for _ in $(seq 100); do
  grep -aq "create_inhibitor" "$work/session.log" && break
  sleep 0.1
done
grep -aq "xdg_toplevel@[0-9]*.set_fullscreen" "$work/session.log" ||
  fail "the kiosk did not ask for the full screen"
grep -aq "zwp_idle_inhibit_manager_v1@[0-9]*.create_inhibitor" "$work/session.log" ||
  fail "the kiosk did not ask cage to keep the screen on (idle inhibitor)"

# A crash: it is started again.
kill -9 "$second"
third=$(kiosk_pid "$second")
grep -aq "the kiosk ended (status 137)" "$work/session.log" || fail "the crash was not seen"

# Nothing else in the session: no shell prompt, no terminal, no desktop; cage, the script (its
# name cut to 15 letters) and the kiosk.
names=$(ps -o comm= -g "$group" | sort -u | tr '\n' ' ')
[ "$names" = "cage sichtbar-kiosk sichtbar-kiosk- " ] || fail "the session runs: $names"
echo "kiosk_session: the kiosk came up, was started again after a quit and a crash ($names)"
