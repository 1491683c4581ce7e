#!/usr/bin/env bash
# Benchmark of `milepost build` on a synthetic registry of 10,000 releases,
# every one deployed to production (so both sites have 10,000 release pages).
# Usage: benches/build.sh [RELEASES]. Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-10000}
reg=$PWD/target/bench/site-registry-$releases
cargo build --release --quiet --bin milepost --example gen_registry
if [[ ! -d $reg/.git ]]; then
  target/release/examples/gen_registry "$reg" "$releases" 20 2000 --git
fi
mp="$PWD/target/release/milepost -C $reg"
$mp build --out "$PWD/target/bench/site-out" --now 2030-01-01T00:00:00Z
hyperfine --warmup 1 --runs 5 "$mp build --out $PWD/target/bench/site-out --now 2030-01-01T00:00:00Z"
