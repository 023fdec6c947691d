import { mutator, type ByteMutator, type MutationContext } from './mutator.js';
import type { Rng } from './rng.js';

// Mutators that make an input long in one step, by structure rather than by noise: a token or a
// piece of the input repeated thousands of times, an opener and its closer nested around the
// middle (`[[[…1…]]]`), a run of thousands of digits. Runaway recursion (a parser nested 20 000
// levels deep) and numbers too long for their buffer need such inputs; byte-at-a-time growth
// never gets there. The input mutator applies one of them to an occasional mutant, with room up
// to the longest buffer allowed (input-mutator.ts). Counts are uniform in log scale, so 4 and
// 40 000 repeats are about as likely.

/** A count in [2, max] (max itself below 2), uniform in log scale. */
export function logUniform(rng: Rng, max: number): number {
  if (max < 2) return Math.max(0, max);
  return Math.min(max, Math.max(2, Math.round(2 ** ((rng.u32() / 0x100000000) * Math.log2(max + 1)))));
}

/** Writes `count` copies of `unit` at `at` (log2(count) copies of doubling runs, not `count` small ones). */
export function writeRepeats(data: Uint8Array, at: number, unit: Uint8Array, count: number): void {
  const n = unit.length * count;
  if (n === 0) return;
  if (unit.length === 1) {
    data.fill(unit[0]!, at, at + n);
    return;
  }
  data.set(unit, at);
  for (let done = unit.length; done < n; done *= 2) data.copyWithin(at + done, at, at + Math.min(done, n - done));
}

/** Inserts `count` copies of `unit` at `at`, moving data[at, size) after them. */
function insertRepeats(data: Uint8Array, size: number, at: number, unit: Uint8Array, count: number): number {
  data.copyWithin(at + unit.length * count, at, size);
  writeRepeats(data, at, unit, count);
  return size + unit.length * count;
}

/** What to repeat: a dictionary token, a compared operand, or a short piece of the input. */
function unitOf(data: Uint8Array, size: number, ctx: MutationContext): Uint8Array | undefined {
  const { rng } = ctx;
  const choice = rng.below(4);
  if (choice === 0) return ctx.dictionary.pick(rng);
  if (choice === 1 && ctx.compares.length > 0) {
    const pair = rng.pick(ctx.compares);
    return pair.kind === 'bytes' && pair.a.length > 0 && rng.bool() ? pair.a : pair.b;
  }
  if (size === 0) return undefined;
  const n = Math.min(size, 1 + (rng.oneIn(2) ? 0 : rng.below(4)));
  const from = rng.below(size - n + 1);
  return data.slice(from, from + n);
}

/** Repeats a token or a piece of the input many times at one place. */
export const repeatToken = mutator('repeat-token', (data, size, ctx) => {
  const unit = unitOf(data, size, ctx);
  if (unit === undefined || unit.length === 0) return -1;
  const count = logUniform(ctx.rng, Math.floor((data.length - size) / unit.length));
  if (count < 2) return -1;
  return insertRepeats(data, size, ctx.rng.below(size + 1), unit, count);
});

/**
 * Nests the input: an opener (a piece of it) and a closer (a piece after the opener, possibly
 * empty) each repeated the same number of times around what lies between them, so `[1]` becomes
 * `[[[[1]]]]` and `{"a":1}` grows `{"a":{"a":…1…}}`-like prefixes.
 */
export const nest = mutator('nest', (data, size, { rng }) => {
  if (size === 0) return -1;
  // Openers are mostly one byte (`[`, `{`, `(`, `<`), and in a balanced input the closer sits at the mirrored place.
  const a = rng.oneIn(2) ? 1 : Math.min(size, 1 + rng.below(4));
  const i = rng.below(size - a + 1);
  const mirror = size - i - a;
  const mirrored = rng.bool() && mirror >= i + a;
  const j = mirrored ? mirror : i + a + rng.below(size - i - a + 1);
  const b = mirrored ? a : Math.min(size - j, rng.below(5));
  const count = logUniform(rng, Math.floor((data.length - size) / (a + b)));
  if (count < 2) return -1;
  const opener = data.slice(i, i + a);
  const closer = data.slice(j, j + b);
  // Closer first (it lies after the opener), so the opener's insertion moves the closers along.
  const grown = b === 0 ? size : insertRepeats(data, size, j + b, closer, count);
  return insertRepeats(data, grown, i + a, opener, count);
});

/** Inserts a long run of ASCII digits (random, all 9s, or 1 and zeros), extending a number if it lands on one. */
export const digitRun = mutator('digit-run', (data, size, { rng }) => {
  const length = logUniform(rng, data.length - size);
  if (length < 2) return -1;
  const at = rng.below(size + 1);
  data.copyWithin(at + length, at, size);
  const style = rng.below(3);
  for (let k = 0; k < length; k++) data[at + k] = style === 0 ? 0x30 + rng.below(10) : style === 1 ? 0x39 : k === 0 ? 0x31 : 0x30;
  return size + length;
});

/** The long-input mutators, in registry order. */
export const REPEAT_MUTATORS: readonly ByteMutator[] = [repeatToken, nest, digitRun];
