/**
 * Test support: the bundled Rust targets the ABI check is tested on, built with cargo when
 * needed (a fresh CI clone has no target/ directory) instead of skipping the test.
 *
 * @internal
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cargo workspace of the bundled targets. */
export const TARGETS_DIR = fileURLToPath(new URL('../../../targets/', import.meta.url));
/** Where `cargo build --release` puts the libraries. */
export const RELEASE_DIR = join(TARGETS_DIR, 'target', 'release');

/** Bundled crates this folder's tests use. */
export type RustTarget = 'job-layout' | 'job-layout-fixed' | 'chunk-parser';

/** `job-layout` → `…/targets/target/release/libjob_layout.so`. */
export function libraryPath(crate: RustTarget): string {
  return join(RELEASE_DIR, `lib${crate.replace(/-/g, '_')}.so`);
}

/**
 * Makes sure the crates' libraries exist and are current: `cargo build --release -p …`
 * (a no-op taking about a second when nothing changed). Returns crate → library path.
 */
export function buildRustTargets(crates: readonly RustTarget[]): Record<RustTarget, string> {
  if (!existsSync(join(TARGETS_DIR, 'Cargo.toml'))) throw new Error(`buildRustTargets: no cargo workspace at ${TARGETS_DIR}`);
  const packages = crates.flatMap((c) => ['-p', c]);
  execFileSync('cargo', ['build', '--release', '--target-dir', join(TARGETS_DIR, 'target'), ...packages], {
    cwd: TARGETS_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths = {} as Record<RustTarget, string>;
  for (const crate of crates) {
    const path = libraryPath(crate);
    if (!existsSync(path)) throw new Error(`buildRustTargets: cargo built ${crate} but ${path} is missing`);
    paths[crate] = path;
  }
  return paths;
}

/** The standalone fixture crate test-support/ffi-types (one function per Rust FFI type). */
export const FFI_TYPES_CRATE = fileURLToPath(new URL('./ffi-types/', import.meta.url));

/** Builds the ffi-types fixture into a temp target dir (reused between runs); returns the library. */
export function buildFfiTypesFixture(): string {
  const targetDir = join(tmpdir(), 'ffi-fuzz-abi-ffi-types-target');
  execFileSync('cargo', ['build', '--release', '--offline', '--target-dir', targetDir], {
    cwd: FFI_TYPES_CRATE,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return join(targetDir, 'release', 'libffi_types.so');
}
