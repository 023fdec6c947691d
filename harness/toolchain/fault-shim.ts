import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';
import { nativeLibrary } from './native-library.js';

/** Source of the engine's fatal-signal handler (see the file's header). */
export const FAULT_GUARD_SOURCE = path.join(PROJECT_ROOT, 'harness/engine/native/fault-guard.c');

/** What is lost without the fault guard. */
const WITHOUT = 'faults are reported as plain signals, without the faulting thread or guard-page details';

/**
 * The fault guard built as a shared library (native-library.ts: compiled once per source
 * version, cached). Null, with a warning to show once, when it cannot be built: the engine then
 * runs without it and stack overflows and guard-page faults are reported as plain signals.
 */
export function faultShim(): { path: string | null; warning: string | null } {
  const built = nativeLibrary(FAULT_GUARD_SOURCE, 'ffz-fault-guard');
  if (built.path !== null) return { path: built.path, warning: null };
  return { path: null, warning: `the fault guard cannot be built (${built.detail}): ${WITHOUT}` };
}
