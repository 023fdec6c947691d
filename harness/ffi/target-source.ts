import koffi, { type TypeObject } from 'koffi';
import { HarnessError } from '../model/harness-error.js';
import { renderPrototype } from './prototype.js';
import { DEFAULT_MAX_LEN } from '../config/options.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { importSpecModule } from './spec-module.js';
import { defineTarget, type ErrorReturn, type Survivable, type TargetSpec } from './target-spec.js';

/**
 * A target spec as plain JSON: what a crash record stores so `repro` needs nothing but the record,
 * and what `--lib/--fn` builds. Struct types keep only their size and alignment.
 */
export interface InlineSpec {
  name: string;
  functions: Record<
    string,
    {
      prototype: string;
      contract?: { survives?: Survivable[]; errorReturn?: ErrorReturn; deterministic?: boolean };
      lastError?: string;
      params?: Record<string, { maxLength: number }>;
    }
  >;
  helpers?: Record<string, string>;
  structs?: Record<string, { size: number; align: number }>;
  /** Tokens buffer contents are built from (zero-config: harvested from the library). */
  dictionary?: string[];
  /** The `new / use / free` lifecycle, every handle parameter named (lifecycle-spec.ts). */
  lifecycle?: { create: string; use: string[]; release: string; handles: Record<string, string>; rejectsStale: boolean };
}

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

/** The JSON form of a resolved target (for crash records and child processes). */
export function inlineSpecOf(target: ResolvedTarget): InlineSpec {
  const functions: InlineSpec['functions'] = {};
  for (const fn of target.functions) {
    const contract: { survives: Survivable[]; errorReturn?: ErrorReturn; deterministic: boolean } = {
      survives: [...fn.survives],
      deterministic: fn.deterministic,
    };
    if (fn.errorReturn !== undefined) contract.errorReturn = fn.errorReturn;
    functions[fn.name] =
      fn.lastError === undefined
        ? { prototype: renderPrototype(fn.prototype), contract }
        : { prototype: renderPrototype(fn.prototype), contract, lastError: fn.lastError };
    // Buffer sizes size the replaying engine's arena and flight recorder: keep them.
    const sized = fn.params
      .filter((p) => p.role === 'buffer' && p.maxLength !== DEFAULT_MAX_LEN)
      .map((p) => [p.name, { maxLength: (p as { maxLength: number }).maxLength }] as const);
    if (sized.length > 0) functions[fn.name]!.params = Object.fromEntries(sized);
  }
  const helpers = Object.fromEntries([...target.helpers].map(([name, h]) => [name, renderPrototype(h.prototype)]));
  const structs = Object.fromEntries(
    Object.entries(target.structs).map(([name, t]) => [name, { size: koffi.sizeof(t), align: koffi.alignof(t) }]),
  );
  const inline: InlineSpec =
    target.dictionary.length === 0
      ? { name: target.name, functions, helpers, structs }
      : { name: target.name, functions, helpers, structs, dictionary: [...target.dictionary] };
  const lifecycle = target.lifecycle;
  if (lifecycle !== undefined) {
    const handles = Object.fromEntries(
      [...lifecycle.handleParams].map(([fn, index]) => [fn, target.functions.find((f) => f.name === fn)!.prototype.params[index]!.name]),
    );
    inline.lifecycle = {
      create: lifecycle.create,
      use: [...lifecycle.use],
      release: lifecycle.release,
      handles,
      rejectsStale: lifecycle.rejectsStale,
    };
  }
  return inline;
}

/** Rebuilds a spec from its JSON form; structs become opaque byte blocks of the same size and alignment. */
export function specFromInline(inline: InlineSpec): TargetSpec {
  const structs: Record<string, TypeObject> = {};
  for (const [name, { size, align }] of Object.entries(inline.structs ?? {})) {
    structs[name] = koffi.struct({ bytes: [align, koffi.array('uint8_t', size)] });
  }
  return defineTarget({
    name: inline.name,
    library: '.',
    functions: inline.functions,
    helpers: inline.helpers ?? {},
    structs,
    ...(inline.dictionary === undefined ? {} : { dictionary: inline.dictionary }),
    ...(inline.lifecycle === undefined ? {} : { lifecycle: inline.lifecycle }),
  });
}
