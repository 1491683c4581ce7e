#!/usr/bin/env bash
# How quickly a change shows in an open browser under `milepost serve`, on
# the synthetic registry of benches/build.sh (10,000 releases by default):
# from the write of a notes.md to the page showing it, in headless Chromium.
# Usage: benches/serve.sh [RELEASES] [SAVES]. Needs what .ci/site-check.sh
# installs (Debian's chromium, and `npm ci --prefix tests/site`).
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-10000}
saves=${2:-20}
reg=$PWD/target/bench/site-registry-$releases
cargo build --release --quiet --bin milepost --example gen_registry
if [[ ! -d $reg/.git ]]; then
  target/release/examples/gen_registry "$reg" "$releases" 20 2000 --git
fi
node tests/site/reload.mjs "$PWD/target/release/milepost" "$reg" 1.0.5 "$saves" 2>/dev/null
