#!/usr/bin/env bash
# Benchmark of `milepost check` on a synthetic registry (10,000 releases,
# 20 environments, 2,000 incidents). Usage: benches/check.sh [RELEASES]
# Uses hyperfine when installed (apt-get install hyperfine), else repeats with `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-10000}
# Outside any Git repository, so that check judges no deploy history.
out=${TMPDIR:-/tmp}/milepost-bench/registry-$releases
cargo build --release --quiet --bin milepost --example gen_registry
target/release/examples/gen_registry "$out" "$releases" 20 2000
target/release/milepost -C "$out" check --format json | head -c 200; echo
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs 10 "target/release/milepost -C $out check --format json"
else
  for _ in 1 2 3 4 5; do /usr/bin/time -f "%e s, %M KiB max RSS" target/release/milepost -C "$out" check --format json >/dev/null; done
fi
