import {
  INTERESTING_16,
  INTERESTING_32,
  INTERESTING_64_HALVES,
  INTERESTING_8,
  OVERFLOW_EDGES,
  readInt,
  writeHalves,
  writeInt,
} from './interesting-values.js';
import { mutator, type ByteMutator } from './mutator.js';

// The structure-blind mutators of libFuzzer's MutationDispatcher, one small function each. Each
// works in place on data[0, size) with capacity data.length and returns the new size (-1: does
// not apply). The token-driven ones (dictionary, compares, splice, length fields) are in
// token-mutators.ts.

/** Flips one bit. */
export const flipBit = mutator('flip-bit', (data, size, { rng }) => {
  if (size === 0) return -1;
  const at = rng.below(size);
  data[at] = (data[at] ?? 0) ^ (1 << rng.below(8));
  return size;
});

/** Replaces one byte with a different random value. */
export const randomByte = mutator('random-byte', (data, size, { rng }) => {
  if (size === 0) return -1;
  const at = rng.below(size);
  data[at] = (data[at] ?? 0) ^ (1 + rng.below(255));
  return size;
});

/** Inverts one byte (0x00 ↔ 0xff, a sign flip for one-byte fields). */
export const flipByte = mutator('flip-byte', (data, size, { rng }) => {
  if (size === 0) return -1;
  const at = rng.below(size);
  data[at] = (data[at] ?? 0) ^ 0xff;
  return size;
});

/** Adds a small signed delta to a 1/2/4/8-byte integer at a random place, either byte order. */
export const arithmetic = mutator('arithmetic', (data, size, { rng }) => {
  const width = fittingWidth(size, rng.below(4));
  if (width === 0) return -1;
  const at = rng.below(size - width + 1);
  const bigEndian = rng.bool();
  const delta = rng.between(1, 35) * (rng.bool() ? 1 : -1);
  if (width === 8) addToInt64(data, at, delta, bigEndian);
  else writeInt(data, at, width, (readInt(data, at, width, bigEndian) as number) + delta, bigEndian);
  return size;
});

/** Writes an edge value of an 8/16/32/64-bit integer type at a random place, either byte order. */
export const interestingValue = mutator('interesting-value', (data, size, { rng }) => {
  const width = fittingWidth(size, rng.below(4));
  if (width === 0) return -1;
  const at = rng.below(size - width + 1);
  if (width === 8) writeHalves(data, at, rng.pick(INTERESTING_64_HALVES), rng.bool());
  else writeInt(data, at, width, rng.pick(width === 1 ? INTERESTING_8 : width === 2 ? INTERESTING_16 : INTERESTING_32), rng.bool());
  return size;
});

/** Bytes at the start of an input that header-value writes into. */
export const HEADER_BYTES = 64;

/**
 * Writes a size-overflow edge (interesting-values.ts) at an offset of the input's first 64 bytes
 * aligned to its width, either byte order: the counts and sizes a header carries, where
 * `count * size` wraps.
 */
export const headerValue = mutator('header-value', (data, size, { rng }) => {
  const width = fittingWidth(size, rng.below(4));
  if (width === 0) return -1;
  const at = rng.below(Math.floor(Math.min(size, HEADER_BYTES) / width)) * width;
  if (width === 8) writeHalves(data, at, rng.pick(OVERFLOW_EDGES[8]), rng.bool());
  else writeInt(data, at, width, rng.pick(OVERFLOW_EDGES[width as 1 | 2 | 4]), rng.bool());
  return size;
});

/** Removes a run of bytes. */
export const eraseBytes = mutator('erase-bytes', (data, size, { rng }) => {
  if (size <= 1) return -1;
  const n = rng.smallLength(size >> 1 || 1);
  const at = rng.below(size - n + 1);
  data.copyWithin(at, at + n, size);
  return size - n;
});

/** Inserts one random byte. */
export const insertByte = mutator('insert-byte', (data, size, { rng }) => {
  if (size >= data.length) return -1;
  const at = rng.below(size + 1);
  data.copyWithin(at + 1, at, size);
  data[at] = rng.below(256);
  return size + 1;
});

/** Inserts a run of one repeated byte (0x00, 0xff or random): long runs reach size and padding checks. */
export const insertRepeated = mutator('insert-repeated', (data, size, { rng }) => {
  const room = data.length - size;
  if (room < 2) return -1;
  const n = rng.between(2, Math.min(room, rng.oneIn(4) ? 128 : 16));
  const at = rng.below(size + 1);
  data.copyWithin(at + n, at, size);
  data.fill(rng.oneIn(3) ? 0 : rng.oneIn(2) ? 0xff : rng.below(256), at, at + n);
  return size + n;
});

