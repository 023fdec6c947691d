#!/usr/bin/env bash
# The nightly stress job, in the order a night needs it: build the targets (and check the
# sanitizer/coverage profiles still build), check ABI layouts, replay the regression corpus, run a
# time-budgeted campaign over the bundled targets, merge the corpus, and write reports.
#
# Exit codes: 0 nothing found, 1 a bug was found (a finding, a failing regression, an ABI
# mismatch), 3 the harness or a build failed (the night's results are incomplete). When both
# happen it exits 3 and says that findings were made too.
#
# Settings (environment):
#   NIGHTLY_DURATION   campaign budget, split evenly across targets     (default 30s)
#   NIGHTLY_TARGETS    bundled targets to fuzz                           (default "chunk-parser job-layout slow-calls")
#   NIGHTLY_SHARD      this machine's shard i/n (a CI matrix)            (default 1/1)
#   NIGHTLY_SEED       base seed; shard i fuzzes with seed + i           (default: today's date, YYYYMMDD)
#   NIGHTLY_CORPUS     committed corpus to replay and to start from      (default corpus)
#   NIGHTLY_OUT        where this night's corpus and reports go          (default nightly-out)
#   NIGHTLY_PROFILES   extra build profiles to check, e.g. "coverage asan tsan" (default none)
#   NIGHTLY_MINIMIZE_RUNS  runs spent minimizing each new finding        (default 30)
#   NIGHTLY_ALIGN_SWEEP    inputs per alignment offset in the sweep      (default 4)
#   NIGHTLY_REPRO_TIMES    replays per finding to measure its reproduction rate (default 3)
#   NIGHTLY_TIMEOUT    a call stuck this long is a hang                  (default 1s)
# Besides the campaign budget, each finding costs a few seconds (minimizing, replays), a hang
# finding up to NIGHTLY_TIMEOUT per replay.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 3

started=$(date +%s)
duration=${NIGHTLY_DURATION:-30s}
read -r -a targets <<< "${NIGHTLY_TARGETS:-chunk-parser job-layout slow-calls}"
shard=${NIGHTLY_SHARD:-1/1}
base_seed=${NIGHTLY_SEED:-$(date -u +%Y%m%d)}
committed=${NIGHTLY_CORPUS:-corpus}
out=${NIGHTLY_OUT:-nightly-out}
read -r -a profiles <<< "${NIGHTLY_PROFILES:-}"
minimize_runs=${NIGHTLY_MINIMIZE_RUNS:-30}
align_sweep=${NIGHTLY_ALIGN_SWEEP:-4}
repro_times=${NIGHTLY_REPRO_TIMES:-3}
timeout=${NIGHTLY_TIMEOUT:-1s}
ffi_fuzz=(node dist/harness/cli/main.js)

found=0 # a bug was found
broke=0 # the harness or a build failed
abi_failed=() # targets whose layouts disagree: fuzzing them would only rediscover that as corruption

step() { printf '\n== nightly [%ss]: %s\n' "$(( $(date +%s) - started ))" "$*"; }
fail() { echo "nightly: $*" >&2; exit 3; }
# Files an exit code under "found a bug" (1) or "harness/build failed" (anything else but 0).
judge() {
  local code=$1 what=$2
  case $code in
    0) ;;
    1) found=1; echo "nightly: $what found a bug (exit 1)" ;;
    *) broke=1; echo "nightly: $what failed (exit $code): a harness or build problem" >&2 ;;
  esac
}
# A duration (500ms, 30s, 2m, 1h; bare = seconds) in milliseconds.
to_ms() {
  local v=$1
  case $v in
    *ms) echo "${v%ms}" ;;
    *s) echo $(( ${v%s} * 1000 )) ;;
    *m) echo $(( ${v%m} * 60000 )) ;;
    *h) echo $(( ${v%h} * 3600000 )) ;;
    *) echo $(( v * 1000 )) ;;
  esac
}

