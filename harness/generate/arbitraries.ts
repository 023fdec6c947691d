import fc from 'fast-check';
import { integerRange } from '../ffi/c-type.js';
import type { ParamPlan, ResolvedFunction } from '../ffi/resolve-target.js';
import type { ArgValue, CallInput } from '../model/call-input.js';
import { dictionaryContent } from './dictionary-content.js';
import { headerEdges } from './header-edges.js';
import { repeatedContent } from './repeated-content.js';
import { alignment, capacityArg, corruptUtf8, cstringArg, orNull } from './pointer-arbitraries.js';

type BufferPlan = Extract<ParamPlan, { role: 'buffer' }>;
type IntPlan = Extract<ParamPlan, { role: 'int' | 'length' }>;
/** The parameter that passes a buffer's size: by value, or through a pointer (in/out). */
type SizePlan = Extract<ParamPlan, { role: 'length' | 'inout' }>;

/** The placeholder argument of a size parameter: callArbitrary points it at its buffer. */
function sizeOf(plan: SizePlan | undefined): ArgValue | undefined {
  return plan === undefined ? undefined : { kind: plan.role, of: -1 };
}

/** Longest buffer of random bytes: longer inputs are built by repetition (generating 64 KiB byte by byte is slow and pointless). */
const RANDOM_BYTES_MAX = 4096;

/**
 * Random bytes, mostly short, sometimes up to 4 KiB; now and then size-overflow edges in a
 * header (header-edges.ts) or a long input made of one repeated unit up to `maxLength`
 * (repeated-content.ts).
 */
export function defaultContent(maxLength: number, tokens: readonly string[] = []): fc.Arbitrary<Uint8Array> {
  const random = Math.min(maxLength, RANDOM_BYTES_MAX);
  return fc.oneof(
    { weight: 6, arbitrary: fc.uint8Array({ maxLength: Math.min(random, 64) }) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: random, size: 'large' }) },
    { weight: 1, arbitrary: headerEdges(maxLength) },
    { weight: 1, arbitrary: repeatedContent(maxLength, tokens) },
  );
}

/** Buffers with no content of their own but a dictionary: documents built from it, and random bytes. */
function withDictionary(plan: BufferPlan): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 1, arbitrary: defaultContent(plan.maxLength, plan.dictionary) },
    { weight: 3, arbitrary: dictionaryContent(plan.dictionary, plan.maxLength) },
  );
}

/** Integers biased to the boundaries of their C type, where off-by-one and sign bugs live. */
export function boundaryInteger(type: IntPlan['type']): fc.Arbitrary<bigint> {
  const { min, max } = integerRange(type);
  const edges = [min, min + 1n, -1n, 0n, 1n, 2n, max - 1n, max].filter((v) => v >= min && v <= max);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: fc.bigInt({ min: min > -256n ? min : -256n, max: max < 256n ? max : 256n }) },
    { weight: 1, arbitrary: fc.bigInt({ min, max }) },
  );
}

/** Declared length relative to the real length `n`, restricted to what the contract promises to survive. */
function declaredLength(
  n: number,
  lengthType: IntPlan['type'] | undefined,
  survives: ReadonlySet<string>,
): fc.Arbitrary<number | undefined> {
  const options: fc.WeightedArbitrary<number | undefined>[] = [{ weight: 8, arbitrary: fc.constant(undefined) }];
  // Shorter than the buffer (memory-safe: the bytes are there), down to 0 if zero length is survived.
  const shortest = survives.has('zero-length') ? 0 : 1;
  if (n - 1 >= shortest) options.push({ weight: 1, arbitrary: fc.integer({ min: shortest, max: n - 1 }) });
  if (survives.has('negative-length') && lengthType?.signed) {
    const min = Number(integerRange(lengthType).min);
    options.push({ weight: 1, arbitrary: fc.oneof(fc.constantFrom(-1, min), fc.integer({ min: Math.max(min, -65536), max: -1 })) });
  }
  if (survives.has('oversized') && lengthType !== undefined) {
    const max = Number(
      integerRange(lengthType).max > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : integerRange(lengthType).max,
    );
    options.push({ weight: 1, arbitrary: fc.oneof(fc.constant(max), fc.integer({ min: n + 1, max: Math.min(max, n + 4096) })) });
  }
  return fc.oneof(...options);
}

