#!/usr/bin/env bash
# Issue #12's acceptance for budgets that hold, run literally and timed (not part of `npm test`,
# which asserts the phases' budget accounting on a fake clock instead): on a crash-heavy target
# with minimization and the alignment sweep on (their defaults),
#   1. `fuzz … --duration 20s` ends within 35 s with summary.json and report.html written;
#   2. the same with a SIGTERM at 10 s: it ends within 35 s of its start, reports written,
#      summary.interrupted = SIGTERM.
# Targets: the bundled chunk-parser (most misaligned inputs abort it), and, when ACCEPT_LIB names a
# library with debug info (e.g. a real liblz4.so), that library zero-config (every exported function).
# Prints one line per run and a verdict; exits 1 if a run missed its bound or its reports.
# Usage: [ACCEPT_LIB=/path/liblz4.so] bash scripts/acceptance-budgets.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 3
duration_s=20
bound_s=35
npm run build >/dev/null || exit 3
bash scripts/build-targets.sh 2>&1 | tail -n 1
work="$(mktemp -d "${TMPDIR:-/tmp}/ffi-fuzz-acceptance-XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0

# One timed run: $1 label, $2 seconds before a SIGTERM (0: none), the rest the target's arguments.
run() {
  local label=$1 term_after=$2
  shift 2
  local out="$work/$label" log="$work/$label.log" start end status
  start=$(date +%s.%N)
  node dist/harness/cli/main.js fuzz "$@" --seed 1 --duration "${duration_s}s" --out "$out" >/dev/null 2>"$log" &
  local pid=$!
  if [ "$term_after" -gt 0 ]; then
    sleep "$term_after"
    kill -TERM "$pid"
  fi
  wait "$pid"
  status=$?
  end=$(date +%s.%N)
  local elapsed summary html interrupted phases
  elapsed=$(echo "$end - $start" | bc)
  summary=$(find "$out/reports" -name summary.json 2>/dev/null | head -n 1)
  html=$(find "$out/reports" -name report.html 2>/dev/null | head -n 1)
  interrupted=$( [ -n "$summary" ] && node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).interrupted ?? "-")' "$summary")
  phases=$(sed -n 's/^phases: //p' "$log")
  local verdict=ok
  if [ "$(echo "$elapsed > $bound_s" | bc)" -eq 1 ] || [ -z "$summary" ] || [ -z "$html" ]; then verdict=FAILED; failed=1; fi
  if [ "$term_after" -gt 0 ] && [ "$interrupted" != "SIGTERM" ]; then verdict=FAILED; failed=1; fi
  printf '%-26s exit %s  %5.1fs (bound %ss)  summary.json %s  report.html %s  interrupted %s  %s\n' \
    "$label" "$status" "$elapsed" "$bound_s" "$([ -n "$summary" ] && echo yes || echo NO)" "$([ -n "$html" ] && echo yes || echo NO)" \
    "${interrupted:--}" "$verdict"
  printf '%26s %s\n' "" "$(grep -m1 '^budget' "$log")"
  printf '%26s phases: %s\n' "" "$phases"
}

run "chunk-parser" 0 chunk-parser
run "chunk-parser-sigterm-10s" 10 chunk-parser
if [ -n "${ACCEPT_LIB:-}" ]; then
  run "zero-config" 0 --lib "$ACCEPT_LIB"
  run "zero-config-sigterm-10s" 10 --lib "$ACCEPT_LIB"
fi
if [ "$failed" -eq 0 ]; then echo "acceptance: every run ended within ${bound_s}s with its reports written"; else echo "acceptance: FAILED"; fi
exit "$failed"
