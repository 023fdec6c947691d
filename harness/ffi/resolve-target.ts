import type fc from 'fast-check';
import koffi, { type TypeObject } from 'koffi';
import path from 'node:path';
import { DEFAULT_MAX_LEN } from '../config/options.js';
import { isByteBuffer, renderCType, type CType } from './c-type.js';
import { parsePrototype, type Prototype } from './prototype.js';
import { resolveLifecycle, type ResolvedLifecycle } from './resolve-lifecycle.js';
import { specError, type ErrorReturn, type FunctionSpec, type ParamSpec, type Survivable, type TargetSpec } from './target-spec.js';

type IntType = Extract<CType, { kind: 'int' }>;

/** How the engine fills one parameter; a resolved spec is a list of these per function. */
export type ParamPlan =
  | {
      readonly role: 'buffer';
      readonly name: string;
      readonly lengthIndex: number | undefined;
      readonly maxLength: number;
      readonly isConst: boolean;
      readonly content: fc.Arbitrary<Uint8Array> | undefined;
      readonly dictionary: readonly string[];
    }
  | { readonly role: 'length'; readonly name: string; readonly bufferIndex: number; readonly type: IntType }
  | { readonly role: 'int'; readonly name: string; readonly type: IntType; readonly values: fc.Arbitrary<number | bigint> | undefined }
  | { readonly role: 'float'; readonly name: string; readonly bytes: 4 | 8 }
  | { readonly role: 'bool'; readonly name: string }
  /** A handle returned by an earlier call of the sequence (the lifecycle's create function). */
  | { readonly role: 'handle'; readonly name: string; readonly type: CType }
  | { readonly role: 'output'; readonly name: string; readonly size: number; readonly align: number; readonly struct: string | undefined };

/** A function ready for the engine: parsed, paired, with its contract made explicit. */
export interface ResolvedFunction {
  readonly name: string;
  readonly prototype: Prototype;
  /** The prototype handed to koffi: every pointer parameter as `void *` so the engine passes raw addresses. */
  readonly koffiPrototype: string;
  readonly params: readonly ParamPlan[];
  readonly survives: ReadonlySet<Survivable>;
  readonly errorReturn: ErrorReturn | undefined;
  readonly lastError: string | undefined;
  readonly deterministic: boolean;
  readonly postcondition: FunctionSpec['postcondition'];
}

/** A target ready for the engine. */
export interface ResolvedTarget {
  readonly name: string;
  readonly library: { readonly kind: 'path'; readonly path: string } | { readonly kind: 'crate'; readonly dir: string };
  readonly header: string | undefined;
  readonly structs: Readonly<Record<string, TypeObject>>;
  readonly functions: readonly ResolvedFunction[];
  readonly helpers: ReadonlyMap<string, { readonly prototype: Prototype; readonly koffiPrototype: string }>;
  /** The spec's dictionary (buffers without `content` are built from it too); empty when none. */
  readonly dictionary: readonly string[];
  /** The `new / use / free` lifecycle, when the spec declares one: the engine then runs call sequences. */
  readonly lifecycle?: ResolvedLifecycle | undefined;
}

/** Default contract when the spec says nothing: byte pointers carry no alignment requirement in C, and an empty buffer is a buffer. */
export const DEFAULT_SURVIVES: readonly Survivable[] = ['zero-length', 'misaligned'];
/**
 * Resolves a validated spec against its directory; throws a spec error naming the field on any
 * inconsistency. `maxLength` (`--max-len`), when given, is every buffer's longest length, the
 * spec's own `maxLength` included.
 */
export function resolveTarget(spec: TargetSpec, specDir: string, maxLength?: number): ResolvedTarget {
  const structs = spec.structs ?? {};
  const structNames = new Set(Object.keys(structs));
  const dictionary = spec.dictionary ?? [];
  const lifecycle = resolveLifecycle(spec, structNames);
  const functions = Object.entries(spec.functions).map(([key, fn]) =>
    resolveFunction(spec.name, key, fn, structs, structNames, dictionary, maxLength, lifecycle?.handleParams.get(key)),
  );
  const helpers = new Map(
    Object.entries(spec.helpers ?? {}).map(([name, text]) => {
      const prototype = parsePrototype(text, structNames);
      if (prototype.name !== name)
        throw specError(`the prototype declares '${prototype.name}', not '${name}'`, `defineTarget('${spec.name}').helpers.${name}`);
      return [name, { prototype, koffiPrototype: koffiPrototypeOf(prototype) }] as const;
    }),
  );
  const lib = spec.library;
  return {
    name: spec.name,
    library:
      typeof lib === 'string'
        ? { kind: 'path', path: path.resolve(specDir, lib) }
        : { kind: 'crate', dir: path.resolve(specDir, lib.crate) },
    header: spec.header === undefined ? undefined : path.resolve(specDir, spec.header),
    structs,
    functions,
    helpers,
    dictionary,
    lifecycle,
  };
}