[[ $shard =~ ^([0-9]+)/([0-9]+)$ ]] || fail "NIGHTLY_SHARD must be i/n, got '$shard'"
shard_index=${BASH_REMATCH[1]}
[[ $base_seed =~ ^[0-9]+$ ]] || fail "NIGHTLY_SEED must be a number, got '$base_seed'"
seed=$(( (base_seed + shard_index) % 4294967296 ))
budget_ms=$(to_ms "$duration") || fail "NIGHTLY_DURATION must be a duration such as 30s or 10m, got '$duration'"
per_target_ms=$(( budget_ms / ${#targets[@]} ))
(( per_target_ms >= 2000 )) || per_target_ms=2000
mkdir -p "$out/reports" "$out/corpus" || fail "cannot create $out"
echo "nightly: shard $shard, seed $seed, campaign budget $duration (${per_target_ms} ms per target: ${targets[*]}), output in $out/"

step "build the harness and the targets"
npx tsc -p . || fail "the harness does not compile"
bash scripts/build-targets.sh || fail "cargo could not build the targets"
# Node exits 1 when a module fails to load: tell that apart from "found a bug" before relying on exit codes.
"${ffi_fuzz[@]}" help >/dev/null || fail "the CLI does not start"
for profile in "${profiles[@]}"; do
  "${ffi_fuzz[@]}" build chunk-parser --profile "$profile" >/dev/null
  judge $? "build --profile $profile"
done

step "ABI layouts"
if "${ffi_fuzz[@]}" help | grep -q '^  abi '; then
  for spec in targets/*/target.ts; do
    grep -q 'structs:' "$spec" || continue
    name=$(basename "$(dirname "$spec")")
    "${ffi_fuzz[@]}" abi "$name"
    code=$?
    judge $code "abi $name"
    (( code == 1 )) && abi_failed+=("$name")
  done
else
  echo "nightly: this build has no 'abi' command yet; skipped"
fi

step "replay the regression corpus ($committed, shard $shard)"
if [ -d "$committed" ]; then
  "${ffi_fuzz[@]}" replay "$committed" --shard "$shard"
  judge $? "replay"
  # Start the campaign from what is committed (seeds, regressions) so the merged corpus keeps it.
  "${ffi_fuzz[@]}" corpus merge "$committed" --out "$out/corpus" >/dev/null
  judge $? "corpus merge (start)"
else
  echo "nightly: no corpus at $committed; nothing to replay"
fi

step "campaign: ${targets[*]} (seed $seed)"
for target in "${targets[@]}"; do
  if [[ " ${abi_failed[*]} " == *" $target "* ]]; then
    echo "nightly: fuzz $target skipped: its ABI check failed above"
    continue
  fi
  step "fuzz $target"
  "${ffi_fuzz[@]}" fuzz "$target" --seed "$seed" --duration "${per_target_ms}ms" --timeout "$timeout" \
    --minimize-runs "$minimize_runs" --align-sweep "$align_sweep" --out "$out/corpus" --reports "$out/reports"
  judge $? "fuzz $target"
done

step "measure how reliably each finding reproduces"
for summary in "$out"/reports/*/summary.json; do
  [ -e "$summary" ] || continue
  node -e 'for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).findings) console.log(f.recordFile)' "$summary" |
    while read -r record; do
      "${ffi_fuzz[@]}" repro "$record" --times "$repro_times" --timeout "$timeout" >/dev/null 2>&1 || true
    done
done

step "merge and check the corpus"
"${ffi_fuzz[@]}" corpus check "$out/corpus"
judge $? "corpus check"

step "reports"
for run in "$out"/reports/*/; do
  [ -e "$run/summary.json" ] || continue
  "${ffi_fuzz[@]}" report "$run" >/dev/null
  judge $? "report $run"
  echo "  $run"report.html
done

elapsed=$(( $(date +%s) - started ))
if (( broke )); then
  echo "nightly: the harness or a build failed$( (( found )) && echo ', and bugs were found too') (${elapsed}s); see above" >&2
  exit 3
fi
if (( found )); then
  echo "nightly: found bugs (${elapsed}s): see $out/reports/*/report.html"
  exit 1
fi
echo "nightly: nothing found (${elapsed}s)"
exit 0
