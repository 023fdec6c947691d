import { describe, expect, it } from 'vitest';
import type { CompareOperands } from './mutator.js';
import { mutationContext } from './test-support/mutation-context.js';
import { MUTATORS, mutateBytes } from './registry.js';
import { REPEAT_MUTATORS } from './repeat-mutators.js';

const magic = Uint8Array.from(Buffer.from('FZMG'));
/** Ordinary and long-input mutators: the same contract holds for both. */
const ALL = [...MUTATORS, ...REPEAT_MUTATORS];

function context(seed: number, compares: CompareOperands[] = []) {
  return mutationContext({ seed, compares, tokens: [Uint8Array.of(1, 2, 3)], other: Uint8Array.of(9, 8, 7, 6, 5) });
}

/** Runs one mutator `n` times from the same starting bytes; returns every result (or null when it did not apply). */
function runMany(index: number, seed: number, start: Uint8Array, capacity: number, n: number): (string | null)[] {
  const ctx = context(seed, [{ kind: 'int', size: 4, a: magic, b: start.subarray(0, 4).slice() }]);
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(capacity);
    data.set(start);
    const size = ALL[index]!.mutate(data, start.length, ctx);
    out.push(size < 0 ? null : Buffer.from(data.subarray(0, size)).toString('hex'));
  }
  return out;
}

describe('byte mutators (shared contract)', () => {
  const start = Uint8Array.from(Buffer.from('ABCDEFGHIJ12345'));
  for (const [index, m] of ALL.entries()) {
    it(`should give the same output for the same seed: ${m.name}`, () => {
      // Arrange / Act
      const first = runMany(index, 42, start, 64, 50);
      const second = runMany(index, 42, start, 64, 50);
      // Assert
      expect(second).toEqual(first);
    });

    it(`should stay within the capacity and leave a refused input alone: ${m.name}`, () => {
      const ctx = context(7, [{ kind: 'int', size: 4, a: magic, b: start.subarray(0, 4).slice() }]);
      for (let i = 0; i < 200; i++) {
        const capacity = start.length + (i % 3) * 4;
        const data = new Uint8Array(capacity);
        data.set(start);
        const size = m.mutate(data, start.length, ctx);
        expect(size).toBeLessThanOrEqual(capacity);
        if (size < 0) expect(Buffer.from(data.subarray(0, start.length)).equals(Buffer.from(start))).toBe(true);
      }
    });
  }

  it('should name each mutator once', () => {
    const names = ALL.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('should stack mutations deterministically and report the chain', () => {
    const run = () => {
      const ctx = context(3);
      const data = new Uint8Array(64);
      data.set(start);
      const chain: string[] = [];
      const size = mutateBytes(data, start.length, ctx, chain);
      return { bytes: Buffer.from(data.subarray(0, size)).toString('hex'), chain };
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.chain.length).toBeGreaterThan(0);
  });
});