function bufferArgs(plan: BufferPlan, lengthPlan: SizePlan | undefined): fc.Arbitrary<{ buffer: ArgValue; length: ArgValue | undefined }> {
  const survives = plan.survives;
  let content = plan.content ?? (plan.dictionary.length === 0 ? defaultContent(plan.maxLength) : withDictionary(plan));
  if (plan.content !== undefined && survives.has('invalid-utf8'))
    content = fc.oneof({ weight: 4, arbitrary: content }, { weight: 1, arbitrary: corruptUtf8(content) });
  if (!survives.has('zero-length')) content = content.map((b) => (b.length === 0 ? Uint8Array.of(0) : b));
  // A pointer without a length parameter is a C string: NUL-terminate it.
  if (lengthPlan === undefined) content = content.map((b) => Uint8Array.of(...b, 0));
  const present = content.chain((bytes) =>
    fc.tuple(alignment(survives.has('misaligned')), declaredLength(bytes.length, lengthPlan?.type, survives)).map(([align, declared]) => ({
      buffer: (declared === undefined
        ? { kind: 'buffer', bytes, align }
        : { kind: 'buffer', bytes, align, declaredLength: declared }) as ArgValue,
      length: sizeOf(lengthPlan),
    })),
  );
  if (plan.nullable)
    return orNull(
      present.map(({ buffer }) => buffer),
      true,
    ).map((buffer) => ({ buffer, length: sizeOf(lengthPlan) }));
  if (!survives.has('null')) return present;
  // A lying length for the NULL pointer; through an in/out pointer it stays 0 (the pointer itself is real).
  const nullLength =
    lengthPlan === undefined || lengthPlan.role === 'inout'
      ? fc.constant(sizeOf(lengthPlan))
      : fc.oneof(fc.constant(0n), boundaryInteger(lengthPlan.type)).map((value): ArgValue => ({ kind: 'int', value }));
  const absent = nullLength.map((length) => ({ buffer: { kind: 'null' } as ArgValue, length }));
  return fc.oneof({ weight: 9, arbitrary: present }, { weight: 1, arbitrary: absent });
}

/** An arbitrary of whole calls to `fn`, derived from its parameter plan and contract. */
export function callArbitrary(fn: ResolvedFunction): fc.Arbitrary<CallInput> {
  const parts = fn.params.map((plan, index): fc.Arbitrary<[number, ArgValue | undefined, number | undefined, ArgValue | undefined]> => {
    switch (plan.role) {
      case 'buffer': {
        const lengthPlan = plan.lengthIndex === undefined ? undefined : (fn.params[plan.lengthIndex] as SizePlan);
        return bufferArgs(plan, lengthPlan).map(({ buffer, length }) => [
          index,
          buffer,
          plan.lengthIndex,
          length?.kind === 'length' || length?.kind === 'inout' ? { kind: length.kind, of: index } : length,
        ]);
      }
      case 'cstring':
        return cstringArg(plan).map((arg) => [index, arg, undefined, undefined]);
      case 'capacity': {
        const size = sizeOf(fn.params[plan.sizeIndex] as SizePlan)!;
        return capacityArg(plan).map((arg) => [index, arg, plan.sizeIndex, { kind: size.kind, of: index } as ArgValue]);
      }
      case 'fixed':
        return fc.constant([index, plan.value === null ? { kind: 'null' } : { kind: 'int', value: plan.value }, undefined, undefined]);
      case 'length':
      case 'inout':
        return fc.constant([index, undefined, undefined, undefined]);
      case 'int':
        return (plan.values ?? boundaryInteger(plan.type)).map((v) => [index, { kind: 'int', value: BigInt(v) }, undefined, undefined]);
      case 'float':
        return fc.double().map((value) => [index, { kind: 'float', value }, undefined, undefined]);
      case 'bool':
        return fc.boolean().map((value) => [index, { kind: 'bool', value }, undefined, undefined]);
      case 'handle':
        // No earlier call to take a handle from: the invalid handle. Sequences (sequence-arbitrary.ts) link it.
        return fc.constant([index, { kind: 'handle', from: -1 }, undefined, undefined]);
      case 'output':
        // Any address the caller may legally pass: every multiple of the declared alignment below 16.
        return fc
          .integer({ min: 0, max: Math.max(0, Math.floor(15 / plan.align)) })
          .map((k) => [index, { kind: 'output', size: plan.size, align: k * plan.align }, undefined, undefined]);
      default: {
        const never: never = plan;
        return never;
      }
    }
  });
  return fc.tuple(...parts).map((filled) => {
    const args: ArgValue[] = new Array(fn.params.length);
    for (const [index, arg, lengthIndex, lengthArg] of filled) {
      if (arg !== undefined) args[index] = arg;
      if (lengthIndex !== undefined && lengthArg !== undefined) args[lengthIndex] = lengthArg;
    }
    return { fn: fn.name, args };
  });
}
