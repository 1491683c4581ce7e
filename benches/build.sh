#!/usr/bin/env bash
# Benchmark of `milepost build` on a synthetic registry of 10,000 releases,
# every one deployed to production (so both sites have 10,000 release pages:
# 22,000 files). Usage: benches/build.sh [RELEASES]. Needs hyperfine.
# Two outputs: a memory file system (/dev/shm), which measures milepost, and
# the project's disk, which adds what the disk costs for 22,000 small files.
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-10000}
reg=$PWD/target/bench/site-registry-$releases
cargo build --release --quiet --bin milepost --example gen_registry
if [[ ! -d $reg/.git ]]; then
  target/release/examples/gen_registry "$reg" "$releases" 20 2000 --git
fi
mp="$PWD/target/release/milepost -C $reg"
$mp build --out /dev/shm/milepost-bench --now 2030-01-01T00:00:00Z
hyperfine --warmup 1 --runs 5 \
  "$mp build --out /dev/shm/milepost-bench --now 2030-01-01T00:00:00Z" \
  "$mp build --out $PWD/target/bench/site-out --now 2030-01-01T00:00:00Z"
rm -rf /dev/shm/milepost-bench
