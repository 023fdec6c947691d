import { pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';

/** Extensions a spec module is compiled from at load time (TypeScript in any module flavour). */
const TYPESCRIPT = /\.(ts|mts|cts)$/;

let loader: Jiti | undefined;

/**
 * Imports a spec module: JavaScript natively, TypeScript through jiti, which strips the types of the
 * spec and of the user's own modules it imports (`./helpers.js` → `helpers.ts` too) and imports
 * packages natively, so `import { defineTarget } from 'ffi-fuzz'` in a spec is the very module the
 * harness runs. The supervisor, every engine child and every worker thread load a spec through
 * here, so they all see the same module. Why jiti and not tsx: docs/specs.md.
 */
export async function importSpecModule(file: string): Promise<Record<string, unknown>> {
  if (!TYPESCRIPT.test(file)) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // Imported on first use: a JavaScript spec's engine never loads the compiler.
  // interopDefault off: the module namespace as written, so `export default` stays under `default`.
  loader ??= (await import('jiti')).createJiti(import.meta.url, { interopDefault: false, sourceMaps: true });
  return await loader.import<Record<string, unknown>>(file);
}
