import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { PROJECT_ROOT } from '../model/project-root.js';
import { compiler, nativeLibrary } from './native-library.js';

/** Sources of the coverage shim, compiled into one library (see sancov-shim.c's header). */
export const SANCOV_SHIM_SOURCES: readonly string[] = ['sancov-shim.c', 'compare-hooks.c', 'got-patch.c'].map((f) =>
  path.join(PROJECT_ROOT, 'harness/engine/native', f),
);
const SANCOV_SHIM_HEADER = path.join(PROJECT_ROOT, 'harness/engine/native/sancov-shim.h');

/** The symbol every SanitizerCoverage module with inline 8-bit counters imports. */
const SANCOV_SYMBOL = '__sanitizer_cov_8bit_counters_init';

const instrumented = new Map<string, boolean>();

/**
 * The coverage shim built as a shared library (native-library.ts: compiled once per source
 * version and compiler, cached). Throws a build error naming the compiler when it cannot be
 * built: an instrumented library cannot even be loaded without it.
 */
export function sancovShim(): string {
  // Hidden by default: only the hooks and getters marked FFZ_EXPORT are visible to the dynamic linker.
  const built = nativeLibrary(
    { sources: SANCOV_SHIM_SOURCES, headers: [SANCOV_SHIM_HEADER], flags: ['-fvisibility=hidden'] },
    'ffz-sancov',
  );
  if (built.path !== null) return built.path;
  throw new HarnessError('build-failed', `cannot build the coverage shim with ${compiler()}`, {
    where: SANCOV_SHIM_SOURCES[0],
    hint: built.detail,
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
