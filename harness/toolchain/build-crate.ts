import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../model/harness-error.js';

/** Build profiles `ffi-fuzz build` knows. */
export const BUILD_PROFILES = ['plain', 'coverage', 'asan', 'tsan'] as const;
export type BuildProfile = (typeof BUILD_PROFILES)[number];

// What every profile keeps: debug info (DWARF for `abi`, `list` and symbolised backtraces) and
// debug assertions (Rust's UB precondition checks stay live: the second postmortem's abort).
const COMMON_CONFIG = ['profile.release.debug=true', 'profile.release.debug-assertions=true', 'profile.release.overflow-checks=true'];

const RUSTFLAGS: Record<BuildProfile, string | undefined> = {
  plain: undefined,
  coverage: [
    '-Cpasses=sancov-module',
    '-Cllvm-args=-sanitizer-coverage-level=3',
    '-Cllvm-args=-sanitizer-coverage-inline-8bit-counters',
    '-Cllvm-args=-sanitizer-coverage-pc-table',
    '-Cllvm-args=-sanitizer-coverage-trace-compares',
    // Keeps `bcmp`/`memcmp` of a constant length as calls (clang's -fsanitize=fuzzer does the same
    // with -fno-builtin-memcmp): LLVM otherwise expands `s.starts_with("_ZN")` or a `match` on a
    // string literal into inline loads after the sancov pass ran, and the compared literal is seen
    // by no hook. The coverage shim intercepts the calls (engine/native/compare-hooks.c).
    '-Cllvm-args=-max-loads-per-memcmp=0',
  ].join(' '),
  asan: '-Zsanitizer=address',
  // rustc refuses to mix a TSan crate with the uninstrumented std it ships (`-Zbuild-std` needs
  // the rust-src component); TSan still sees every access of the target's own code.
  tsan: '-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer',
};

/** RUSTFLAGS of an instrumented profile (the TSan replay harness is built with the same). */
export function profileRustflags(profile: BuildProfile): string | undefined {
  return RUSTFLAGS[profile];
}

/**
 * Builds a cdylib crate with cargo and returns the path of its shared library. The plain
 * profile uses cargo's usual target dir (so `cargo build --release` and ffi-fuzz share work);
 * the instrumented profiles get their own, so builds never mix.
 */
export async function buildCrate(crateDir: string, profile: BuildProfile, log: (line: string) => void = () => undefined): Promise<string> {
  const manifest = path.join(crateDir, 'Cargo.toml');
  if (!fs.existsSync(manifest)) {
    throw new HarnessError('usage', `no Cargo.toml in ${crateDir}`, {
      where: crateDir,
      hint: 'pass a cargo crate directory or a bundled target name (ffi-fuzz build chunk-parser)',
    });
  }
  const args = ['build', '--release', '--manifest-path', manifest, '--message-format=json-render-diagnostics'];
  for (const c of COMMON_CONFIG) args.push('--config', c);
  const env: Record<string, string> = {};
  const rustflags = RUSTFLAGS[profile];
  if (rustflags !== undefined) {
    env.RUSTFLAGS = rustflags;
    env.RUSTC_BOOTSTRAP = '1';
    args.push('--target-dir', path.join(await workspaceRoot(manifest), 'target', `ffi-fuzz-${profile}`));
    // An explicit --target keeps RUSTFLAGS off build scripts and proc macros (cargo-fuzz does the
    // same): an instrumented build script cannot link, since only the engine provides the
    // __sanitizer_cov_* hooks (at run time, through the coverage shim).
    if (profile === 'coverage') args.push('--target', await hostTriple());
  }
  log(`cargo ${args.join(' ')}`);
  const result = await execa('cargo', args, {
    env,
    reject: false,
    stdin: 'ignore',
    stderr: 'pipe',
    stdout: 'pipe',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.failed) {
    throw new HarnessError(
      'build-failed',
      `cargo build failed for ${crateDir} (${result.exitCode === undefined ? result.shortMessage : `exit ${result.exitCode}`})`,
      {
        where: manifest,
        hint: String(result.stderr).split('\n').slice(-15).join('\n'),
      },
    );
  }
  const realManifest = fs.realpathSync(manifest);
  let library: string | undefined;
  for (const line of String(result.stdout).split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line) as { reason?: string; manifest_path?: string; target?: { kind?: string[] }; filenames?: string[] };
    if (msg.reason === 'compiler-artifact' && msg.manifest_path === realManifest && msg.target?.kind?.includes('cdylib')) {
      library = msg.filenames?.find((f) => /\.(so|dylib|dll)$/.test(f));
    }
  }
  if (library === undefined) {
    throw new HarnessError('build-failed', `${crateDir} built, but produced no cdylib`, {
      where: manifest,
      hint: 'add [lib] crate-type = ["cdylib"] to Cargo.toml',
    });
  }
  return library;
}

/** rustc's host target triple (`rustc -vV`, line `host:`). */
async function hostTriple(): Promise<string> {
  const result = await execa('rustc', ['-vV'], { reject: false });
  const host = /^host:\s*(\S+)/m.exec(String(result.stdout))?.[1];
  if (result.failed || host === undefined)
    throw new HarnessError('build-failed', 'cannot read the host target triple from `rustc -vV`', { hint: 'is rustc on PATH?' });
  return host;
}

async function workspaceRoot(manifest: string): Promise<string> {
  const result = await execa('cargo', ['locate-project', '--workspace', '--message-format=plain', '--manifest-path', manifest], {
    reject: false,
  });
  return result.failed ? path.dirname(manifest) : path.dirname(String(result.stdout).trim());
}
