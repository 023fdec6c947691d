import fc from 'fast-check';

// Inputs for decompressors that mostly decompress: payloads worth compressing, compressed by a
// reference encoder (each spec brings its own), then sometimes damaged. A decompressor fed random
// bytes only ever rejects them; these reach its copy loops, its window handling and its success path.

const encoder = new TextEncoder();
const WORDS = ['the', 'quick', 'brown', 'fox', ' ', ', ', '\n', '{"a":', '1', 'null', '</td>', 'GET /', '0000', 'ÿ', 'ΩΩ'];

/** Payloads with structure: runs of one byte, repeated words, text, random bytes, and concatenations of them. */
export function payload(maxLength: number): fc.Arbitrary<Uint8Array> {
  const run = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: maxLength }))
    .map(([byte, n]) => new Uint8Array(n).fill(byte));
  const words = fc.array(fc.constantFrom(...WORDS), { maxLength: 400 }).map((w) => encoder.encode(w.join('')));
  const text = fc.string({ unit: 'grapheme-ascii', maxLength: 512 }).map((s) => encoder.encode(s));
  const random = fc.uint8Array({ maxLength: 256 });
  const piece = fc.oneof(run, words, text, random);
  return fc
    .oneof({ weight: 3, arbitrary: piece }, { weight: 2, arbitrary: fc.array(piece, { minLength: 2, maxLength: 4 }).map(concat) })
    .map((bytes) => bytes.subarray(0, maxLength));
}

/** One kind of damage to a compressed input: the decoder must reject it (or decode garbage), never crash. */
const damage: readonly ((bytes: Uint8Array, at: number, value: number) => Uint8Array)[] = [
  // a flipped bit
  (b, at, v) => (b.length === 0 ? b : b.map((x, i) => (i === at % b.length ? x ^ (1 << (v % 8)) : x))),
  // cut short
  (b, at) => b.subarray(0, at % (b.length + 1)),
  // trailing garbage
  (b, at, v) => concat([b, new Uint8Array(1 + (at % 16)).fill(v)]),
  // a stretch of up to 8 bytes repeated in place
  (b, at) => {
    const k = at % (b.length + 1);
    return concat([b.subarray(0, k), b.subarray(k, k + 8), b.subarray(k)]);
  },
  // a stretch of up to 8 bytes zeroed
  (b, at, v) => {
    const k = at % (b.length + 1);
    return b.map((x, i) => (i >= k && i <= k + (v % 8) ? 0 : x));
  },
];

/** Compressed inputs: `intactPercent` of them as the encoder made them, the rest damaged once. */
export function sometimesDamaged(compressed: fc.Arbitrary<Uint8Array>, intactPercent: number): fc.Arbitrary<Uint8Array> {
  const damaged = fc
    .tuple(compressed, fc.integer({ min: 0, max: damage.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }))
    .map(([bytes, kind, at, value]) => damage[kind]!(bytes, at, value));
  return fc.oneof({ weight: intactPercent, arbitrary: compressed }, { weight: 100 - intactPercent, arbitrary: damaged });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
