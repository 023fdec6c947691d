#!/usr/bin/env bash
# The main job on the bundled targets: fuzz the shipped chunk-parser (finds the misaligned-slice
# abort and the panic across extern "C"), reproduce a finding in a fresh process, then fuzz the
# fixed build over the same budget and show it clean.
set -uo pipefail
cd "$(dirname "$0")/.."
ffi_fuzz=(node dist/harness/cli/main.js)
seed=${FUZZ_DEMO_SEED:-1}
runs=${FUZZ_DEMO_RUNS:-600}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "build the bundled targets"
npx tsc -p tsconfig.build.json || exit 3
bash scripts/build-targets.sh 2>&1 | tail -n 1 || exit 3

step "fuzz the shipped chunk-parser (seed $seed, $runs runs)"
"${ffi_fuzz[@]}" fuzz chunk-parser --seed "$seed" --runs "$runs"
status=$?
[ "$status" -eq 1 ] || { echo "demo: expected findings (exit 1), got exit $status" >&2; exit 3; }

step "reproduce each finding in a fresh process"
latest=$(ls -td corpus/reports/*-chunk-parser | head -n 1)/summary.json
node -e 'for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).findings) console.log(f.recordFile)' "$latest" |
  while read -r record; do
    "${ffi_fuzz[@]}" repro "$record"
    echo "(exit $?)"
  done

step "fuzz the fixed build over the same budget"
"${ffi_fuzz[@]}" fuzz chunk-parser-fixed --seed "$seed" --runs "$runs"
status=$?
[ "$status" -eq 0 ] || { echo "demo: expected the fixed build to be clean (exit 0), got exit $status" >&2; exit 3; }
step "done: the shipped build crashes, the fixed build is clean"
