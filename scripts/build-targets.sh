#!/usr/bin/env bash
# Builds every bundled target (release profile: debug info + debug assertions, see targets/Cargo.toml).
# Libraries land in targets/target/release/lib<crate>.so.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --manifest-path targets/Cargo.toml "$@"
