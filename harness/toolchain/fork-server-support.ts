import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';
import { nativeLibrary, type NativeLibrary } from './native-library.js';
import { sanitizerOf } from './sanitizer-runtime.js';

/** Sources of the fork server's native parts (see each file's header). */
export const FORK_HELPER_SOURCE = path.join(PROJECT_ROOT, 'harness/engine/native/fork-helper.c');
export const DOFORK_SHIM_SOURCE = path.join(PROJECT_ROOT, 'harness/engine/native/dofork-shim.c');

/** Whether engine children can run as fork servers, with what they need, or why not (one line for the user). */
export type ForkServerSupport =
  | { readonly available: true; readonly helper: string; readonly shim: string }
  | { readonly available: false; readonly reason: string };

/**
 * Whether an engine child loading `libraryPath` can be a fork server (engine/fork-server.ts)
 * here: Linux only (fork, prctl, /proc), not with a sanitizer runtime preloaded (ASan's shadow
 * memory makes every fork costly, and its runtime was not built for it), and only when the helper
 * and the dofork shim build (a C compiler, native-library.ts).
 */
export function forkServerSupport(libraryPath: string, platform: NodeJS.Platform = process.platform): ForkServerSupport {
  if (platform !== 'linux') return { available: false, reason: `fork() from Node needs Linux (this is ${platform})` };
  if (sanitizerOf(libraryPath) !== null)
    return { available: false, reason: `${path.basename(libraryPath)} is a sanitizer build: its runtime is preloaded` };
  const helper = nativeLibrary(FORK_HELPER_SOURCE, 'ffz-fork-helper');
  const shim = nativeLibrary(DOFORK_SHIM_SOURCE, 'ffz-dofork');
  if (helper.path === null || shim.path === null) {
    const failed = (helper.path === null ? helper : shim) as Extract<NativeLibrary, { path: null }>;
    return { available: false, reason: `its native helper cannot be built: ${failed.detail}` };
  }
  return { available: true, helper: helper.path, shim: shim.path };
}
