import type { TypeObject } from 'koffi';
import path from 'node:path';
import { isByteBuffer, renderCType } from './c-type.js';
import { parsePrototype, type Prototype, type TypeScope } from './prototype.js';
import { planParams, type ParamPlan } from './resolve-params.js';
import { resolveLifecycle, type ResolvedLifecycle } from './resolve-lifecycle.js';
import { specError, type ErrorReturn, type FunctionSpec, type Survivable, type TargetSpec } from './target-spec.js';
import { specTypeScope } from './type-scope.js';

export { DEFAULT_MAX_LENGTH, type ParamPlan } from './resolve-params.js';

/**
 * What the engine does with a returned value: compare it (a scalar), leave it alone (a pointer is
 * an address: never read, never compared), or read it as a string; a pointer with a releaser is
 * freed right after the call, unless a call sequence holds it as a handle.
 */
export type ReturnPlan =
  | { readonly kind: 'value' }
  | { readonly kind: 'pointer'; readonly releaser: string | undefined }
  | { readonly kind: 'cstring'; readonly releaser: string | undefined };

/** A function ready for the engine: parsed, paired, with its contract made explicit. */
export interface ResolvedFunction {
  readonly name: string;
  readonly prototype: Prototype;
  /** The prototype handed to koffi: every pointer as `void *`, so the engine passes and gets raw addresses. */
  readonly koffiPrototype: string;
  readonly params: readonly ParamPlan[];
  readonly returns: ReturnPlan;
  /** The lifecycle's create function: inside a call sequence its result is a handle the sequence keeps. */
  readonly createsHandle: boolean;
  readonly survives: ReadonlySet<Survivable>;
  readonly errorReturn: ErrorReturn | undefined;
  readonly lastError: string | undefined;
  /** Its result may be compared between two calls with the same input (never so for a returned pointer). */
  readonly deterministic: boolean;
  readonly postcondition: FunctionSpec['postcondition'];
}

/** A helper the harness calls but does not fuzz (a last-error getter, a releaser). */
export interface ResolvedHelper {
  readonly prototype: Prototype;
  readonly koffiPrototype: string;
}

/** A target ready for the engine. */
export interface ResolvedTarget {
  readonly name: string;
  readonly library: { readonly kind: 'path'; readonly path: string } | { readonly kind: 'crate'; readonly dir: string };
  /** The first of `headers` (the one `abi` compares struct layouts with). */
  readonly header: string | undefined;
  /** The spec's headers, absolute. */
  readonly headers: readonly string[];
  readonly structs: Readonly<Record<string, TypeObject>>;
  readonly functions: readonly ResolvedFunction[];
  readonly helpers: ReadonlyMap<string, ResolvedHelper>;
  /** The spec's dictionary (buffers without `content` are built from it too); empty when none. */
  readonly dictionary: readonly string[];
  /** The `new / use / free` lifecycle, when the spec declares one: the engine then runs call sequences. */
  readonly lifecycle?: ResolvedLifecycle | undefined;
}

/** Default contract when the spec says nothing: byte pointers carry no alignment requirement in C, and an empty buffer is a buffer. */
export const DEFAULT_SURVIVES: readonly Survivable[] = ['zero-length', 'misaligned'];

/** The spec's headers as absolute paths. */
export function headersOf(spec: TargetSpec, specDir: string): string[] {
  const header = spec.header;
  return (header === undefined ? [] : typeof header === 'string' ? [header] : [...header]).map((h) => path.resolve(specDir, h));
}

/**
 * Resolves a validated spec against its directory; throws a spec error naming the field on any
 * inconsistency. `maxLength` (`--max-len`), when given, is every input buffer's longest length,
 * the spec's own `maxLength` included.
 */
