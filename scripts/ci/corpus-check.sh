#!/usr/bin/env bash
# CI: import the whole real corpus (../shared/corpora/seen-unseen) into a temporary folder, build it
# with progress, and check a few facts on the output (scripts/ci/corpus-facts.ts). Skipped, saying
# why, when the corpus is not beside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."

corpus=../shared/corpora/seen-unseen
if [ ! -d "$corpus" ]; then
  echo "Corpus check skipped: $corpus is not beside the repository (it ships with the project's shared folder, not with a clone)."
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/verbatim-corpus-XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "Corpus check: importing $corpus into $work/content"
npm run --silent import -- "$corpus" --out "$work/content" --host "Amit Varma" | tail -n 2
echo "Corpus check: building $work/dist"
VERBATIM_CONTENT="$work/content" VERBATIM_OUT_DIR="$work/dist" npm run --silent build 2>&1 \
  | grep -E '\[verbatim\]|\[build\] (✓|Complete)|error|Error' || true
test "${PIPESTATUS[0]}" -eq 0 || { echo "Corpus check: the build failed"; exit 1; }
node scripts/ci/corpus-facts.ts "$work/content" "$work/dist"
echo "Corpus check passed in $(( $(date +%s) - started )) s"
