import { HarnessError } from '../model/harness-error.js';
import { specFromInline, type InlineSpec } from './inline-spec.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { importSpecModule } from './spec-module.js';
import { defineTarget, type TargetSpec } from './target-spec.js';

/** Where the engine child gets its target from; `maxLength`: `--max-len`, every buffer's longest length (see resolveTarget). */
export type TargetSource = ({ kind: 'module'; module: string; specDir: string } | { kind: 'inline'; spec: InlineSpec; specDir: string }) & {
  maxLength?: number;
};

/** Imports (or rebuilds) the spec and resolves it. Errors name the module or the field. */
export async function loadTarget(source: TargetSource): Promise<ResolvedTarget> {
  return resolveTarget(await loadSpec(source), source.specDir, source.maxLength);
}

export async function loadSpec(source: TargetSource): Promise<TargetSpec> {
  if (source.kind === 'inline') return specFromInline(source.spec);
  let mod: Record<string, unknown>;
  try {
    mod = await importSpecModule(source.module);
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
