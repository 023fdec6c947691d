import { writeInt } from './interesting-values.js';
import { mutator, type ByteMutator, type CompareOperands } from './mutator.js';
import type { Rng } from './rng.js';

// The mutators that bring bytes from outside the input: dictionary tokens, operands the target
// compared the input against (so a 4-byte magic or a checksum falls in one step instead of
// 2^32 tries), another corpus entry (splice), and the input's own size (length fields).

/** Inserts a dictionary token. */
export const dictionaryInsert = mutator('dict-insert', (data, size, ctx) => {
  const token = ctx.dictionary.pick(ctx.rng);
  if (token === undefined || size + token.length > data.length) return -1;
  const at = ctx.rng.below(size + 1);
  data.copyWithin(at + token.length, at, size);
  data.set(token, at);
  ctx.used.push(token);
  return size + token.length;
});

/** Writes a dictionary token over the input's bytes. */
export const dictionaryOverwrite = mutator('dict-overwrite', (data, size, ctx) => {
  const token = ctx.dictionary.pick(ctx.rng);
  if (token === undefined || token.length > size) return -1;
  data.set(token, ctx.rng.below(size - token.length + 1));
  ctx.used.push(token);
  return size;
});

/**
 * Input-to-state substitution: finds one operand of a compare the target made on this entry in
 * the input (an integer at its width or narrower, either byte order; a byte string as is) and
 * replaces it with the other (a string of another length moves the bytes after it).
 */
export const compareReplace = mutator('cmp-replace', (data, size, ctx) => {
  const { rng, compares } = ctx;
  if (compares.length === 0 || size === 0) return -1;
  const forms = encodings(pickCompare(compares, rng));
  const first = rng.below(forms.length);
  for (let k = 0; k < forms.length; k++) {
    const [from, to] = forms[(first + k) % forms.length]!;
    const grown = size - from.length + to.length;
    if (grown > data.length) continue;
    const at = findOccurrence(data, size, from, rng);
    if (at < 0) continue;
    if (to.length !== from.length) data.copyWithin(at + to.length, at + from.length, size);
    data.set(to, at);
    ctx.used.push(to);
    return grown;
  }
  return -1;
});

/** Writes a compared operand (or a needle the target searched for) somewhere in the input. */
export const compareInsert = mutator('cmp-insert', (data, size, ctx) => {
  const { rng, compares } = ctx;
  if (compares.length === 0) return -1;
  const token = operandOf(pickCompare(compares, rng), rng);
  ctx.used.push(token);
  if (token.length <= size && rng.bool()) {
    data.set(token, rng.below(size - token.length + 1));
    return size;
  }
  if (size + token.length > data.length) return -1;
  const at = rng.below(size + 1);
  data.copyWithin(at + token.length, at, size);
  data.set(token, at);
  return size + token.length;
});

/**
 * Input-to-state for the input's own length: when the target compared a value equal to the
 * input's size with another (uuid's `len != 36`, a `len > 4` guard, a record count times its
 * size), the input is cut or grown to the other (or one past it, either side), new bytes
 * repeating the input's own. No byte of the input holds its length, so cmp-replace cannot.
 */
export const compareResize = mutator('cmp-resize', (data, size, ctx) => {
  const { rng } = ctx;
  const pairs = lengthPairs(ctx.compares);
  let target = -1;
  let seen = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    const other = pairs[k] === size ? pairs[k + 1]! : pairs[k + 1] === size ? pairs[k]! : -1;
    if (other > 0 && other !== size && other <= data.length && rng.below(++seen) === 0) target = other;
  }
  if (target < 0) return -1;
  target = Math.max(1, Math.min(data.length, target + RESIZE_STEPS[rng.below(RESIZE_STEPS.length)]!));
  for (let i = size; i < target; i++) data[i] = size > 0 ? data[i % size]! : rng.below(256);
  return target;
});

/** cmp-resize's steps around the compared length: exactly it most often, or either side of it. */
const RESIZE_STEPS = [0, 0, 1, -1];

/** The integer compares of a log as (a, b) number pairs (values past 2^32 left out), computed once per log. */
function lengthPairs(compares: readonly CompareOperands[]): readonly number[] {
  let pairs = lengthPairsOf.get(compares);
  if (pairs !== undefined) return pairs;
  pairs = [];
  for (const c of compares) {
    if (c.kind !== 'int') continue;
    const a = smallValue(c.a);
    const b = smallValue(c.b);
    if (a >= 0 && b >= 0 && a !== b) pairs.push(a, b);
  }
  lengthPairsOf.set(compares, pairs);
  return pairs;
}

const lengthPairsOf = new WeakMap<readonly CompareOperands[], number[]>();

/** A little-endian unsigned value below 2^32, or -1. */
function smallValue(le: Uint8Array): number {
  for (let i = 4; i < le.length; i++) if (le[i] !== 0) return -1;
  let v = 0;
  for (let i = Math.min(4, le.length) - 1; i >= 0; i--) v = v * 256 + le[i]!;
  return v;
}

/** Crosses the input with another corpus entry: a prefix of one and a piece of the other, or a piece inserted. */
export const splice = mutator('splice', (data, size, ctx) => {
  const other = ctx.other(ctx.param);
  const { rng } = ctx;
  if (other === undefined || other.length === 0) return -1;
  if (rng.bool()) {
    const keep = rng.below(size + 1);
    const from = rng.below(other.length);
    const n = Math.min(other.length - from, data.length - keep);
    copyInto(data, keep, other, from, n);
    return keep + n;
  }
  const n = Math.min(rng.smallLength(other.length), data.length - size);
  if (n <= 0) return -1;
  const from = rng.below(other.length - n + 1);
  const at = rng.below(size + 1);
  data.copyWithin(at + n, at, size);
  copyInto(data, at, other, from, n);
  return size + n;
});

