#!/usr/bin/env bash
# `milepost check` with annotations, then `milepost review` into the job
# summary; exits as check did, so that the one step both gates and explains.
# Every input arrives in the environment, never pasted into the script.
set -uo pipefail

base="${BASE:-}"
if [ -z "$base" ]; then base="${PR_BASE:-}"; fi
if [ -z "$base" ] && [ -n "${PUSH_BEFORE:-}" ] && [ "${PUSH_BEFORE//0/}" != "" ]; then
  base="$PUSH_BEFORE"
fi
if [ -n "$base" ] && ! git -C "${REGISTRY:-.}" cat-file -e "${base}^{commit}" 2>/dev/null; then
  echo "::error title=milepost::the base ${base//[^0-9A-Za-z._\/-]/?} is not in this clone: check out with fetch-depth: 0"
  exit 2
fi
args=(-C "${REGISTRY:-.}")
base_args=()
if [ -n "$base" ]; then base_args=(--base "$base"); fi

milepost "${args[@]}" check "${base_args[@]}" --format github
status=$?
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"

if [ "${SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  review="$(mktemp)"
  milepost "${args[@]}" review "${base_args[@]}" --format markdown >"$review"
  review_status=$?
  if [ "$review_status" -le 1 ]; then
    cat "$review" >>"$GITHUB_STEP_SUMMARY"
  else
    echo "::warning title=milepost::milepost review could not run (exit $review_status); the job summary has no review"
  fi
  rm -f "$review"
fi
exit "$status"
