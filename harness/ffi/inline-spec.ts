import koffi, { type TypeObject } from 'koffi';
import type { Survivable } from './param-spec.js';
import { parsePrototype, renderPrototype, type TypeScope } from './prototype.js';
import { DEFAULT_MAX_LEN } from '../config/options.js';
import type { ParamPlan, ResolvedFunction, ResolvedTarget } from './resolve-target.js';
import { defineTarget, type ErrorReturn, type ParamSpec, type TargetSpec } from './target-spec.js';
import { opaqueNames, specTypeScope } from './type-scope.js';

/** A parameter spec as JSON: every field but the arbitraries (`content`, `values`). */
export interface InlineParam {
  length?: string;
  capacity?: string;
  maxLength?: number;
  maxCapacity?: number;
  cstring?: { encoding: 'utf8' | 'bytes'; maxLength?: number };
  nullable?: boolean;
  survives?: Survivable[];
  /** A pinned integer as a decimal string, or null for a pointer. */
  fixed?: string | null;
  output?: number;
}

/**
 * A target spec as plain JSON: what a crash record stores so `repro` needs nothing but the record,
 * and what `--lib/--fn` builds. Struct types keep only their size and alignment; prototypes are
 * rendered resolved (typedefs spelled out), opaque handle types listed in `typedefs`.
 */
export interface InlineSpec {
  name: string;
  functions: Record<
    string,
    {
      prototype: string;
      contract?: { survives?: Survivable[]; errorReturn?: ErrorReturn; deterministic?: boolean };
      lastError?: string;
      params?: Record<string, InlineParam>;
      returns?: { cstring?: boolean; releaser?: string };
    }
  >;
  helpers?: Record<string, string>;
  structs?: Record<string, { size: number; align: number }>;
  /** Type names the prototypes use (`'opaque'` handle types), as a spec's `typedefs`. */
  typedefs?: Record<string, string>;
  /** Headers whose typedefs the prototypes use (`--header`), absolute. */
  header?: string[];
  /** Tokens buffer contents are built from (zero-config: harvested from the library). */
  dictionary?: string[];
  /** The `new / use / free` lifecycle, every handle parameter named (lifecycle-spec.ts). */
  lifecycle?: { create: string; use: string[]; release: string; handles: Record<string, string>; rejectsStale: boolean };
}

