#!/usr/bin/env bash
# Benchmark of `milepost import changelog` on a synthetic changelog of 400
# versions, 8 entries each (3,200 entries: four kinds of section and an
# internal one, nested bullets, wrapped lines, a code block every tenth
# version, link definitions), into a fresh registry: the dry run, and the
# real import that writes 400 release folders.
# Usage: benches/import-changelog.sh [VERSIONS]. MILEPOST=path/to/milepost
# times that binary instead of building this checkout's release build;
# TMPDIR=/dev/shm puts the registry in memory, to time milepost without the disk.
# Uses hyperfine when installed (apt-get install hyperfine), else repeats with `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${1:-400}
if [[ -z ${MILEPOST:-} ]]; then
  cargo build --release --quiet --bin milepost
  MILEPOST=$PWD/target/release/milepost
fi
out=${TMPDIR:-/tmp}/milepost-bench/import-$versions
rm -rf "$out"
mkdir -p "$out"
changelog=$out/CHANGELOG.md

# Newest first, one day apart: 4.9.9 … 1.0.0 for 400 versions.
awk -v n="$versions" '
# Days since 1970-01-01 → YYYY-MM-DD (any awk: no strftime).
function civil(z,   era, doe, yoe, doy, mp, y, m, d) {
  z += 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
  m = mp < 10 ? mp + 3 : mp - 9
  return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
BEGIN {
  print "# Changelog\n\nAll notable changes to the invented Quillbill service.\n"
  print "## [Unreleased]\n\n### Added\n\n- Something not released yet\n"
  last = 20088  # 2024-12-31
  for (i = n - 1; i >= 0; i--) {
    v[i] = sprintf("%d.%d.%d", int(i / 100) + 1, int(i / 10) % 10, i % 10)
  }
  for (i = n - 1; i >= 0; i--) {
    d = civil(last - (n - 1 - i))
    printf "## [%s] - %s\n\nThis release of Quillbill tidies invoices and exports.\n\n", v[i], d
    printf "### Added\n\n"
    printf "- Export invoices of %s to CSV ([#%d])\n", v[i], i
    printf "- Reminders for overdue invoices, sent at nine in the morning in the\n  customer'\''s time zone (%s)\n", v[i]
    printf "- `quill invoice merge` for drafts (%s)\n  - keeps the lines of both\n  - keeps the notes of the first\n\n", v[i]
    printf "### Changed\n\n- Faster search in the invoice list (%s)\n\n", v[i]
    printf "### Fixed\n\n"
    printf "- Rounding of totals with a discount (%s)\n", v[i]
    printf "* Login loop on Safari (%s)\n", v[i]
    printf "- A crash on empty input (%s)\n", v[i]
    if (i % 10 == 0) {
      printf "\n  ```toml\n  [exports]\n  format = \"csv\"\n  ```\n"
    }
    printf "\n### Internal\n\n- Move the mailer to a queue (%s)\n\n", v[i]
    printf "[#%d]: https://git.example.com/quillbill/pull/%d\n\n", i, i
  }
}' >"$changelog"

"$MILEPOST" init "$out/seed" --no-git >/dev/null
cp -r "$out/seed" "$out/registry"
mp="$MILEPOST -C $out/registry"
import="$mp import changelog $changelog --owner alex"
echo "$(wc -l <"$changelog") lines, $(grep -c '^## \[[0-9]' "$changelog") versions"
$import --dry-run
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs 10 --export-json "$out/dry-run.json" "$import --dry-run"
  hyperfine --warmup 1 --runs 10 --export-json "$out/import.json" \
    --prepare "rm -rf $out/registry && cp -r $out/seed $out/registry" "$import"
  if command -v jq >/dev/null; then
    for run in dry-run import; do
      jq -r --arg run "$run" '.results[0] | "\($run): median \(.median * 1000 | floor) ms (min \(.min * 1000 | floor), max \(.max * 1000 | floor))"' "$out/$run.json"
    done
  fi
else
  for _ in 1 2 3 4 5; do /usr/bin/time -f "dry run: %e s, %M KiB max RSS" $import --dry-run >/dev/null; done
  for _ in 1 2 3 4 5; do
    rm -rf "$out/registry" && cp -r "$out/seed" "$out/registry"
    /usr/bin/time -f "import: %e s, %M KiB max RSS" $import >/dev/null
  done
fi
