#!/usr/bin/env bash
# Benchmark of the deploy-history walk on a synthetic repository of 100,000
# commits (one in five a deploy). Usage: benches/history.sh [COMMITS]
# Needs hyperfine (apt-get install hyperfine).
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
echo "deploy events: $($mp history --format json | grep -c '"commit"')"

# 1. git's own walk over the same paths, the yardstick
# 2. milepost's full walk (no cache)
hyperfine --warmup 1 --runs 5 \
  "git -C $repo log --first-parent --format=%H -- registry/environments/" \
  --prepare "rm -rf $repo/.git/milepost" "$mp history --format json"

# 3. a rerun after one new commit, with the cache of the run before
add_commit() {
  cat <<SH
git -C $repo -c user.name=Bench -c user.email=bench@example.com commit -q --allow-empty -m next && $mp history --format json >/dev/null && git -C $repo -c user.name=Bench -c user.email=bench@example.com commit -q --allow-empty -m next
SH
}
hyperfine --warmup 1 --runs 10 --prepare "$(add_commit)" "$mp history --format json"