function resolveFunction(
  target: string,
  key: string,
  fn: FunctionSpec,
  structs: Readonly<Record<string, TypeObject>>,
  structNames: ReadonlySet<string>,
  dictionary: readonly string[],
  maxLength: number | undefined,
  handleIndex?: number,
): ResolvedFunction {
  const where = (field: string) => `defineTarget('${target}').functions.${key}${field}`;
  const prototype = parsePrototype(fn.prototype, structNames);
  if (prototype.name !== key) throw specError(`the prototype declares '${prototype.name}', not '${key}'`, where('.prototype'));
  const specs = fn.params ?? {};
  for (const name of Object.keys(specs)) {
    if (!prototype.params.some((p) => p.name === name)) {
      throw specError(
        `params names '${name}', which is not a parameter of ${key}`,
        where(`.params.${name}`),
        `parameters: ${prototype.params.map((p) => p.name).join(', ')}`,
      );
    }
  }
  // Pair each byte buffer with its length: the one the spec names, else the integer right after it.
  const lengthOf = new Map<number, number>();
  prototype.params.forEach((param, index) => {
    const ps = specs[param.name];
    if (!isByteBuffer(param.type) || (ps !== undefined && 'output' in ps) || index === handleIndex) return;
    const named = ps !== undefined && 'length' in ps ? (ps as { length?: string }).length : undefined;
    const lengthIndex =
      named !== undefined
        ? prototype.params.findIndex((p) => p.name === named)
        : prototype.params[index + 1]?.type.kind === 'int' && index + 1 !== handleIndex
          ? index + 1
          : -1;
    if (named !== undefined && (lengthIndex < 0 || prototype.params[lengthIndex]!.type.kind !== 'int')) {
      throw specError(`length '${named}' is not an integer parameter of ${key}`, where(`.params.${param.name}.length`));
    }
    if (lengthIndex >= 0 && ![...lengthOf.values()].includes(lengthIndex)) lengthOf.set(index, lengthIndex);
  });
  const bufferOfLength = new Map([...lengthOf].map(([b, l]) => [l, b]));
  const params = prototype.params.map((param, index): ParamPlan => {
    const ps: ParamSpec | undefined = specs[param.name];
    if (index === handleIndex) return { role: 'handle', name: param.name, type: param.type };
    const t = param.type;
    const bufferIndex = bufferOfLength.get(index);
    if (bufferIndex !== undefined && t.kind === 'int') return { role: 'length', name: param.name, bufferIndex, type: t };
    if (ps !== undefined && 'output' in ps) return outputPlan(param.name, ps.output, structs, where(`.params.${param.name}.output`));
    if (t.kind === 'pointer' && t.to.kind === 'struct' && !t.isConst)
      return outputPlan(param.name, t.to.name, structs, where(`.params.${param.name}`));
    if (isByteBuffer(t) && t.kind === 'pointer') {
      const bs = ps as { content?: fc.Arbitrary<Uint8Array>; maxLength?: number } | undefined;
      return {
        role: 'buffer',
        name: param.name,
        lengthIndex: lengthOf.get(index),
        maxLength: maxLength ?? bs?.maxLength ?? DEFAULT_MAX_LEN,
        isConst: t.isConst,
        content: bs?.content,
        dictionary,
      };
    }
    if (t.kind === 'int')
      return { role: 'int', name: param.name, type: t, values: ps !== undefined && 'values' in ps ? ps.values : undefined };
    if (t.kind === 'float') return { role: 'float', name: param.name, bytes: t.bytes };
    if (t.kind === 'bool') return { role: 'bool', name: param.name };
    throw specError(
      `cannot generate parameter '${param.name}' of type ${renderCType(t)}`,
      where(`.params.${param.name}`),
      'give it { output: <struct or size> } or change the prototype',
    );
  });
  return {
    name: key,
    prototype,
    koffiPrototype: koffiPrototypeOf(prototype),
    params,
    survives: new Set(fn.contract?.survives ?? DEFAULT_SURVIVES),
    errorReturn: fn.contract?.errorReturn,
    lastError: fn.lastError,
    deterministic: fn.contract?.deterministic ?? true,
    postcondition: fn.postcondition,
  };
}

function outputPlan(name: string, output: string | number, structs: Readonly<Record<string, TypeObject>>, where: string): ParamPlan {
  if (typeof output === 'number') {
    if (!Number.isInteger(output) || output <= 0) throw specError('an output size must be a positive integer', where);
    return { role: 'output', name, size: output, align: 16, struct: undefined };
  }
  const type = structs[output];
  if (type === undefined)
    throw specError(`struct '${output}' is not declared in structs`, where, 'declare it with koffi.struct / koffi.pack in structs');
  return { role: 'output', name, size: koffi.sizeof(type), align: koffi.alignof(type), struct: output };
}

// Pointers travel as raw addresses (BigInt); a returned `const char *` stays a string so koffi copies it for us.
function koffiPrototypeOf(proto: Prototype): string {
  const ret = proto.returns;
  const returns = ret.kind === 'pointer' ? (ret.to.kind === 'int' && ret.to.name === 'char' ? 'const char *' : 'void *') : renderCType(ret);
  const params = proto.params.map((p) => `${p.type.kind === 'pointer' ? 'void *' : renderCType(p.type)} ${p.name}`);
  return `${returns} ${proto.name}(${params.join(', ')})`;
}
