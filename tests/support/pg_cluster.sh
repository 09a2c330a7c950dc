#!/usr/bin/env bash
# tests/support/pg_cluster.sh: a throwaway PostgreSQL server for the tests of the hub store's
# PostgreSQL backend (CTest runs it as the fixture "postgres", see tests/CMakeLists.txt).
#   pg_cluster.sh start DIR   initdb + start a server in DIR, make the database sichtbar_test and
#                             print its conninfo (postgresql://sichtbar@/sichtbar_test?host=DIR...)
#   pg_cluster.sh stop DIR    stop that server (pg_ctl stop -m fast) and remove DIR
# By hand:  export SICHTBAR_TEST_POSTGRES="$(tests/support/pg_cluster.sh start /tmp/sichtbar-pg)"
#
# The server listens only on a unix socket in DIR (listen_addresses=''), so it clashes with no
# other server and nothing on the network can reach it. PostgreSQL refuses to run as root: as
# root, DIR belongs to the user "postgres" (the Debian package makes it) or else "nobody", and the
# server runs as that user. The superuser role is "sichtbar" whoever runs it, so the conninfo is
# the same everywhere. Local logins are trusted (the socket folder is 0700), except for the role
# sichtbar_auth_test, which must give a password: the tests of a failed login use it.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
command="$1"
dir="$2"
case "$dir" in
  /*) ;;
  *) dir="$(pwd)/$dir" ;;
esac
readonly port=5432 database=sichtbar_test superuser=sichtbar

# The newest installed PostgreSQL (Debian keeps each major version in its own folder).
bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/pg_ctl" ] && bin="$candidate"
done
if [ -z "$bin" ] && command -v pg_ctl >/dev/null; then bin="$(dirname "$(command -v pg_ctl)")"; fi
if [ -z "$bin" ]; then
  echo "pg_cluster.sh: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl);" \
    "install it with: apt-get install postgresql (deploy/sichtbar does)" >&2
  exit 1
fi

# Who runs the server: ourselves, or (as root) a user PostgreSQL accepts.
as_owner=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  if id -u postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  as_owner=(runuser -u "$owner" --)
fi

# The socket path must fit in sun_path (107 bytes) with "/.s.PGSQL.5432" appended.
if [ $((${#dir} + 15)) -gt 107 ]; then
  echo "pg_cluster.sh: $dir is too long for a unix socket path; use a shorter folder" >&2
  exit 1
fi

stop_server() {
  [ -f "$dir/data/postmaster.pid" ] || return 0
  local run_as=()
  # The server's files belong to whoever started it; stop it as that user.
  if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u "$(stat -c %U "$dir/data")" --); fi
  (cd / && "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" stop -m fast -w -t 60 >/dev/null) || true
}

case "$command" in
  start)
    # A leftover of an interrupted run (killed ctest) is stopped and wiped first.
    stop_server
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 0700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown "$owner" "$dir"
      if ! "${as_owner[@]}" test -w "$dir"; then
        echo "pg_cluster.sh: the user $owner cannot reach $dir (a parent folder is closed to" \
          "it); put DIR somewhere all users can reach, e.g. under /tmp" >&2
        exit 1
      fi
    fi
    cd "$dir"  # the server's user may not be able to enter the caller's folder
    # --no-sync: a throwaway cluster need not survive a power cut; the server itself keeps
    # fsync on, so the tests see the same commit path as production.
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U "$superuser" -E UTF8 --locale=C \
      --auth=trust --no-sync >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    cat >>"$dir/data/postgresql.conf" <<EOF
# pg_cluster.sh: unix socket only, in the cluster's own folder.
listen_addresses = ''
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
max_connections = 100
log_min_messages = warning
EOF
    cat >"$dir/data/pg_hba.conf" <<EOF
# pg_cluster.sh: the role for failed-login tests needs its password; everyone else local is
# trusted (only the cluster's owner and root can open the socket folder).
local all sichtbar_auth_test scram-sha-256
local all all trust
EOF
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    "${as_owner[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U "$superuser" \
      -d postgres -c "CREATE DATABASE $database" >/dev/null
    echo "postgresql://$superuser@/$database?host=$dir&port=$port"
    ;;
  stop)
    stop_server
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
