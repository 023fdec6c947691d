#!/usr/bin/env bash
# Issue 11's acceptance on real libraries, in its literal form (60-second campaigns; the npm test
# suite runs the same specs with fixed run budgets): rure in property and coverage mode, a planted
# double free still found, lz4 and zlib specs with their success rates, cJSON's RSS with the
# releaser. Needs `npm run build`, Debian's zlib1g-dev, liblz4-dev, libcjson-dev (.ci/run installs
# them) and the crates registry once (rure). Prints each result; exits 1 if any check fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
duration="${DURATION:-60s}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ff() { node dist/harness/cli/main.js "$@"; }
failed=0
check() { # check NAME EXPECTED-EXIT COMMAND…: runs it, prints its summary line, compares the exit code
  local name="$1" want="$2"
  shift 2
  "$@" >"$out/$name.out" 2>"$out/$name.err"
  local got=$?
  echo "== $name (exit $got, expected $want)"
  grep -E '^(done:|ABI check|target )| unique finding|^ +[0-9]+ +[a-z-]+-[0-9a-f]{12} ' "$out/$name.err" | sed 's/^/   /'
  [ "$got" = "$want" ] || failed=1
}

bash scripts/fetch-rure.sh --build >/dev/null
common=(--seed 1 --out "$out/corpus" --reports "$out/reports")
check rure-property 0 ff fuzz examples/real/rure/target.ts --duration "$duration" "${common[@]}"
check rure-coverage 0 ff fuzz examples/real/rure/compile-only.ts --mode coverage --jobs 1 --duration "$duration" "${common[@]}"
check rure-double-free 1 ff fuzz examples/real/rure/double-free.ts --runs 60 --minimize-runs 50 --align-sweep 0 "${common[@]}"
check lz4 0 ff fuzz examples/real/lz4/target.ts --duration "$duration" "${common[@]}"
check zlib 0 ff fuzz examples/real/zlib/target.ts --duration "$duration" "${common[@]}"
check cjson 0 ff fuzz examples/real/cjson/target.ts --duration "$duration" "${common[@]}"
check cjson-parse-fn 0 ff fuzz --lib /usr/lib/x86_64-linux-gnu/libcjson.so.1 --header /usr/include/cjson/cJSON.h \
  --fn 'cJSON *cJSON_Parse(const char *value)' --duration "$duration" "${common[@]}"
echo "== success rates of generated calls (in-process, Debian's libraries)"
node dist/scripts/real-libs/success-rates.js 5000 | sed 's/^/   /'
echo "== cJSON_Parse with cJSON_Delete as releaser: peak RSS after 10 s and after $duration"
# shellcheck disable=SC2016 # a JavaScript template literal, not a shell expansion
summary='let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const j=JSON.parse(s);console.log(`   ${process.argv[1]}: ${j.execs} calls, peak RSS ${j.peakRssMb} MiB`)})'
for d in 10s "$duration"; do
  ff fuzz examples/real/cjson/target.ts --only cJSON_Parse --duration "$d" --align-sweep 0 --json "${common[@]}" 2>/dev/null | node -e "$summary" "$d"
done
exit "$failed"