export function resolveTarget(spec: TargetSpec, specDir: string, maxLength?: number): ResolvedTarget {
  const structs = spec.structs ?? {};
  const headers = headersOf(spec, specDir);
  const scope = specTypeScope({ structs: Object.keys(structs), typedefs: spec.typedefs, headers });
  const dictionary = spec.dictionary ?? [];
  const lifecycle = resolveLifecycle(spec, scope);
  const helpers = new Map(
    Object.entries(spec.helpers ?? {}).map(([name, text]) => {
      const prototype = parsePrototype(text, scope);
      if (prototype.name !== name)
        throw specError(`the prototype declares '${prototype.name}', not '${name}'`, `defineTarget('${spec.name}').helpers.${name}`);
      return [name, { prototype, koffiPrototype: koffiPrototypeOf(prototype, true) }] as const;
    }),
  );
  const functions = Object.entries(spec.functions).map(([key, fn]) => {
    const where = (field: string) => `defineTarget('${spec.name}').functions.${key}${field}`;
    const prototype = parsePrototype(fn.prototype, scope);
    if (prototype.name !== key) throw specError(`the prototype declares '${prototype.name}', not '${key}'`, where('.prototype'));
    const survives = new Set(fn.contract?.survives ?? DEFAULT_SURVIVES);
    const handleIndex = lifecycle?.handleParams.get(key);
    const handle = handleIndex === undefined ? undefined : { index: handleIndex, rejectsStale: lifecycle!.rejectsStale };
    const params = planParams(prototype, fn.params ?? {}, { structs, dictionary, survives, handle, where, maxLength });
    const returns = returnPlanOf(prototype, fn, where, (name) => helpers.get(name)?.prototype ?? parseReleaser(spec, name, scope));
    if (returns.kind === 'pointer' && fn.contract?.deterministic === true)
      throw specError(
        `${key} returns a pointer, which cannot be compared between calls`,
        where('.contract.deterministic'),
        'declare returns: { cstring: true } to compare a returned string by content, or drop deterministic',
      );
    return {
      name: key,
      prototype,
      koffiPrototype: koffiPrototypeOf(prototype, false),
      params,
      returns,
      createsHandle: lifecycle?.create === key,
      survives,
      errorReturn: fn.contract?.errorReturn,
      lastError: fn.lastError,
      deterministic: fn.contract?.deterministic ?? returns.kind !== 'pointer',
      postcondition: fn.postcondition,
    };
  });
  const lib = spec.library;
  return {
    name: spec.name,
    library:
      typeof lib === 'string'
        ? { kind: 'path', path: path.resolve(specDir, lib) }
        : { kind: 'crate', dir: path.resolve(specDir, lib.crate) },
    header: headers[0],
    headers,
    structs,
    functions,
    helpers,
    dictionary,
    lifecycle,
  };
}

function parseReleaser(spec: TargetSpec, name: string, scope: TypeScope): Prototype | undefined {
  const fn = spec.functions[name];
  return fn === undefined ? undefined : parsePrototype(fn.prototype, scope);
}

// Checks `returns` against the prototype: only a pointer can be a string or be released, and a
// releaser takes exactly one pointer.
function returnPlanOf(
  prototype: Prototype,
  fn: FunctionSpec,
  where: (field: string) => string,
  releaserOf: (name: string) => Prototype | undefined,
): ReturnPlan {
  const ret = prototype.returns;
  const spec = fn.returns ?? {};
  if (ret.kind !== 'pointer') {
    if (spec.cstring === true || spec.releaser !== undefined)
      throw specError(`${prototype.name} returns ${renderCType(ret)}, not a pointer`, where('.returns'));
    return { kind: 'value' };
  }
  if (spec.cstring === true && !isByteBuffer(ret))
    throw specError(`cstring needs a char pointer return, but ${prototype.name} returns ${renderCType(ret)}`, where('.returns.cstring'));
  const releaser = spec.releaser;
  if (releaser !== undefined) {
    const proto = releaserOf(releaser);
    if (proto === undefined || proto.params.length !== 1 || proto.params[0]!.type.kind !== 'pointer')
      throw specError(
        `the releaser ${releaser} must take exactly one pointer`,
        where('.returns.releaser'),
        `e.g. helpers: { ${releaser}: 'void ${releaser}(void *p)' }`,
      );
  }
  return { kind: spec.cstring === true ? 'cstring' : 'pointer', releaser };
}

// Pointers travel as raw addresses (BigInt). A helper's `const char *` (a last-error getter) is
// a string by its contract, so koffi copies it; a fuzzed function's returned pointer is never
// decoded by koffi (it may not be a string: the engine reads declared strings itself, safely).
function koffiPrototypeOf(proto: Prototype, helper: boolean): string {
  const ret = proto.returns;
  const isString = helper && ret.kind === 'pointer' && ret.to.kind === 'int' && ret.to.name === 'char';
  const returns = ret.kind === 'pointer' ? (isString ? 'const char *' : 'void *') : renderCType(ret);
  const params = proto.params.map((p) => `${p.type.kind === 'pointer' ? 'void *' : renderCType(p.type)} ${p.name}`);
  return `${returns} ${proto.name}(${params.join(', ')})`;
}
