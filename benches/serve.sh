#!/usr/bin/env bash
# How quickly a change shows in an open browser under `milepost serve`, on a
# synthetic registry of 1,000 releases: from the write of a notes.md to the
# page showing it, in headless Chromium. Needs what .ci/site-check.sh installs
# (Debian's chromium, and `npm ci --prefix tests/site`).
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-1000}
reg=$PWD/target/bench/serve-$releases
cargo build --release --quiet --bin milepost --example gen_registry
if [[ ! -d $reg/.git ]]; then
  target/release/examples/gen_registry "$reg" "$releases" 20 200 --git
fi
node tests/site/reload.mjs "$PWD/target/release/milepost" "$reg" 1.0.5 20 2>/dev/null
