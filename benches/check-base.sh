#!/usr/bin/env bash
# `milepost check --base HEAD~20` — what CI runs on every pull request — on
# the 100,000-commit repository of benches/history.sh: cold (no history
# cache: a fresh CI checkout) and warm (the cache of an earlier run).
# Usage: benches/check-base.sh [COMMITS]. Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-100000}
repo=$PWD/target/bench/history-$commits
cargo build --release --quiet --bin milepost --example gen_history
if [[ ! -d $repo/.git ]]; then
  rm -rf "$repo"; mkdir -p "$repo"; git -C "$repo" init -q -b main
  target/release/examples/gen_history "$commits" | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q main
  git -C "$repo" repack -adq
fi
mp="$PWD/target/release/milepost -C $repo/registry"
# Exit 1 (rules broken in the synthetic history) is a result, not a failure.
check="$mp check --base HEAD~20 --format json || [ \$? -eq 1 ]"
hyperfine --warmup 1 --runs 5 -n cold --prepare "rm -rf $repo/.git/milepost" "$check"
hyperfine --warmup 1 --runs 10 -n warm "$check"
