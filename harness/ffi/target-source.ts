import { pathToFileURL } from 'node:url';
import { HarnessError } from '../model/harness-error.js';
import { specFromInline, type InlineSpec } from './inline-spec.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { defineTarget, type TargetSpec } from './target-spec.js';

/** Where the engine child gets its target from. */
export type TargetSource = { kind: 'module'; module: string; specDir: string } | { kind: 'inline'; spec: InlineSpec; specDir: string };

/** Imports (or rebuilds) the spec and resolves it. Errors name the module or the field. */
export async function loadTarget(source: TargetSource): Promise<ResolvedTarget> {
  return resolveTarget(await loadSpec(source), source.specDir);
}

export async function loadSpec(source: TargetSource): Promise<TargetSpec> {
  if (source.kind === 'inline') return specFromInline(source.spec);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(source.module).href)) as Record<string, unknown>;
  } catch (cause) {
    // defineTarget() runs at import: its error already names the field.
    if (cause instanceof HarnessError)
      throw new HarnessError(cause.code, cause.message, {
        where: `${cause.where} in ${source.module}`,
        ...(cause.hint === undefined ? {} : { hint: cause.hint }),
        cause,
      });
    throw new HarnessError('bad-spec', `cannot load the spec module: ${(cause as Error).message.split('\n')[0]}`, {
      where: source.module,
      cause,
    });
  }
  const spec = mod.default ?? mod.target;
  if (spec === undefined)
    throw new HarnessError('bad-spec', 'the spec module has no default export', {
      where: source.module,
      hint: 'export default defineTarget({ ... })',
    });
  return defineTarget(spec as TargetSpec);
}
