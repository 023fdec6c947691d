import { HarnessError } from '../model/harness-error.js';
import { renderCType, type CType } from './c-type.js';
import { parsePrototype, type TypeScope } from './prototype.js';
import type { TargetSpec } from './target-spec.js';

/** A lifecycle checked against the prototypes: every handle parameter found, the contract explicit. */
export interface ResolvedLifecycle {
  readonly create: string;
  readonly use: readonly string[];
  readonly release: string;
  readonly rejectsStale: boolean;
  /** The handle parameter's index in each use and release function. */
  readonly handleParams: ReadonlyMap<string, number>;
  /** The C type of the handle (what `create` returns). */
  readonly handleType: CType;
}

/** The lifecycle role of a function, if it has one. */
export type LifecycleRole = 'create' | 'use' | 'release';

export function roleOf(lifecycle: ResolvedLifecycle, fn: string): LifecycleRole | undefined {
  if (fn === lifecycle.create) return 'create';
  if (fn === lifecycle.release) return 'release';
  return lifecycle.use.includes(fn) ? 'use' : undefined;
}

/**
 * Resolves a spec's lifecycle (its shape was checked by defineTarget): finds the handle parameter
 * of every use/release function and checks that the contract can be judged. Errors name the field.
 */
export function resolveLifecycle(spec: TargetSpec, scope: TypeScope): ResolvedLifecycle | undefined {
  const lifecycle = spec.lifecycle;
  if (lifecycle === undefined) return undefined;
  const where = (field: string) => `defineTarget('${spec.name}').${field}`;
  const bad = (message: string, field: string, hint?: string) =>
    new HarnessError('bad-spec', message, hint === undefined ? { where: where(field) } : { where: where(field), hint });
  const prototypeOf = (name: string) => parsePrototype(spec.functions[name]!.prototype, scope);
  const handleType = prototypeOf(lifecycle.create).returns;
  if (handleType.kind !== 'int' && handleType.kind !== 'pointer') {
    throw bad(
      `${lifecycle.create} returns ${renderCType(handleType)}; the create function must return the handle (an integer id or a pointer)`,
      'lifecycle.create',
    );
  }
  const use = lifecycle.use ?? [];
  const rejectsStale = lifecycle.rejectsStale ?? false;
  const handleParams = new Map<string, number>();
  const takers: [string, string][] = [
    ...use.map((fn, i): [string, string] => [fn, `lifecycle.use[${i}]`]),
    [lifecycle.release, 'lifecycle.release'],
  ];
  for (const [fn, field] of takers) {
    const params = prototypeOf(fn).params;
    const named = lifecycle.handles?.[fn];
    let index: number;
    if (named !== undefined) {
      index = params.findIndex((p) => p.name === named);
      if (index < 0)
        throw bad(
          `'${named}' is not a parameter of ${fn}`,
          `lifecycle.handles.${fn}`,
          `parameters: ${params.map((p) => p.name).join(', ') || '(none)'}`,
        );
      if (!sameHandleType(params[index]!.type, handleType)) {
        throw bad(
          `parameter '${named}' of ${fn} is ${renderCType(params[index]!.type)}, but handles are ${renderCType(handleType)} (what ${lifecycle.create} returns)`,
          `lifecycle.handles.${fn}`,
        );
      }
    } else {
      const candidates = params.flatMap((p, i) => (sameHandleType(p.type, handleType) ? [i] : []));
      if (candidates.length === 0)
        throw bad(`${fn} has no parameter of the handle type ${renderCType(handleType)} (what ${lifecycle.create} returns)`, field);
      if (candidates.length > 1) {
        throw bad(
          `${fn} has several parameters of the handle type ${renderCType(handleType)}`,
          field,
          `name the handle: handles: { ${fn}: '${params[candidates[0]!]!.name}' }`,
        );
      }
      index = candidates[0]!;
    }
    handleParams.set(fn, index);
    // A void function has nothing to reject with: it keeps its promise by not crashing.
    if (rejectsStale && spec.functions[fn]!.contract?.errorReturn === undefined && prototypeOf(fn).returns.kind !== 'void') {
      throw bad(
        `rejectsStale needs ${fn}'s contract.errorReturn, to tell a rejected handle from success`,
        `functions.${fn}.contract.errorReturn`,
        "e.g. contract: { errorReturn: 'negative' }",
      );
    }
  }
  return { create: lifecycle.create, use: [...use], release: lifecycle.release, rejectsStale, handleParams, handleType };
}

/** Handle types match when they are the same integer (size and sign) or a pointer to the same type, const aside. */
export function sameHandleType(a: CType, b: CType): boolean {
  if (a.kind === 'int' && b.kind === 'int') return a.bytes === b.bytes && a.signed === b.signed;
  if (a.kind === 'pointer' && b.kind === 'pointer') return renderCType(a.to) === renderCType(b.to);
  return false;
}
