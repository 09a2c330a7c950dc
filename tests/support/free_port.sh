#!/usr/bin/env bash
# Prints a TCP port on loopback that nothing listens on, for a test's or benchmark's server that
# takes a fixed --listen. It is picked below Linux's ephemeral range (32768-60999), where the
# other tests' hubs (port 0) and every client connection get theirs, so a port probed free here
# is rarely taken before the server binds it; a caller that must not fail on that race tries
# again (tests/install/installed_tree.sh).
#   free_port.sh
set -euo pipefail
for port in $(shuf -i 20000-32767 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$port"
    exit 0
  fi
done
echo "free_port.sh: no free port on loopback in 20000-32767" >&2
exit 1
