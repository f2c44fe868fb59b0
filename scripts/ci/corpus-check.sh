#!/usr/bin/env bash
# CI: import the whole real corpus (../shared/corpora/seen-unseen) into a temporary folder, check the
# real-archive evaluation set against it, build a sample of its episodes with progress, and check
# facts on the output (scripts/ci/corpus-facts.ts). Skipped, saying why, when the corpus is absent.
#
# Why a sample: embedding all 68,502 passages of the corpus with the default model runs at about
# 40 passages/s on CI's 2 cores (about half an hour), past CI's budget; CORPUS_EPISODES=all builds
# everything (the README's corpus table), CORPUS_EPISODES=N builds N of the episodes the evaluation set asks about.
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
echo "Corpus check: importing all of $corpus into $work/content"
npm run --silent import -- "$corpus" --out "$work/content" --host "Amit Varma" | tail -n 2
echo "Corpus check: every phrase of the real-archive evaluation set is in its episode"
npm run --silent eval:check-corpus -- "$corpus" | tail -n 3

episodes=${CORPUS_EPISODES:-8}
site="$work/content"
if [ "$episodes" != "all" ]; then
  site="$work/sample"
  mkdir -p "$site/interviews"
  cp -r "$work/content/people" "$site/people"
  total=$(ls "$work/content/interviews" | wc -l)
  # Episodes the real-archive evaluation set asks about, spread over its list: the same every run,
  # early and late, so the facts below can ask them.
  grep -o '"interview": "[a-z0-9-]*"' tests/fixtures/eval/seen-unseen.json | cut -d'"' -f4 | sort -u -V > "$work/asked"
  awk -v n="$episodes" -v all="$(wc -l < "$work/asked")" 'NR % int(all / n) == 1' "$work/asked" | head -n "$episodes" \
    | while read -r slug; do cp "$work/content/interviews/$slug.mdx" "$site/interviews/"; done
  echo "Corpus check: building $(ls "$site/interviews" | wc -l) of $total episodes (CORPUS_EPISODES=all builds every one)"
else
  echo "Corpus check: building all episodes"
fi
VERBATIM_CONTENT="$site" VERBATIM_OUT_DIR="$work/dist" npm run --silent build 2>&1 \
  | grep -E '\[verbatim\]|\[build\] (✓|Complete)|error|Error' || true
test "${PIPESTATUS[0]}" -eq 0 || { echo "Corpus check: the build failed"; exit 1; }
node_modules/.bin/node scripts/ci/corpus-facts.ts "$site" "$work/dist"
echo "Corpus check passed in $(( $(date +%s) - started )) s"
