#!/usr/bin/env bash
# deploy/proxy/nginx-sichtbar.conf as an office runs it: a real nginx on loopback with a
# self-signed certificate in front of a real hub configured from deploy/hub.json
# (trusted_proxy 127.0.0.1). The clients are other loopback addresses (127.0.0.2, .3, .4), each
# a client of its own to nginx. The hub's per-address limit on profile look-ups must count the
# client nginx saw: two clients are limited apart, and an X-Forwarded-For a client sends itself
# lets it pose as nobody else.
#   nginx_proxy.sh HUB_BINARY SOURCE_DIR
set -euo pipefail

hub=$1 source_dir=$2
sample="$source_dir/deploy/proxy/nginx-sichtbar.conf"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "nginx_proxy: $*" >&2
  for log in "$work"/hub.log "$work"/error.log; do [ -f "$log" ] && sed 's/^/  /' "$log" >&2; done
  exit 1
}
free_port="$source_dir/tests/support/free_port.sh"
hub_port=$("$free_port") tls_port=$("$free_port") http_port=$("$free_port")

# The hub from the sample config, its state here; three profile look-ups a minute per client
# (a bucket of one: a second look-up at once is refused).
mkdir -p "$work/state"
sed -e "s|/var/lib/sichtbar|$work/state|g" -e "s|127.0.0.1:8470|127.0.0.1:$hub_port|" \
  "$source_dir/deploy/hub.json" >"$work/hub.json"
(umask 077 && echo "Weißwurst vor zwölf, bitte" >"$work/passphrase")
"$hub" init --dir "$work/state/keys" --passphrase-file "$work/passphrase" >/dev/null
"$hub" init-db --config "$work/hub.json" >/dev/null
SICHTBAR_HUB_PAGE_REQUESTS_PER_MINUTE=3 "$hub" serve --config "$work/hub.json" \
  --passphrase-file "$work/passphrase" --ready-file "$work/hub.ready" >/dev/null 2>"$work/hub.log" &
pids+=($!)

# nginx with the sample as its only site: its ports, certificate and upstream made this test's.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=sichtbar.example.org" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sed -e "/listen \[::\]/d" -e "s|listen 443 ssl|listen 127.0.0.1:$tls_port ssl|" \
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|127.0.0.1:8470|127.0.0.1:$hub_port|" \
  -e "s|/etc/letsencrypt/live/sichtbar.example.org/fullchain.pem|$work/cert.pem|" \
  -e "s|/etc/letsencrypt/live/sichtbar.example.org/privkey.pem|$work/key.pem|" \
  "$sample" >"$work/site.conf"
grep -q "127.0.0.1:$hub_port" "$work/site.conf" || fail "the sample no longer proxies to 127.0.0.1:8470"
{
  [ "$(id -u)" -eq 0 ] && echo "user root;"  # its workers use the test's folders
  cat <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  access_log $work/access.log;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
} >"$work/nginx.conf"
nginx -t -q -c "$work/nginx.conf" -p "$work" || fail "nginx refuses the sample configuration"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)

url="https://127.0.0.1:$tls_port"
# status FROM PATH [curl options]: the HTTP status a client at FROM gets through nginx.
status() {
  local from=$1 path=$2
  shift 2
  curl -sk -o /dev/null -w '%{http_code}' --interface "$from" "$@" "$url$path" || true
}
for _ in $(seq 100); do
  [ -f "$work/hub.ready" ] && [ "$(status 127.0.0.1 /readyz)" = 200 ] && break
  sleep 0.1
done
[ "$(status 127.0.0.1 /readyz)" = 200 ] || fail "the hub's /readyz does not answer 200 through nginx"
[ "$(status 127.0.0.9 /readyz)" = 200 ] || fail "/readyz is closed to this machine"

page="/p/Zq3xW9kLmN2pR7sT4vY8bA?lang=de"
a=127.0.0.2 b=127.0.0.3 c=127.0.0.4
[ "$(status $a "$page")" = 200 ] || fail "the first look-up of client A was refused"
[ "$(status $a "$page")" = 429 ] || fail "client A's second look-up at once was not limited"
[ "$(status $b "$page")" = 200 ] || fail "client B was limited by client A's look-ups"
# A header of the client's own: C posing as A is not limited as A, A posing as a new client is.
[ "$(status $c "$page" -H "X-Forwarded-For: $a")" = 200 ] ||
  fail "client C claiming to be A was limited as A"
[ "$(status $a "$page" -H "X-Forwarded-For: 127.0.0.5")" = 429 ] ||
  fail "client A escaped its limit by claiming another address"
[ "$(status $a "$page" -H "X-Real-IP: 127.0.0.6")" = 429 ] ||
  fail "client A escaped its limit with X-Real-IP"
# The hub's log names the clients nginx saw, never the addresses they claimed.
grep -q "client=$a" "$work/hub.log" || fail "the hub's log does not name client A"
! grep -Eq "client=127\.0\.0\.(5|6)" "$work/hub.log" || fail "the hub logged a claimed address"

# Plain HTTP only points to HTTPS; a body above the hub's largest (32 MiB) stops at nginx.
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/office")
[[ "$redirect" == "301 https://127.0.0.1/office" ]] || fail "plain HTTP answered \"$redirect\""
big=$(head -c $((33 * 1024 * 1024)) /dev/zero |
  curl -sk -o /dev/null -w '%{http_code}' --data-binary @- "$url/api/v1/push" || true)
[ "$big" = 413 ] || fail "a 33 MiB body got $big, not 413 from nginx"
echo "nginx_proxy: clients behind nginx are limited apart, and none poses as another"
