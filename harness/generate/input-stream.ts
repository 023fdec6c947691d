import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { CallInput } from '../model/call-input.js';

/**
 * A seeded, random-access stream of inputs: input `index` of stream `stream` depends only on
 * (seed, stream, index). A restarted child resumes at any index without replaying the prefix,
 * and a campaign with the same seed and one thread calls the same inputs in the same order.
 * An input is one call, or one call sequence for a target with a lifecycle (sequence-arbitrary.ts).
 */
export class InputStream<T = CallInput> {
  constructor(
    private readonly arbitrary: fc.Arbitrary<T>,
    private readonly seed: number,
    private readonly stream: number,
  ) {}

  at(index: number): T {
    const rng = new fc.Random(xoroshiro128plus(mixSeed(this.seed, this.stream, index)));
    // Vary fast-check's bias so both edge cases and plain random values come up.
    return this.arbitrary.generate(rng, 2 + (index % 4)).value;
  }
}

/** A 32-bit seed from three integers (murmur3 finaliser), so neighbouring indexes look unrelated. */
export function mixSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = (h ^ Math.imul(index, 0x85ebca77)) >>> 0;
  h ^= Math.floor(index / 0x100000000);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
