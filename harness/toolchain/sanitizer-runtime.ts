import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';

/**
 * Running sanitizer builds of a target (`ffi-fuzz build --profile asan|tsan`). A cdylib built with
 * `-Zsanitizer=address` only references the ASan runtime; the process that loads it must already
 * have the runtime, first in its library list. The engine child is Node, so the supervisor
 * preloads clang's shared ASan runtime (LD_PRELOAD) into it. The runtime must come from the same
 * LLVM as rustc (`rustc -vV` → "LLVM version: 22.x"); Debian ships it in libclang-rt-<major>-dev.
 *
 * ThreadSanitizer does not work that way: preloaded into node it runs, but Node and V8 are not
 * instrumented and synchronise through atomics it does not see, so it reports races inside node
 * itself next to the target's. A TSan build is never loaded into the engine; `repro --profile
 * tsan` replays a record's concurrent set in a small native harness instead (supervise/tsan-replay.ts).
 */

/** Which sanitizer runtime a library was built against, from the symbols it imports. */
export type LibrarySanitizer = 'asan' | 'tsan' | null;

const detected = new Map<string, { mtimeMs: number; size: number; sanitizer: LibrarySanitizer }>();

/** Reads the library's dynamic string table for the runtimes' init symbols (cached per file version). */
export function sanitizerOf(libraryPath: string): LibrarySanitizer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(libraryPath);
  } catch {
    return null;
  }
  const known = detected.get(libraryPath);
  if (known !== undefined && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.sanitizer;
  const bytes = fs.readFileSync(libraryPath);
  const sanitizer: LibrarySanitizer = bytes.includes('\0__asan_init\0') ? 'asan' : bytes.includes('\0__tsan_init\0') ? 'tsan' : null;
  detected.set(libraryPath, { mtimeMs: stat.mtimeMs, size: stat.size, sanitizer });
  return sanitizer;
}

/** The LLVM major version rustc uses (null when rustc is not there). */
export function rustcLlvmMajor(): number | null {
  try {
    const text = execFileSync('rustc', ['-vV'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /^LLVM version: (\d+)/m.exec(text);
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/** Candidate paths of clang's shared ASan runtime, rustc's LLVM first. */
export function asanRuntimeCandidates(llvmMajor: number | null, arch: string = 'x86_64'): string[] {
  const file = `libclang_rt.asan-${arch}.so`;
  const out: string[] = [];
  const root = '/usr/lib';
  const majors = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .map((d) => /^llvm-(\d+)$/.exec(d)?.[1])
        .filter((m): m is string => m !== undefined)
        .map(Number)
    : [];
  const ordered = [...new Set([...(llvmMajor === null ? [] : [llvmMajor]), ...majors.sort((a, b) => b - a)])];
  for (const major of ordered) out.push(path.join(root, `llvm-${major}`, 'lib', 'clang', String(major), 'lib', 'linux', file));
  return out;
}

let runtime: string | undefined;

/** The ASan runtime to preload; a usage error naming the package to install when it is missing. */
export function asanRuntime(): string {
  if (runtime !== undefined) return runtime;
  const major = rustcLlvmMajor();
  const found = asanRuntimeCandidates(major).find((file) => fs.existsSync(file));
  if (found === undefined) {
    const pkg = `libclang-rt-${major ?? '<llvm major>'}-dev`;
    throw new HarnessError(
      'usage',
      `the AddressSanitizer runtime (libclang_rt.asan-x86_64.so) for rustc's LLVM ${major ?? '?'} is not installed`,
      {
        hint: `apt-get install ${pkg} (it must match \`rustc -vV\`'s LLVM version), or fuzz the plain build`,
      },
    );
  }
  if (major !== null && !found.includes(`/llvm-${major}/`))
    process.emitWarning(`using ${found}: rustc's LLVM is ${major}; install libclang-rt-${major}-dev if ASan reports a version mismatch`);
  runtime = found;
  return found;
}

/** What an engine child needs to load a sanitizer build: a runtime to preload first, and its options. */
export interface SanitizerLaunch {
  /** Libraries that must come first in LD_PRELOAD (engine-preload.ts puts them there). */
  readonly preload: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * What the engine child needs to load this library: nothing for a plain build, the ASan runtime
 * and options for an ASan build; a TSan build cannot be loaded (see the top of this file).
 */
export function sanitizerLaunchFor(libraryPath: string): SanitizerLaunch {
  const sanitizer = sanitizerOf(libraryPath);
  if (sanitizer === null) return { preload: [], env: {} };
  if (sanitizer === 'tsan') {
    throw new HarnessError(
      'usage',
      `${path.basename(libraryPath)} is a ThreadSanitizer build, which the engine does not run: TSan inside Node also reports Node's own threads`,
      {
        where: libraryPath,
        hint: 'fuzz the plain build (--mode stress finds races); replay a concurrent finding under TSan with: ffi-fuzz repro <crash.json> --profile tsan',
      },
    );
  }
  const symbolizer = ['/usr/bin/llvm-symbolizer'].find((file) => fs.existsSync(file));
  return {
    preload: [asanRuntime()],
    env: {
      // Node's own allocations are never freed at exit; leaks are not this harness's business.
      // The engine installs its own fault handler and chains to ASan's.
      ASAN_OPTIONS: 'detect_leaks=0:allow_user_segv_handler=1:handle_segv=1:abort_on_error=0:halt_on_error=1:print_summary=1',
      ...(symbolizer === undefined ? {} : { ASAN_SYMBOLIZER_PATH: symbolizer }),
    },
  };
}

/** The build profile `fuzz --profile` may use: a TSan build cannot run in the engine. */
export function fuzzProfile<P extends string>(profile: P): P {
  if (profile === 'tsan') {
    throw new HarnessError(
      'usage',
      "fuzz cannot run a ThreadSanitizer build: TSan inside Node also reports races in Node's own (uninstrumented) threads",
      {
        where: '--profile tsan',
        hint: 'fuzz with --mode stress (plain or asan build), then replay a concurrent finding natively under TSan: ffi-fuzz repro <crash.json> --profile tsan',
      },
    );
  }
  return profile;
}
