import fc from 'fast-check';
import { writeRepeats } from './mutate/repeat-mutators.js';

/** One-byte units whose runs break parsers: openers (nesting), quotes, digits (long numbers), blanks. */
const STRUCTURAL = ['[', '{', '(', '<', '"', "'", '0', '1', '9', ' ', '\\'];
const CLOSER: Readonly<Record<string, string>> = { '[': ']', '{': '}', '(': ')', '<': '>' };

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Property mode's long inputs: a unit repeated many times between a short prefix and suffix, the
 * count uniform in log scale up to the buffer's maximum, an opener sometimes closed as often
 * (`[[[…1…]]]`). The unit is a structural byte, one of the spec's dictionary tokens, or a few
 * random bytes. Runaway recursion and numbers too long for their buffer need such inputs; random
 * bytes of the same length would fail at the first byte a parser checks. Coverage mode's
 * counterpart is mutate/repeat-mutators.ts.
 */
export function repeatedContent(maxLength: number, tokens: readonly string[]): fc.Arbitrary<Uint8Array> {
  const units: fc.WeightedArbitrary<Uint8Array>[] = [
    { weight: 3, arbitrary: fc.constantFrom(...STRUCTURAL).map(encode) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4 }) },
  ];
  if (tokens.length > 0) units.push({ weight: 2, arbitrary: fc.constantFrom(...tokens).map(encode) });
  const short = fc.oneof(fc.constant(new Uint8Array(0)), fc.constantFrom('1', '"a"', 'x:').map(encode), fc.uint8Array({ maxLength: 8 }));
  return fc
    .record({
      prefix: short,
      unit: fc.oneof(...units),
      middle: short,
      closed: fc.boolean(),
      scale: fc.double({ min: 1, max: Math.max(1, Math.log2(Math.max(2, maxLength))), noNaN: true }),
    })
    .map(({ prefix, unit, middle, closed, scale }) => {
      const closer = closed && unit.length === 1 ? CLOSER[String.fromCharCode(unit[0]!)] : undefined;
      const per = unit.length + (closer === undefined ? 0 : 1);
      const room = maxLength - prefix.length - middle.length;
      const count = Math.max(0, Math.min(Math.floor(room / per), Math.floor(2 ** scale)));
      const out = new Uint8Array(prefix.length + middle.length + count * per);
      out.set(prefix);
      writeRepeats(out, prefix.length, unit, count);
      out.set(middle, prefix.length + count * unit.length);
      if (closer !== undefined) out.fill(closer.charCodeAt(0), out.length - count);
      return out.length <= maxLength ? out : out.subarray(0, maxLength);
    });
}
