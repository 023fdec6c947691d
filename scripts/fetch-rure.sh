#!/usr/bin/env bash
# Fetches the `rure` crate (the regex crate's C API) from the crates registry into
# examples/real/rure/crate/ (git-ignored), with its own Cargo.lock, ready for `ffi-fuzz build` and
# `ffi-fuzz fuzz examples/real/rure/target.ts` (any profile: plain, coverage, asan).
# Idempotent and cached: a second run finds the same version in place and only checks that cargo
# has every dependency (no download, no rebuild). Needs cargo and, the first time, the registry.
# Usage: scripts/fetch-rure.sh [--build]   (--build: also build it with ffi-fuzz, plain and coverage
# profiles, as `fuzz` would; cargo keeps both builds, so a second run rebuilds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
version="0.2.5"
dest="examples/real/rure/crate"
stamp="$dest/.ffi-fuzz-fetched"

if [ "$(cat "$stamp" 2>/dev/null || true)" != "rure $version" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # A throwaway crate depending on exactly this version: cargo downloads and checksums it, and
  # `cargo metadata` says where it unpacked it (no guessing of the registry directory).
  mkdir -p "$work/src"
  printf '[package]\nname = "rure-fetch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\nrure = "=%s"\n[workspace]\n' \
    "$version" > "$work/Cargo.toml"
  : > "$work/src/lib.rs"
  cargo fetch --quiet --manifest-path "$work/Cargo.toml"
  manifest="$(cargo metadata --format-version 1 --quiet --manifest-path "$work/Cargo.toml" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>process.stdout.write(JSON.parse(s).packages.find((p)=>p.name==="rure").manifest_path))')"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  cp -r "$(dirname "$manifest")" "$dest"
  chmod -R u+w "$dest"
  # Its own workspace root: cargo must not look for (or join) an enclosing one.
  grep -q '^\[workspace\]' "$dest/Cargo.toml" || printf '\n[workspace]\n' >> "$dest/Cargo.toml"
  echo "rure $version" > "$stamp"
fi
# The crate's own lock file pins its dependencies; fetch them (a no-op when cached).
cargo fetch --quiet --locked --manifest-path "$dest/Cargo.toml"
if [ "${1:-}" = "--build" ]; then
  node dist/harness/cli/main.js build "$dest" >&2
  node dist/harness/cli/main.js build "$dest" --profile coverage >&2
fi
echo "RURE_CRATE=$dest"
