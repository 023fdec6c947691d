import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { PROJECT_ROOT } from '../model/project-root.js';

/** Sources of the coverage shim, compiled into one library (see sancov-shim.c's header). */
export const SANCOV_SHIM_SOURCES: readonly string[] = ['sancov-shim.c', 'compare-hooks.c', 'got-patch.c'].map((f) =>
  path.join(PROJECT_ROOT, 'harness/engine/native', f),
);
const SANCOV_SHIM_HEADER = path.join(PROJECT_ROOT, 'harness/engine/native/sancov-shim.h');

/** The symbol every SanitizerCoverage module with inline 8-bit counters imports. */
const SANCOV_SYMBOL = '__sanitizer_cov_8bit_counters_init';

const compiler = (): string => process.env.CC ?? 'cc';
let built: string | undefined;
const instrumented = new Map<string, boolean>();

/**
 * The coverage shim built as a shared library: compiled once per source version (and compiler)
 * into a cache directory (`node_modules/.cache/ffi-fuzz`, else a per-user temp directory).
 * Throws a build error naming the compiler when it cannot be built: an instrumented library
 * cannot even be loaded without it.
 */
export function sancovShim(): string {
  if (built !== undefined) return built;
  const hash = crypto.createHash('sha256');
  for (const file of [...SANCOV_SHIM_SOURCES, SANCOV_SHIM_HEADER]) hash.update(fs.readFileSync(file));
  const digest = hash.update(compiler()).digest('hex').slice(0, 16);
  const name = `libffz-sancov-${digest}.so`;
  let lastError: unknown;
  for (const dir of cacheDirs()) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) {
      built = file;
      return file;
    }
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      // Hidden by default: only the hooks and getters marked FFZ_EXPORT are visible to the dynamic linker.
      execFileSync(compiler(), ['-shared', '-fPIC', '-O2', '-g', '-fvisibility=hidden', '-o', temp, ...SANCOV_SHIM_SOURCES], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      fs.renameSync(temp, file);
      built = file;
      return file;
    } catch (error) {
      lastError = error;
      const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (e.code === 'ENOENT' && e.path === undefined) break;
    }
  }
  const e = lastError as (NodeJS.ErrnoException & { stderr?: Buffer }) | undefined;
  throw new HarnessError('build-failed', `cannot build the coverage shim with ${compiler()}`, {
    where: SANCOV_SHIM_SOURCES[0],
    hint:
      e?.stderr !== undefined && e.stderr.length > 0
        ? e.stderr.toString('utf8').trim().split('\n').slice(-3).join(' ')
        : 'install a C compiler (Debian: gcc) or set CC',
  });
}

/**
 * Whether a library was built with SanitizerCoverage (it imports the counters hook). Such a
 * library needs the shim to load at all, in every mode, so repro and minimize get it too.
 * Cached by path, size and modification time.
 */
export function isInstrumented(libraryPath: string): boolean {
  let key: string;
  try {
    const st = fs.statSync(libraryPath);
    key = `${libraryPath}:${st.size}:${st.mtimeMs}`;
  } catch {
    return false;
  }
  const known = instrumented.get(key);
  if (known !== undefined) return known;
  // The name sits in the dynamic string table; a plain build never contains it.
  const found = fs.readFileSync(libraryPath).includes(SANCOV_SYMBOL);
  instrumented.set(key, found);
  return found;
}

/** The shim an engine child must load before `libraryPath`, or null when the library is not instrumented. */
export function coverageShimFor(libraryPath: string): string | null {
  return isInstrumented(libraryPath) ? sancovShim() : null;
}

function cacheDirs(): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return [path.join(PROJECT_ROOT, 'node_modules', '.cache', 'ffi-fuzz'), path.join(os.tmpdir(), `ffi-fuzz-${uid}`)];
}
