#!/usr/bin/env bash
# Installs axe-core, the accessibility rules' engine the hub's pages are checked with
# (tests/integration/pages_axe_browser.cpp), and @axe-core/cli, its command line, from npm into
# DIR (DIR/node_modules), at the versions pinned here. Idempotent: with those versions in DIR it
# fetches nothing. The CLI would fetch a chromedriver of its own; the tests use Debian's
# (CHROMEDRIVER_SKIP_DOWNLOAD). Run by deploy/sichtbar test and by CTest before the test.
#   tests/support/install_axe_core.sh DIR
set -euo pipefail

dir=${1:?usage: install_axe_core.sh DIR}
core=4.13.0 cli=4.13.0

has() {  # has PACKAGE VERSION: DIR holds that version of the package
  grep -qs "\"version\": \"$2\"" "$dir/node_modules/$1/package.json"
}
if has axe-core "$core" && has @axe-core/cli "$cli"; then
  echo "axe-core $core and @axe-core/cli $cli are installed in $dir"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "install_axe_core.sh: npm is needed to install axe-core: apt-get install npm" \
    "(deploy/sichtbar test does)" >&2
  exit 1
fi
echo "installing axe-core $core and @axe-core/cli $cli from npm into $dir"
mkdir -p "$dir"
if ! CHROMEDRIVER_SKIP_DOWNLOAD=true npm install --prefix "$dir" --no-audit --no-fund \
  --save-exact "axe-core@$core" "@axe-core/cli@$cli"; then
  echo "install_axe_core.sh: npm could not install axe-core $core and @axe-core/cli $cli into" \
    "$dir: is the npm registry ($(npm config get registry)) reachable from here (a proxy:" \
    "npm config set proxy ...)?" >&2
  exit 1
fi
has axe-core "$core" || { echo "install_axe_core.sh: npm did not leave axe-core $core in $dir" >&2; exit 1; }
