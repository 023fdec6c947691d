import { isUtf8 } from 'node:buffer';
import type { ArgJson, CallInputJson } from '../../../model/call-input.js';

/**
 * Candidate simplifications of one call. A strategy reads the current best call through
 * `current()` before each candidate, so after a success it goes on from the smaller call
 * instead of starting over (delta debugging stays O(n log n) runs). The driver rejects any
 * candidate that is not smaller than the current best.
 * Order matters: large wins (drop bytes) before fine ones (shift alignment, shrink ints).
 */
export type Strategy = (current: () => CallInputJson) => Iterable<CallInputJson>;

type BufferJson = Extract<ArgJson, { kind: 'buffer' | 'cstring' }>;

function withArg(call: CallInputJson, index: number, arg: ArgJson): CallInputJson {
  return { fn: call.fn, args: call.args.map((a, i) => (i === index ? arg : a)) };
}

/** The byte arguments: buffers and C strings (whose NUL is not in `hex`). */
function buffers(call: CallInputJson): [number, BufferJson][] {
  return call.args.flatMap((a, i) => (a.kind === 'buffer' || a.kind === 'cstring' ? [[i, a] as [number, BufferJson]] : []));
}

/**
 * A buffer with `hex` replaced; a declared length that was exact-or-shorter stays within the
 * bytes. A C string that was valid UTF-8 must stay so (its contract may say UTF-8 only): an
 * invalid candidate gives undefined, as would one with a NUL.
 */
function rebytes(arg: BufferJson, hex: string): BufferJson | undefined {
  if (arg.kind === 'cstring') {
    const bytes = Buffer.from(hex, 'hex');
    if (bytes.includes(0) || (isUtf8(Buffer.from(arg.hex, 'hex')) && !isUtf8(bytes))) return undefined;
    return { ...arg, hex };
  }
  const length = hex.length / 2;
  if (arg.declaredLength === undefined || arg.declaredLength < 0) return { ...arg, hex };
  return { ...arg, hex, declaredLength: Math.min(arg.declaredLength, length) };
}

function* withBytes(call: CallInputJson, index: number, arg: BufferJson, hex: string): Iterable<CallInputJson> {
  const changed = rebytes(arg, hex);
  if (changed !== undefined) yield withArg(call, index, changed);
}

const hexOf = (call: CallInputJson, index: number) => (call.args[index] as BufferJson).hex;

/**
 * How many leading bytes of buffer `index` the minimizer may drop: all of them, except the NUL
 * terminator of a C string (a buffer no length parameter measures): without it the function
 * would read past the buffer, a different call from the one that failed.
 */
function droppableBytes(call: CallInputJson, index: number): number {
  const hex = hexOf(call, index);
  const measured = call.args.some((a) => a.kind === 'length' && a.of === index);
  return !measured && hex.endsWith('00') ? hex.length / 2 - 1 : hex.length / 2;
}

/** Delta debugging on bytes: remove chunks of n/2, n/4, … 1 bytes, from the end backwards. */
export function* removeChunks(current: () => CallInputJson): Iterable<CallInputJson> {
  for (const [index] of buffers(current())) {
    for (let size = Math.max(1, droppableBytes(current(), index) >> 1); size >= 1; size >>= 1) {
      for (let at = droppableBytes(current(), index) - size; at >= 0; at -= size) {
        const call = current();
        const arg = call.args[index] as BufferJson;
        const n = droppableBytes(call, index);
        if (at + size > n) at = n - size;
        if (at < 0) break;
        yield* withBytes(call, index, arg, arg.hex.slice(0, at * 2) + arg.hex.slice((at + size) * 2));
      }
    }
  }
}

/** Alignment toward 0: 0 first, then each smaller offset (the smallest that still fails wins). */
export function* lowerAlignment(current: () => CallInputJson): Iterable<CallInputJson> {
  for (const [index, original] of current().args.entries()) {
    if (original.kind !== 'buffer' && original.kind !== 'cstring' && original.kind !== 'output' && original.kind !== 'capacity') continue;
    for (let align = 0; align < original.align; align++) {
      const arg = current().args[index] as typeof original;
      if (align >= arg.align) break;
      yield withArg(current(), index, { ...arg, align });
    }
  }
}

/** A lying length toward the truth: exact, then 0, then halfway. */
export function* simplifyLengths(current: () => CallInputJson): Iterable<CallInputJson> {
  const call = current();
  for (const [index, arg] of buffers(call)) {
    if (arg.kind !== 'buffer' || arg.declaredLength === undefined) continue;
    const { declaredLength, ...exact } = arg;
    yield withArg(call, index, exact);
    if (declaredLength !== 0) yield withArg(call, index, { ...arg, declaredLength: 0 });
    if (declaredLength < -1) yield withArg(call, index, { ...arg, declaredLength: -1 });
    const half = Math.trunc(declaredLength / 2);
    if (half !== declaredLength && half !== 0) yield withArg(call, index, { ...arg, declaredLength: half });
  }
}

/** Integers toward 0: 0, then halfway. */
export function* shrinkIntegers(current: () => CallInputJson): Iterable<CallInputJson> {
  const call = current();
  for (const [index, arg] of call.args.entries()) {
    if (arg.kind !== 'int' || arg.value === '0') continue;
    yield withArg(call, index, { kind: 'int', value: '0' });
    const half = BigInt(arg.value) / 2n;
    if (half !== 0n) yield withArg(call, index, { kind: 'int', value: half.toString() });
  }
}

/** Bytes toward a canonical one ('0' for printable text, 0x00 otherwise), for short inputs only. */
export function* canonicalBytes(current: () => CallInputJson): Iterable<CallInputJson> {
  for (const [index] of buffers(current())) {
    for (let i = 0; i < hexOf(current(), index).length / 2 && i < 64; i++) {
      const arg = current().args[index] as BufferJson;
      const bytes = Buffer.from(arg.hex, 'hex');
      if (i >= bytes.length) break;
      // A C string's simplest byte is '0' (a NUL would end it early).
      const simpler = (bytes[i]! >= 0x20 && bytes[i]! < 0x7f) || arg.kind === 'cstring' ? 0x30 : 0x00;
      if (bytes[i] === simpler) continue;
      bytes[i] = simpler;
      yield* withBytes(current(), index, arg, bytes.toString('hex'));
    }
  }
}

export const STRATEGIES: readonly { readonly name: string; readonly apply: Strategy }[] = [
  { name: 'remove-chunks', apply: removeChunks },
  { name: 'lower-alignment', apply: lowerAlignment },
  { name: 'simplify-lengths', apply: simplifyLengths },
  { name: 'shrink-integers', apply: shrinkIntegers },
  { name: 'canonical-bytes', apply: canonicalBytes },
];

/** Size used to compare candidates: bytes first, then alignment, |length| and non-canonical bytes as tie-breakers. */
export function callSize(call: CallInputJson): number {
  let size = 0;
  for (const a of call.args) {
    if (a.kind === 'buffer' || a.kind === 'cstring') {
      const bytes = Buffer.from(a.hex, 'hex');
      const unusual = bytes.subarray(0, 64).filter((b) => b !== 0x30 && b !== 0x00).length;
      const declared = a.kind === 'buffer' ? Math.abs(a.declaredLength ?? 0) : 0;
      size += bytes.length * 1_000_000 + a.align * 10_000 + Math.min(9_999, declared) + unusual;
    }
    if (a.kind === 'output' || a.kind === 'capacity') size += a.align;
    if (a.kind === 'int') size += Math.min(999, Math.abs(Number(a.value)));
  }
  return size;
}
