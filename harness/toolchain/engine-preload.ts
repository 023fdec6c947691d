import { sanitizerLaunchFor } from './sanitizer-runtime.js';

/**
 * The one place that decides what an engine child's dynamic loader preloads, and in which order:
 *   1. a sanitizer runtime (ASan must be the first library of the process);
 *   2. whatever the user's environment already preloads (kept, not replaced);
 *   3. ffi-fuzz's own interposers, in the order the caller lists them (the fork server's dofork
 *      shim, native/dofork-shim.c; more may follow).
 * Plus the environment a sanitizer build needs (ASAN_OPTIONS). Throws the sanitizer's usage
 * error for a library the engine cannot host (a TSan build).
 */
export function engineEnvFor(
  libraryPath: string,
  interposers: readonly string[] = [],
  inherited: string | undefined = process.env.LD_PRELOAD,
): Record<string, string> {
  const sanitizer = sanitizerLaunchFor(libraryPath);
  const preload = [...sanitizer.preload, ...splitPreload(inherited), ...interposers];
  return { ...sanitizer.env, ...(preload.length === 0 ? {} : { LD_PRELOAD: [...new Set(preload)].join(':') }) };
}

/** The entries of an LD_PRELOAD value (ld.so separates them by colons or spaces). */
export function splitPreload(value: string | undefined): string[] {
  return (value ?? '').split(/[: ]+/).filter((entry) => entry !== '');
}