/** Writes a plausible length (the input's size, the bytes after the field, ±1) as a 1/2/4-byte field. */
export const lengthField = mutator('length-field', (data, size, { rng }) => {
  if (size === 0) return -1;
  const w = FIELD_WIDTHS[rng.below(size >= 4 ? 3 : size >= 2 ? 2 : 1)]!;
  const at = rng.below(size - w + 1);
  const pick = rng.below(4);
  const base = pick === 0 ? size : pick === 1 ? size - at - w : pick === 2 ? size - at : at;
  writeInt(data, at, w, base + LENGTH_STEPS[rng.below(LENGTH_STEPS.length)]!, rng.oneIn(3));
  return size;
});

/** length-field's widths (those that fit come first) and its steps around the size. */
const FIELD_WIDTHS = [1, 2, 4];
const LENGTH_STEPS = [0, 0, 0, 1, -1];

/** data[at, at + n) = other[from, from + n), without a view of either. */
function copyInto(data: Uint8Array, at: number, other: Uint8Array, from: number, n: number): void {
  for (let i = 0; i < n; i++) data[at + i] = other[from + i]!;
}

/** The token-driven mutators, in registry order. */
export const TOKEN_MUTATORS: readonly ByteMutator[] = [
  dictionaryInsert,
  dictionaryOverwrite,
  compareReplace,
  compareInsert,
  splice,
  lengthField,
  compareResize,
];

/**
 * The (from, to) byte forms of a compare: both directions; for an integer also both byte orders,
 * narrower widths when both operands fit (a u8 field compared as a zero-extended u32 is one byte
 * in the input), and both as decimal text (a length or count the target parsed from digits:
 * libFuzzer has no such form). A needle (no `a`) has none: there is nothing in the input to replace.
 */
export function encodings(pair: CompareOperands): readonly [Uint8Array, Uint8Array][] {
  const cached = formsOf.get(pair);
  if (cached !== undefined) return cached;
  const out: [Uint8Array, Uint8Array][] = [];
  if (pair.kind === 'bytes') {
    if (pair.a.length > 0 && pair.b.length > 0) out.push([pair.a, pair.b], [pair.b, pair.a]);
  } else {
    for (let w: number = pair.size; w >= 1; w >>= 1) {
      if (w < pair.size && !(fits(pair.a, w) && fits(pair.b, w))) break;
      const a = pair.a.subarray(0, w);
      const b = pair.b.subarray(0, w);
      out.push([a, b], [b, a]);
      if (w > 1) {
        const ra = a.slice().reverse();
        const rb = b.slice().reverse();
        out.push([ra, rb], [rb, ra]);
      }
    }
    // A number the target parsed from text: the input holds its digits (`_ZN8…` compared as 8 with 6).
    const da = decimal(pair.a);
    const db = decimal(pair.b);
    if (da !== undefined && db !== undefined) out.push([da, db], [db, da]);
  }
  formsOf.set(pair, out);
  return out;
}

/**
 * A compare of the log, a byte-string one half the time when there are any: they are few next to
 * the integer compares (a loop's counters, lengths), and each is a keyword or a magic the input
 * must hold.
 */
function pickCompare(compares: readonly CompareOperands[], rng: Rng): CompareOperands {
  let first = firstStringOf.get(compares);
  if (first === undefined) {
    first = compares.findIndex((c) => c.kind === 'bytes');
    firstStringOf.set(compares, first);
  }
  if (first < 0 || rng.bool()) return rng.pick(compares);
  return compares[first + rng.below(compares.length - first)]!;
}

/** Where a compare log's byte-string compares start (the shim lists them after the integers); -1: none. */
const firstStringOf = new WeakMap<readonly CompareOperands[], number>();

/** One operand of a compare as bytes to write: either side of a string pair, a needle, or an integer in one of its forms. */
function operandOf(pair: CompareOperands, rng: Rng): Uint8Array {
  if (pair.kind === 'bytes') return pair.a.length === 0 || rng.bool() ? pair.b : pair.a;
  const [a, b] = rng.pick(encodings(pair));
  return rng.bool() ? a : b;
}

/** A compare log is captured once per corpus entry and mutated from many times: its forms are computed once. */
const formsOf = new WeakMap<CompareOperands, [Uint8Array, Uint8Array][]>();

/** Largest value whose decimal digits are written: beyond it a match in the input is chance. */
const DECIMAL_MAX = 1_000_000_000;

/** The ASCII decimal digits of a little-endian unsigned value, or undefined when it is too large. */
function decimal(le: Uint8Array): Uint8Array | undefined {
  let v = 0;
  for (let i = le.length - 1; i >= 0; i--) {
    v = v * 256 + le[i]!;
    if (v >= DECIMAL_MAX) return undefined;
  }
  return new TextEncoder().encode(String(v));
}

function fits(le: Uint8Array, width: number): boolean {
  for (let i = width; i < le.length; i++) if (le[i] !== 0) return false;
  return true;
}

/** A random occurrence of `needle` in data[0, size), or -1. */
function findOccurrence(data: Uint8Array, size: number, needle: Uint8Array, rng: Rng): number {
  const n = needle.length;
  let found = -1;
  let seen = 0;
  outer: for (let i = 0; i + n <= size; i++) {
    for (let j = 0; j < n; j++) if (data[i + j] !== needle[j]) continue outer;
    // Reservoir sampling: each occurrence equally likely, without collecting them.
    if (rng.below(++seen) === 0) found = i;
  }
  return found;
}
