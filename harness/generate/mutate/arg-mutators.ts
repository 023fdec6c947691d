import { integerRange } from '../../ffi/c-type.js';
import type { ParamPlan, ResolvedFunction } from '../../ffi/resolve-target.js';
import type { ArgValue } from '../../model/call-input.js';
import { INTEREST_OF_WIDTH } from './interesting-values.js';
import type { CompareOperands } from './mutator.js';
import type { Rng } from './rng.js';

// Mutations of the parts of a call that are not buffer bytes: where the buffer sits (alignment),
// the length the caller claims, NULL instead of a buffer, and scalar arguments. Each respects the
// function's contract: only what `survives` promises is generated, as in property mode.

type IntType = Extract<ParamPlan, { role: 'int' }>['type'];
type BufferArg = Extract<ArgValue, { kind: 'buffer' }>;

/** A new alignment offset for a buffer: 0 unless misaligned pointers are in the contract. */
export function mutateAlign(fn: ResolvedFunction, rng: Rng): number {
  if (!fn.survives.has('misaligned')) return 0;
  return rng.oneIn(3) ? rng.pick([0, 8]) : rng.below(16);
}

/** Whether `declared` is a length the contract allows for a buffer of `n` bytes. */
export function declaredAllowed(fn: ResolvedFunction, lengthType: IntType | undefined, n: number, declared: number | undefined): boolean {
  if (declared === undefined) return true;
  if (lengthType === undefined) return false;
  const shortest = fn.survives.has('zero-length') ? 0 : 1;
  if (declared >= shortest && declared < n) return true;
  if (declared < 0) return fn.survives.has('negative-length') && lengthType.signed && BigInt(declared) >= integerRange(lengthType).min;
  if (declared > n) return fn.survives.has('oversized') && BigInt(declared) <= integerRange(lengthType).max;
  return false;
}

/** A new declared length for a buffer of `n` bytes: honest (undefined), shorter, negative or oversized as the contract allows. */
export function mutateDeclared(
  fn: ResolvedFunction,
  lengthType: IntType | undefined,
  n: number,
  current: number | undefined,
  rng: Rng,
): number | undefined {
  if (lengthType === undefined) return undefined;
  const candidates: (number | undefined)[] = [undefined];
  const shortest = fn.survives.has('zero-length') ? 0 : 1;
  if (n - 1 >= shortest) candidates.push(rng.between(shortest, n - 1), n - 1, shortest);
  if (current !== undefined) candidates.push(current + 1, current - 1);
  if (fn.survives.has('negative-length') && lengthType.signed)
    candidates.push(-1, Number(integerRange(lengthType).min), -rng.between(1, 65536));
  if (fn.survives.has('oversized'))
    candidates.push(
      n + 1,
      n + rng.between(1, 4096),
      Number(
        integerRange(lengthType).max > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : integerRange(lengthType).max,
      ),
    );
  const pick = rng.pick(candidates);
  return declaredAllowed(fn, lengthType, n, pick) ? pick : undefined;
}

/** Keeps a buffer's declared length valid after its bytes changed size. */
export function refitDeclared(fn: ResolvedFunction, lengthType: IntType | undefined, arg: BufferArg, n: number): number | undefined {
  return declaredAllowed(fn, lengthType, n, arg.declaredLength) ? arg.declaredLength : undefined;
}

/**
 * A new value for an integer parameter: an edge of its type, a small step from the current
 * value, a compared operand that fits, a value from the spec's own arbitrary (`pool`), or random.
 */
export function mutateInt(
  type: IntType,
  current: bigint,
  rng: Rng,
  compares: readonly CompareOperands[],
  pool: readonly bigint[] | undefined,
): bigint {
  const { min, max } = integerRange(type);
  if (pool !== undefined && pool.length > 0) return rng.pick(pool);
  const clamp = (v: bigint): bigint => (v < min ? min : v > max ? max : v);
  switch (rng.below(5)) {
    case 0: {
      const edges = [min, min + 1n, -1n, 0n, 1n, max - 1n, max, ...INTEREST_OF_WIDTH[type.bytes]!].filter((v) => v >= min && v <= max);
      return rng.pick(edges);
    }
    case 1:
      return clamp(current + BigInt(rng.between(1, 16)) * (rng.bool() ? 1n : -1n));
    case 2: {
      const pair = compares.length > 0 ? rng.pick(compares) : undefined;
      if (pair?.kind === 'int') {
        const bytes = rng.bool() ? pair.a : pair.b;
        let v = 0n;
        for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
        v = type.signed ? BigInt.asIntN(pair.size * 8, v) : v;
        if (v >= min && v <= max) return v;
      }
      return clamp(current ^ (1n << BigInt(rng.below(type.bytes * 8))));
    }
    case 3:
      return clamp(current ^ (1n << BigInt(rng.below(type.bytes * 8))));
    default: {
      const span = max - min + 1n;
      const r = (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
      return min + (r % span);
    }
  }
}

/** A new value for a float parameter: specials, a nudge, or a random value. */
export function mutateFloat(current: number, rng: Rng): number {
  const specials = [
    0,
    -0,
    1,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    1e-300,
    1e300,
  ];
  switch (rng.below(3)) {
    case 0:
      return rng.pick(specials);
    case 1:
      return current * (rng.bool() ? 2 : 0.5) + (rng.bool() ? 1 : -1);
    default:
      return (rng.u32() / 0x100000000 - 0.5) * 2 ** rng.between(-20, 60);
  }
}

/** A new alignment for an output buffer: any multiple of the struct's alignment below 16. */
export function mutateOutputAlign(plan: Extract<ParamPlan, { role: 'output' }>, rng: Rng): number {
  return rng.below(Math.max(0, Math.floor(15 / plan.align)) + 1) * plan.align;
}
