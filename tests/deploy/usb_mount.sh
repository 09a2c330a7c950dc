#!/usr/bin/env bash
# The locked session's udev rule for USB sticks (deploy/kiosk-session/90-sichtbar-kiosk-usb.rules)
# as this machine's udev reads it, against real file system images on loop devices:
#   - a loop device is no USB stick: the rule as shipped mounts nothing (nor would it an internal
#     disk: it wants the USB bus and a removable medium);
#   - with its one "is it a stick" line made to accept the loop device, each file system gets the
#     mount it should: FAT and exFAT owned by sichtbar-kiosk alone, ext4 with its own owners, all
#     nosuid,nodev,noexec, at /media/sichtbar-kiosk/<UUID>; ext2 (not one the kiosk takes) none;
#   - each command line it would run is one this systemd-mount accepts (it gets as far as asking
#     systemd, which is not there in the test's namespace);
#   - the folder is the one the kiosk looks in: /media/$USER, with USER as the session's unit sets it;
#   - a stick it mounts carries UDISKS_IGNORE=1, on "add" and on a later "change" (which mounts
#     nothing again), so a desktop's udisks2 beside the session leaves it alone; a device it does
#     not mount (a loop device under the rule as shipped, ext2) has no UDISKS_IGNORE.
# Not here: a real plug-in, with udevd and systemd as PID 1 mounting and unmounting the stick.
# Needs root (loop devices); everything else happens in a mount namespace over empty /run and
# /dev, so this machine's udev database, /dev/disk links and systemd are left alone.
#   usb_mount.sh SOURCE_DIR
set -euo pipefail

source_dir=$1
rule="$source_dir/deploy/kiosk-session/90-sichtbar-kiosk-usb.rules"
unit="$source_dir/deploy/kiosk-session/sichtbar-kiosk-session.service"
fail() {
  echo "usb_mount: $*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || fail "needs root for loop devices (run the deploy tests as root)"
for tool in udevadm losetup mkfs.vfat mkfs.exfat mkfs.ext4 systemd-mount; do
  command -v "$tool" >/dev/null || fail "$tool is missing (packages udev, dosfstools, exfatprogs)"
done

work=$(mktemp -d)
loops=()
cleanup() {
  local loop
  for loop in "${loops[@]}"; do losetup -d "$loop" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The session's user: the kiosk looks under /media/$USER, and systemd sets USER from User=.
user=$(sed -n 's/^User=//p' "$unit")
[ "$user" = sichtbar-kiosk ] || fail "the session runs as '$user', the rule mounts for sichtbar-kiosk"

# The rule with its stick line accepting loop devices (exactly that one line, or the test is stale).
sed 's/^ENV{ID_BUS}=="usb", ATTRS{removable}=="1", /KERNEL=="loop[0-9]*", /' "$rule" >"$work/loop.rules"
[ "$(diff "$rule" "$work/loop.rules" | grep -c '^>')" = 1 ] ||
  fail "the rule's stick line (ENV{ID_BUS}==\"usb\", ATTRS{removable}==\"1\") is not where this test expects it"
# sichtbar-kiosk for systemd-mount's --owner, in the namespace's own /etc/passwd and /etc/group.
cp /etc/passwd "$work/passwd" && cp /etc/group "$work/group"
getent passwd "$user" >/dev/null || echo "$user:x:64999:64999::/nonexistent:/usr/sbin/nologin" >>"$work/passwd"
getent group "$user" >/dev/null || echo "$user:x:64999:" >>"$work/group"

# event RULES LOOP ACTION: what udev makes of LOOP's ACTION with RULES installed (udevadm test:
# the device's properties, KEY=value, and the programs it would run, "run: '...'").
event() {
  local name majmin
  name=$(basename "$2")
  majmin=$(cat "/sys/class/block/$name/dev")
  # shellcheck disable=SC2016 # the namespace's own shell expands them
  unshare --mount sh -ec '
    mount -t tmpfs tmpfs /run
    mount -t tmpfs tmpfs /dev
    mknod -m 600 "/dev/$2" b "${3%:*}" "${3#*:}"
    mknod -m 666 /dev/null c 1 3
    mkdir -p /run/udev/rules.d
    cp "$1" /run/udev/rules.d/90-sichtbar-kiosk-usb.rules
    udevadm test --action="$4" "/sys/class/block/$2" 2>/dev/null
  ' sh "$1" "$name" "$majmin" "$3"
}
# runs RULES LOOP [ACTION]: the programs udev would run for LOOP's ACTION ("add" unless given)
# with RULES installed (one a line).
runs() {
  event "$1" "$2" "${3:-add}" | sed -n "s/^run: '\(.*\)'$/\1/p" | grep -F sichtbar-kiosk || true
}
# udisks_ignore RULES LOOP ACTION: LOOP's UDISKS_IGNORE after ACTION with RULES ("" for none).
udisks_ignore() {
  event "$1" "$2" "$3" | sed -n 's/^UDISKS_IGNORE=//p'
}

# accepts COMMAND: systemd-mount parses every option of COMMAND and resolves its owner, and stops
# only where it would ask systemd (absent in the namespace: nothing is mounted on this machine).
accepts() {
  local out
  # shellcheck disable=SC2016,SC2086 # the namespace's shell expands them; COMMAND is split as udev does
  out=$(unshare --mount sh -c '
    mount -t tmpfs tmpfs /run
    mount --bind "$1/passwd" /etc/passwd
    mount --bind "$1/group" /etc/group
    shift
    exec env -u DBUS_SYSTEM_BUS_ADDRESS "$@"
  ' sh "$work" $1 2>&1) && fail "systemd-mount mounted something with no systemd there: $1"
  grep -q "^Failed to connect to bus" <<<"$out" || fail "systemd-mount refuses '$1': $out"
}

image() {  # TYPE: a loop device with a fresh file system of TYPE on it
  truncate -s 40M "$work/$1.img"
  case "$1" in
    vfat) mkfs.vfat -n STICK "$work/$1.img" >/dev/null ;;
    exfat) mkfs.exfat -L STICK "$work/$1.img" >/dev/null ;;
    *) "mkfs.$1" -q -F -L STICK "$work/$1.img" ;;
  esac
  loops+=("$(losetup --find --show "$work/$1.img")")
}

