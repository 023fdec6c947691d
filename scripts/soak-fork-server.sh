#!/usr/bin/env bash
# Fork-server soak (issue #14): a 60 s campaign on crash-mix (about every other input crashes)
# on one fork server; prints lives, deaths, rates and the server's RSS, and fails on a hung
# runner, a replaced server or RSS growth. Not part of `npm test` (the npm-test version is
# harness/e2e/crash-volume.e2e.test.ts, bounded by runs). Usage: bash scripts/soak-fork-server.sh [--duration 60s] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json >/dev/null || exit 3
cargo build --release --quiet --manifest-path targets/Cargo.toml
exec node dist/scripts/soak-fork-server.js "$@"
