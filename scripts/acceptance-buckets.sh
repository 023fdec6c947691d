#!/usr/bin/env bash
# Issue #12's acceptance for one bucket per bug, run literally (not part of `npm test`: ~12 min):
# a 60 s campaign on each bundled fixture of a signature shape, under 5 seeds, must leave exactly
# one bucket. char-boundary: a panic message that quotes the input; heap-race: a heap-corrupting
# data race (stress mode). Prints one line per campaign and a verdict; exits 1 if any count is off.
# Usage: bash scripts/acceptance-buckets.sh [duration, default 60s]
set -uo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60s}"
npm run build >/dev/null || exit 3
bash scripts/build-targets.sh -p char-boundary -p heap-race 2>&1 | tail -n 1
work="$(mktemp -d "${TMPDIR:-/tmp}/ffi-fuzz-acceptance-XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0
for fixture in "char-boundary" "heap-race --mode stress"; do
  name="${fixture%% *}"
  for seed in 1 2 3 4 5; do
    out="$work/$name-$seed"
    # shellcheck disable=SC2086 # $fixture is the target name and its mode flags
    node dist/harness/cli/main.js fuzz $fixture --seed "$seed" --duration "$duration" \
      --out "$out/corpus" --reports "$out/reports" >/dev/null 2>"$out.log"
    status=$?
    mapfile -t ids < <(find "$out/corpus" -name crash.json -exec dirname {} \; | xargs -r -n1 basename | sort -u)
    restarts=$(sed -n 's/^done: .* \([0-9]*\) restarts.*/\1/p' "$out.log")
    hits=$(find "$out/corpus" -name crash.json -exec node -e 'let n = 0; for (const f of process.argv.slice(1)) n += JSON.parse(require("fs").readFileSync(f, "utf8")).count; console.log(n)' {} +)
    printf '%-14s seed %s  exit %s  restarts %-4s hits %-4s buckets %s  %s\n' "$name" "$seed" "$status" "${restarts:-?}" "${hits:-0}" "${#ids[@]}" "${ids[*]}"
    [ "${#ids[@]}" -eq 1 ] || failed=1
  done
done
if [ "$failed" -eq 0 ]; then echo "acceptance: exactly 1 bucket for each fixture under every seed"; else echo "acceptance: FAILED"; fi
exit "$failed"
