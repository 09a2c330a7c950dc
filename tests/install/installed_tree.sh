#!/usr/bin/env bash
# What CI checks before anyone installs a package: the .debs made from this build (CPack, the
# binaries stripped) are lintian clean but for the overrides with their reasons, say what they
# depend on, and work from where they are installed. They are extracted into a throwaway root
# (dpkg -x, no root needed), and the INSTALLED sichtbar-hub makes keys and a database and serves
# on loopback while the INSTALLED sichtbar-kiosk enrolls, fills a profile headless and syncs; the
# profile's link then answers from the hub. Both read only the installed assets: without
# usr/share/sichtbar they stop and say where they looked, instead of reading this checkout.
# Prints the figures: package sizes, the time to extract them, the hub's start to ready.
#   tests/install/installed_tree.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$1
source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/sichtbar-installed.XXXXXX")
hub_pid=
cleanup() {
  if [ -n "$hub_pid" ]; then
    kill "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "installed_tree: $*" >&2
  exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# The installed programs run with nothing of the build's environment that names assets or
# settings, from a folder of their own (the script works in $work from here on).
installed=(env -u SICHTBAR_ASSETS -u SICHTBAR_HUB_ASSETS -u SICHTBAR_HUB_CONFIG -u SICHTBAR_DATA_DIR
  HOME="$work/home")
build=$(cd "$build" && pwd)
source=$(cd "$source" && pwd)
cd "$work"

echo "== packages from $build"
(cd "$build" && cpack -B "$work/debs" >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log" >&2
  fail "cpack failed"
}
for package in sichtbar-kiosk sichtbar-hub sichtbar-data; do
  ls "$work/debs/${package}_"*.deb >/dev/null 2>&1 || fail "cpack made no $package package"
done
debs=("$work"/debs/*.deb)

echo "== lintian (errors and warnings fail; overrides carry their reasons)"
status=0
lintian --fail-on error,warning "${debs[@]}" >"$work/lintian.log" 2>&1 || status=$?
grep -v '^running with root' "$work/lintian.log" || true
[ "$status" -eq 0 ] || fail "lintian found errors or warnings (above)"

echo "== control"
depends() { dpkg-deb -f "$work/debs/$1_"*.deb Depends; }
expect_depends() {
  local package=$1 need
  shift
  for need in "$@"; do
    depends "$package" | tr ',' '\n' | grep -qE "^ *$need( |$)" ||
      fail "$package does not depend on $need: $(depends "$package")"
  done
}
expect_depends sichtbar-hub libsodium23 libsqlite3-0 libmicrohttpd12 libpq5 libicu72 \
  libphonenumber8-protobuf32 fonts-noto-core adduser sichtbar-data
expect_depends sichtbar-kiosk libsodium23 libsqlite3-0 libsdl2-2.0-0 libespeak-ng1 libcups2 \
  fonts-noto-core fonts-material-design-icons-iconfont espeak-ng-data libgl1-mesa-dri sichtbar-data
[ "$(dpkg-deb -f "$work/debs/sichtbar-data_"*.deb Architecture)" = all ] ||
  fail "sichtbar-data is not Architecture: all"
# The locked session's package comes with deploy/units.cmake's files (the unit, the session).
if [ -f "$source/deploy/units.cmake" ]; then
  ls "$work/debs/sichtbar-kiosk-session_"*.deb >/dev/null 2>&1 ||
    fail "cpack made no sichtbar-kiosk-session package"
  expect_depends sichtbar-kiosk-session sichtbar-kiosk cage xwayland adduser udev
fi

echo "== maintainer scripts: installing makes the users' folders private, remove keeps them, purge deletes them"
# Each package's scripts run for real in a mount namespace of their own, over empty /etc,
# /var/lib, /run and /media (tmpfs: nothing of this machine is touched), with the commands that would
# change the system (adduser, chown, systemd's helpers) replaced by stubs that log their call.
stubs="$work/stubs"
mkdir -p "$stubs"
for command in adduser chown deb-systemd-helper deb-systemd-invoke systemctl; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$command" "$work" >"$stubs/$command"
done
printf '#!/bin/sh\nexit 2\n' >"$stubs/getent"  # no such user yet
chmod 755 "$stubs"/*
lifecycle() {  # PACKAGE STATE_DIR [PRIVATE_DIR] (the folder remove must keep and purge delete;
  # another folder install must make private and purge delete)
  local package=$1 state=$2 private=${3:-$2} script
  mkdir -p "$work/scripts/$package"
  for script in postinst prerm postrm; do
    dpkg-deb -I "$work/debs/${package}_"*.deb "$script" >"$work/scripts/$package/$script"
  done
  rm -f "$work/calls"
  # shellcheck disable=SC2016 # the namespace's own shell expands them
  unshare --map-root-user --mount sh -ec '
    for dir in /etc /var/lib /run /media; do mount -t tmpfs tmpfs "$dir"; done
    export PATH="$1:$PATH"
    sh "$2/postinst" configure
    [ "$(stat -c %a "$3")" = 700 ] || { echo "$3 is not private after install"; exit 1; }
    [ "$(stat -c %a "$4")" = 700 ] || { echo "$4 is not private after install"; exit 1; }
    echo "a profile" >"$3/kept"
    sh "$2/prerm" remove
    sh "$2/postrm" remove
    [ -f "$3/kept" ] || { echo "remove deleted $3"; exit 1; }
    sh "$2/postrm" purge
    [ ! -e "$3" ] || { echo "purge left $3"; exit 1; }
    [ ! -e "$4" ] || { echo "purge left $4"; exit 1; }
  ' sh "$stubs" "$work/scripts/$package" "$state" "$private" || fail "$package's maintainer scripts (above)"
  grep -q "^adduser --system" "$work/calls" || fail "$package's postinst made no system user"
  grep -q "^deb-systemd-helper enable ${package}.service" "$work/calls" ||
    fail "$package's postinst does not enable ${package}.service"
}
lifecycle sichtbar-hub /var/lib/sichtbar
if [ -f "$source/deploy/units.cmake" ]; then
  # and where its udev rule has USB sticks mounted, the kiosk's alone
  lifecycle sichtbar-kiosk-session /var/lib/sichtbar-kiosk/data /media/sichtbar-kiosk
fi

echo "== extracting into $work/root"
root="$work/root"
mkdir -p "$root" "$work/home"
start=$(now_ms)
for deb in "${debs[@]}"; do dpkg -x "$deb" "$root"; done
extract_ms=$(($(now_ms) - start))
hub="$root/usr/bin/sichtbar-hub"
kiosk="$root/usr/bin/sichtbar-kiosk"
for program in "$hub" "$kiosk"; do
  [ -x "$program" ] || fail "the packages hold no /usr/bin/$(basename "$program")"
done
readelf -S "$hub" | grep -q '\.debug_info' && fail "the installed sichtbar-hub is not stripped"
for deb in "${debs[@]}"; do
  package=$(dpkg-deb -f "$deb" Package)
  [ -f "$root/usr/share/doc/$package/copyright" ] || fail "$package has no copyright file"
done
grep -q 'European Union' "$root/usr/share/doc/sichtbar-data/copyright" ||
  fail "sichtbar-data's copyright does not attribute ESCO"
if [ -f "$source/deploy/units.cmake" ]; then
  cmp -s "$source/deploy/kiosk-session/90-sichtbar-kiosk-usb.rules" \
    "$root/usr/lib/udev/rules.d/90-sichtbar-kiosk-usb.rules" ||
    fail "sichtbar-kiosk-session does not put its USB stick rule in /usr/lib/udev/rules.d"
fi

echo "== the installed programs read the installed assets, never this checkout"
passphrase="$work/passphrase"
(umask 077 && echo "installed tree passphrase" >"$passphrase")
# A free port on loopback, and the settings every hub command of this test takes. The suite runs
# two tests at a time, and another may take the port between the probe and the hub's bind, so
# serving below picks again when that happens.
pick_port() {
  port=$("$source/tests/support/free_port.sh") || fail "no free port on loopback"
  url="http://127.0.0.1:$port"
  settings=(--keys "$work/hub" --database "$work/hub.db" --listen "127.0.0.1:$port"
    --public-url "$url" --passphrase-file "$passphrase")
}
pick_port
mv "$root/usr/share/sichtbar" "$root/usr/share/sichtbar.away"
if out=$("${installed[@]}" "$hub" init-db "${settings[@]}" 2>&1); then
  fail "the installed hub ran without its installed assets (it read them from elsewhere)"
fi
grep -qF "$root/usr/share/sichtbar" <<<"$out" ||
  fail "the installed hub's error does not name where it looked: $out"
if out=$("${installed[@]}" "$kiosk" speech-report 2>&1); then
  fail "the installed kiosk ran without its installed assets (it read them from elsewhere)"
fi
grep -qF "$root/usr/share/sichtbar" <<<"$out" ||
  fail "the installed kiosk's error does not name where it looked: $out"
mv "$root/usr/share/sichtbar.away" "$root/usr/share/sichtbar"

echo "== the installed hub: keys, database, serving on $url"
"${installed[@]}" "$hub" init --dir "$work/hub" --passphrase-file "$passphrase" >/dev/null
"${installed[@]}" "$hub" init-db "${settings[@]}" >/dev/null
# What an office's IT does next (README "Install the office hub"): the office every consent names.
"${installed[@]}" "$hub" office set 1 --name "Beratungsstelle Augsburg" \
  --contact "Rathausplatz 1, 86150 Augsburg" --dpo "datenschutz@augsburg.example" \
  --authority "BayLDA, Promenade 18, 91522 Ansbach" "${settings[@]}" >/dev/null
for attempt in 1 2 3 4 5; do
  start=$(now_ms)
  "${installed[@]}" "$hub" serve --ready-file "$work/hub.ready" "${settings[@]}" >"$work/hub.log" 2>&1 &
  hub_pid=$!
  until [ -f "$work/hub.ready" ] || ! kill -0 "$hub_pid" 2>/dev/null; do sleep 0.01; done
  [ -f "$work/hub.ready" ] && break
  wait "$hub_pid" || true
  hub_pid=
  if [ "$attempt" -eq 5 ] || ! grep -q "cannot listen on 127.0.0.1:$port" "$work/hub.log"; then
    cat "$work/hub.log" >&2
    fail "the installed hub stopped before it was ready"
  fi
  echo "== port $port was taken meanwhile; serving on another"
  pick_port
done
ready_ms=$(($(now_ms) - start))

echo "== the installed kiosk: enroll, fill headless, sync"
code=$("${installed[@]}" "$hub" enroll --print-code "${settings[@]}")
"${installed[@]}" "$kiosk" enroll --data "$work/kiosk" --hub "$url" --code "$code" --name "Installed" \
  >/dev/null
"${installed[@]}" "$kiosk" setup --data "$work/kiosk" --event-name "Infoabend" --venue "Büro" \
  --event-date "$(date +%F)" --event-id "installed" --event-kind info >/dev/null
filled=$("${installed[@]}" "$kiosk" fill --data "$work/kiosk" --no-terminal-qr \
  --answers "$source/assets/demo/profile-de.json")
link=$(sed -n 's/^.*Link: //p' <<<"$filled")
[[ "$link" == "$url/p/"* ]] || fail "fill printed no profile link on $url: $filled"
"${installed[@]}" "$kiosk" sync --data "$work/kiosk" >/dev/null
page=$(curl -sS --fail "$link") || fail "the profile page $link does not answer"
grep -q 'Elektriker' <<<"$page" || fail "the profile page $link does not show the synced profile"
curl -sS --fail -o /dev/null "$url/assets/style.css" ||
  fail "the hub does not serve the installed stylesheet"

echo "== figures"
for deb in "${debs[@]}"; do
  printf 'figure: %s %d KiB (installed %s KiB)\n' "$(basename "$deb")" \
    "$(($(stat -c %s "$deb") / 1024))" "$(dpkg-deb -f "$deb" Installed-Size)"
done
echo "figure: dpkg -x of all ${#debs[@]} packages: $extract_ms ms"
echo "figure: installed hub from start to ready: $ready_ms ms"
echo "installed_tree: the packages install and run from their own tree"