mount_flags="--no-block --automount=yes --bind-device --timeout-idle-sec=1s --collect --fsck=no"
for type in vfat exfat ext4 ext2; do
  image "$type"
  loop=${loops[-1]}
  # -p: the device itself, not blkid's cache (which may still hold an earlier image on this loop)
  uuid=$(blkid -p -s UUID -o value "$loop")
  [ -z "$(runs "$rule" "$loop")" ] || fail "the rule as shipped mounts a loop device ($type): $(runs "$rule" "$loop")"
  got=$(runs "$work/loop.rules" "$loop")
  case "$type" in
    vfat | exfat)
      want="/usr/bin/systemd-mount $mount_flags --type=$type --owner=sichtbar-kiosk --options=nosuid,nodev,noexec,fmask=0177,dmask=0077 $loop /media/sichtbar-kiosk/$uuid"
      ;;
    ext4)
      want="/usr/bin/systemd-mount $mount_flags --type=ext4 --options=nosuid,nodev,noexec $loop /media/sichtbar-kiosk/$uuid"
      ;;
    *) want= ;;
  esac
  [ "$got" = "$want" ] || fail "a $type stick runs:
  ${got:-nothing}
instead of:
  ${want:-nothing}"
  [ -z "$want" ] || accepts "$want"
  # udisks2 leaves exactly the sticks the rule mounts alone, and still after a "change".
  [ -n "$want" ] && ignore=1 || ignore=
  for action in add change; do
    ignored=$(udisks_ignore "$work/loop.rules" "$loop" "$action")
    [ "$ignored" = "$ignore" ] ||
      fail "a $type stick has UDISKS_IGNORE='$ignored' after '$action' instead of '$ignore'"
    ignored=$(udisks_ignore "$rule" "$loop" "$action")
    [ -z "$ignored" ] || fail "the rule as shipped sets UDISKS_IGNORE='$ignored' on a loop device ($type)"
  done
  [ -z "$(runs "$work/loop.rules" "$loop" change)" ] ||
    fail "a $type stick is mounted again on 'change': $(runs "$work/loop.rules" "$loop" change)"
  echo "usb_mount: $type: ${got:-not mounted}; UDISKS_IGNORE=${ignore:-(none)}"
done
echo "usb_mount: only sticks, each with its owner and nosuid,nodev,noexec, at /media/$user/<UUID>," \
  "and udisks2 told to leave them alone"