/** The JSON form of a resolved target (for crash records and child processes). */
export function inlineSpecOf(target: ResolvedTarget): InlineSpec {
  const functions: InlineSpec['functions'] = {};
  const opaque = new Set<string>();
  for (const fn of target.functions) {
    const contract: { survives: Survivable[]; errorReturn?: ErrorReturn; deterministic: boolean } = {
      survives: [...fn.survives],
      deterministic: fn.deterministic,
    };
    if (fn.errorReturn !== undefined) contract.errorReturn = fn.errorReturn;
    const entry: InlineSpec['functions'][string] = { prototype: renderPrototype(fn.prototype), contract };
    if (fn.lastError !== undefined) entry.lastError = fn.lastError;
    const params = Object.fromEntries(fn.params.flatMap((p) => inlineParamOf(p, fn)));
    if (Object.keys(params).length > 0) entry.params = params;
    if (fn.returns.kind !== 'value') {
      entry.returns = {
        ...(fn.returns.kind === 'cstring' ? { cstring: true } : {}),
        ...(fn.returns.releaser === undefined ? {} : { releaser: fn.returns.releaser }),
      };
    }
    functions[fn.name] = entry;
    for (const t of [fn.prototype.returns, ...fn.prototype.params.map((p) => p.type)]) opaqueNames(t, opaque);
  }
  for (const h of target.helpers.values())
    for (const t of [h.prototype.returns, ...h.prototype.params.map((p) => p.type)]) opaqueNames(t, opaque);
  const helpers = Object.fromEntries([...target.helpers].map(([name, h]) => [name, renderPrototype(h.prototype)]));
  const structs = Object.fromEntries(
    Object.entries(target.structs).map(([name, t]) => [name, { size: koffi.sizeof(t), align: koffi.alignof(t) }]),
  );
  const inline: InlineSpec = { name: target.name, functions, helpers, structs };
  if (opaque.size > 0) inline.typedefs = Object.fromEntries([...opaque].map((name) => [name, 'opaque']));
  if (target.dictionary.length > 0) inline.dictionary = [...target.dictionary];
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

// A plan as the spec fields that rebuild it; nothing for what the prototype alone implies.
function inlineParamOf(plan: ParamPlan, fn: ResolvedFunction): [string, InlineParam][] {
  const own = (p: { survives: ReadonlySet<Survivable>; nullable: boolean }): InlineParam => ({
    ...(p.nullable ? { nullable: true } : {}),
    ...(sameSet(p.survives, fn.survives) ? {} : { survives: [...p.survives] }),
  });
  const sizeName = (index: number | undefined) => (index === undefined ? undefined : fn.params[index]?.name);
  switch (plan.role) {
    case 'buffer': {
      const length = sizeName(plan.lengthIndex);
      const param: InlineParam = { ...own(plan), ...(length === undefined ? {} : { length }) };
      if (plan.maxLength !== DEFAULT_MAX_LEN) param.maxLength = plan.maxLength;
      return [[plan.name, param]];
    }
    case 'cstring':
      return [[plan.name, { ...own(plan), cstring: { encoding: plan.encoding, maxLength: plan.maxLength } }]];
    case 'capacity':
      return [[plan.name, { ...own(plan), capacity: sizeName(plan.sizeIndex)!, maxCapacity: plan.maxCapacity }]];
    case 'fixed':
      return [[plan.name, { fixed: plan.value === null ? null : plan.value.toString() }]];
    case 'handle':
      return plan.nullable ? [[plan.name, { nullable: true }]] : [];
    case 'output':
      return plan.struct === undefined ? [[plan.name, { output: plan.size }]] : [];
    default:
      return [];
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Rebuilds a spec from its JSON form; structs become opaque byte blocks of the same size and alignment. */
export function specFromInline(inline: InlineSpec): TargetSpec {
  const structs: Record<string, TypeObject> = {};
  for (const [name, { size, align }] of Object.entries(inline.structs ?? {})) {
    structs[name] = koffi.struct({ bytes: [align, koffi.array('uint8_t', size)] });
  }
  const functions = Object.fromEntries(
    Object.entries(inline.functions).map(([name, fn]) => {
      const { params, ...rest } = fn;
      return [
        name,
        params === undefined
          ? rest
          : { ...rest, params: Object.fromEntries(Object.entries(params).map(([p, ps]) => [p, paramSpecOf(ps)])) },
      ];
    }),
  );
  return defineTarget({
    name: inline.name,
    library: '.',
    functions,
    helpers: inline.helpers ?? {},
    structs,
    ...(inline.typedefs === undefined ? {} : { typedefs: inline.typedefs }),
    ...(inline.header === undefined ? {} : { header: inline.header }),
    ...(inline.dictionary === undefined ? {} : { dictionary: inline.dictionary }),
    ...(inline.lifecycle === undefined ? {} : { lifecycle: inline.lifecycle }),
  });
}

function paramSpecOf(param: InlineParam): ParamSpec {
  const { fixed, ...rest } = param;
  return fixed === undefined ? (rest as ParamSpec) : { fixed: fixed === null ? null : BigInt(fixed) };
}

/** The type names an inline spec's prototypes may use. */
export function inlineTypeScope(spec: InlineSpec): TypeScope {
  return specTypeScope({ structs: Object.keys(spec.structs ?? {}), typedefs: spec.typedefs, headers: spec.header ?? [] });
}

/** Parameter names of `fn` in an inline spec (for reports); undefined when it cannot be read. */
export function inlineParamNames(spec: InlineSpec, fn: string): string[] | undefined {
  const prototype = spec.functions[fn]?.prototype;
  if (prototype === undefined) return undefined;
  try {
    return parsePrototype(prototype, inlineTypeScope(spec)).params.map((p) => p.name);
  } catch {
    return undefined;
  }
}
