#!/usr/bin/env bash
# Stress-mode soak (issue #5): a 2-minute, 32-thread `--mode stress` campaign on the fixed
# chunk-parser; prints aggregate calls/s and peak RSS next to the raw koffi call rate.
# Not part of `npm test` (it takes minutes). Usage: bash scripts/soak.sh [--threads N] [--duration 2m]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json >/dev/null || exit 3
cargo build --release --quiet --manifest-path targets/Cargo.toml
exec node dist/scripts/soak.js "$@"
