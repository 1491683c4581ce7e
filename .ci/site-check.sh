#!/usr/bin/env bash
# Builds the example sites and checks them in a real browser:
# Nu HTML Checker, axe-core, no asset from another host, no console error,
# no broken link, and screenshots (see tests/site/verify.mjs).
#
#   bash .ci/site-check.sh            # from any folder
#
# SITE_CHECK_OUT=DIR puts the built sites and screenshots in DIR (which must
# be empty or absent) instead of a new temporary folder. The folder is kept,
# so that the screenshots in DIR/screenshots can be looked at.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  apt-get install -y -qq "$@"
}

# Debian's Chromium: playwright-core drives it, and never downloads a browser.
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  apt_install chromium
fi
# vnu.jar (the Nu HTML Checker) needs Java 11 or newer.
if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
  apt_install default-jre-headless
fi
# playwright-core wants Node 20 or newer.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# --ignore-scripts: the only install script (vnu-jar's) downloads a Java when
# none is found, which is not needed here and cannot work without internet.
npm_flags=(--prefix tests/site --ignore-scripts --no-audit --no-fund --loglevel=error)
if [ -f tests/site/package-lock.json ]; then
  npm ci "${npm_flags[@]}"
else
  npm install "${npm_flags[@]}"
fi

if [ -n "${SITE_CHECK_OUT:-}" ]; then
  OUT="$SITE_CHECK_OUT"
  mkdir -p "$OUT"
else
  OUT="$(mktemp -d "${TMPDIR:-/tmp}/milepost-site.XXXXXX")"
fi
echo "site-check: building the example sites into $OUT"
cargo run --quiet -- -C example-registry build --out "$OUT"

node tests/site/verify.mjs "$OUT" "$OUT/screenshots"

# Live preview: an open page reloads by itself after a change.
reload_registry="$(mktemp -d "${TMPDIR:-/tmp}/milepost-reload.XXXXXX")"
cp -r example-registry/. "$reload_registry/"
cargo build --quiet --bin milepost
node tests/site/reload.mjs "$PWD/target/debug/milepost" "$reload_registry" 3.5.2 3
rm -rf "$reload_registry"