/** Copies a range of the input and inserts it elsewhere (repeated records, nested structures). */
export const duplicateRange = mutator('duplicate-range', (data, size, { rng }) => {
  if (size === 0 || size >= data.length) return -1;
  const n = Math.min(rng.smallLength(size), data.length - size);
  const from = rng.below(size - n + 1);
  const to = rng.below(size + 1);
  const chunk = scratchOf(n);
  for (let i = 0; i < n; i++) chunk[i] = data[from + i]!;
  data.copyWithin(to + n, to, size);
  for (let i = 0; i < n; i++) data[to + i] = chunk[i]!;
  return size + n;
});

/** Copies a range of the input over another range of it. */
export const overwriteRange = mutator('overwrite-range', (data, size, { rng }) => {
  if (size < 2) return -1;
  const n = rng.smallLength(size - 1);
  const from = rng.below(size - n + 1);
  const to = rng.below(size - n + 1);
  if (from === to) return -1;
  data.copyWithin(to, from, from + n);
  return size;
});

/** Shuffles up to 8 neighbouring bytes (field order, byte order). */
export const shuffleBytes = mutator('shuffle-bytes', (data, size, { rng }) => {
  if (size < 2) return -1;
  const n = rng.between(2, Math.min(8, size));
  const at = rng.below(size - n + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = data[at + i]!;
    data[at + i] = data[at + j]!;
    data[at + j] = t;
  }
  return size;
});

/** Finds an ASCII decimal number and changes it (±1, ×2, ÷2, random): text formats carry lengths as digits. */
export const asciiInteger = mutator('ascii-integer', (data, size, { rng }) => {
  let start = rng.below(size + 1);
  while (start < size && !isDigit(data[start]!)) start++;
  if (start >= size) return -1;
  let end = start;
  let value = 0;
  while (end < size && end - start < 18 && isDigit(data[end]!)) value = value * 10 + data[end++]! - 0x30;
  // Past 15 digits the running sum rounds differently from the decimal conversion of the whole text.
  if (end - start > 15) value = Number(String.fromCharCode(...data.subarray(start, end)));
  const random = rng.below(1 << 20);
  const pick = rng.below(5);
  const text = String(
    pick === 0 ? value + 1 : pick === 1 ? Math.max(0, value - 1) : pick === 2 ? value * 2 : pick === 3 ? Math.floor(value / 2) : random,
  );
  const grown = size - (end - start) + text.length;
  if (grown > data.length) return -1;
  data.copyWithin(start + text.length, end, size);
  for (let i = 0; i < text.length; i++) data[start + i] = text.charCodeAt(i);
  return grown;
});

/** The structure-blind mutators, in registry order. */
export const BYTE_MUTATORS: readonly ByteMutator[] = [
  flipBit,
  randomByte,
  flipByte,
  arithmetic,
  interestingValue,
  headerValue,
  eraseBytes,
  insertByte,
  insertRepeated,
  duplicateRange,
  overwriteRange,
  shuffleBytes,
  asciiInteger,
];

/** A reused buffer of at least `n` bytes (duplicate-range's chunk). */
let scratch = new Uint8Array(256);
function scratchOf(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Adds `delta` to the 64-bit integer at `at` (wrapping), as two 32-bit halves: no BigInt on the hot path. */
function addToInt64(data: Uint8Array, at: number, delta: number, bigEndian: boolean): void {
  const lo = readInt(data, bigEndian ? at + 4 : at, 4, bigEndian) as number;
  const hi = readInt(data, bigEndian ? at : at + 4, 4, bigEndian) as number;
  const sum = lo + delta;
  const carry = Math.floor(sum / 0x100000000);
  writeInt(data, bigEndian ? at + 4 : at, 4, sum - carry * 0x100000000, bigEndian);
  writeInt(data, bigEndian ? at : at + 4, 4, hi + carry, bigEndian);
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** The widest of 1, 2, 4, 8 bytes (from `choice` 0..3 downwards) that fits in `size`; 0 if none. */
function fittingWidth(size: number, choice: number): number {
  for (let w = 1 << choice; w >= 1; w >>= 1) if (w <= size) return w;
  return 0;
}
