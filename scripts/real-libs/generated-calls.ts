import { loadLibrary } from '../../harness/ffi/load-library.js';
import { maxPlacedBytes } from '../../harness/ffi/resolve-params.js';
import { resolveTarget } from '../../harness/ffi/resolve-target.js';
import type { TargetSpec } from '../../harness/ffi/target-spec.js';
import { callStream } from '../../harness/generate/call-stream.js';
import { Arena } from '../../harness/engine/arena.js';
import { BoundFunction, type CallEffects } from '../../harness/engine/invoke.js';

/**
 * Runs `count` calls of `fn` as property mode generates them from `spec` (seeded stream 0),
 * in this process, through the engine's placement and return handling, on the spec's real
 * library (a path): what each call did. For measuring a spec, e.g. how many calls succeed.
 */
export function runGeneratedCalls(spec: TargetSpec, fn: string, count: number, seed = 1): CallEffects[] {
  const target = resolveTarget(spec, '/');
  if (target.library.kind !== 'path') throw new Error('runGeneratedCalls needs a library path');
  const resolved = target.functions.find((f) => f.name === fn);
  if (resolved === undefined) throw new Error(`${fn} is not in the spec`);
  const lib = loadLibrary(target.library.path);
  const arena = new Arena(resolved.params.length, Math.max(64, ...resolved.params.map(maxPlacedBytes)) + 64, seed);
  const releaserName = resolved.returns.kind === 'value' ? undefined : resolved.returns.releaser;
  const releaser =
    releaserName === undefined ? undefined : (lib.func(target.helpers.get(releaserName)!.koffiPrototype) as (p: bigint) => void);
  const bound = new BoundFunction(lib.func(resolved.koffiPrototype) as (...a: unknown[]) => unknown, resolved, arena, releaser);
  const stream = callStream([resolved], seed, 0);
  return Array.from({ length: count }, (_, i) => bound.invoke(stream.at(i)));
}
