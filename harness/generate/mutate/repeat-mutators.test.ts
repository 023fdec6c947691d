import { describe, expect, it } from 'vitest';
import { mutationContext } from './test-support/mutation-context.js';
import { digitRun, logUniform, nest, repeatToken } from './repeat-mutators.js';
import { Rng } from './rng.js';

function context(seed: number) {
  return mutationContext({ seed, maxLength: 64 });
}

/** Applies a mutator to `start` in a buffer of `capacity` bytes, `n` times; the results as text. */
function outputs(m: typeof nest, start: string, capacity: number, n: number, seed = 1): string[] {
  const ctx = context(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(capacity);
    data.set(Buffer.from(start));
    const size = m.mutate(data, start.length, ctx);
    if (size >= 0) out.push(Buffer.from(data.subarray(0, size)).toString('latin1'));
  }
  return out;
}

describe('logUniform', () => {
  it('should draw counts across every order of magnitude up to the maximum', () => {
    // Arrange
    const rng = new Rng(3);
    // Act
    const draws = Array.from({ length: 2000 }, () => logUniform(rng, 65_536));
    // Assert: each decade gets a fair share; nothing outside [2, max].
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...draws)).toBeLessThanOrEqual(65_536);
    for (const [lo, hi] of [
      [2, 10],
      [100, 1000],
      [10_000, 65_536],
    ] as const)
      expect(draws.filter((d) => d >= lo && d < hi).length).toBeGreaterThan(200);
  });
});

describe('nest', () => {
  it('should nest an opener and its closer the same number of times, thousands deep at times', () => {
    // Act
    const out = outputs(nest, '[1]', 65_536, 400);
    // Assert: some results are `[` × k, 1, `]` × k — balanced, and some deeper than 8 192 levels.
    const balanced = out.filter((t) => /^\[+1\]+$/.test(t) && t.indexOf('1') === t.length - 1 - t.indexOf('1'));
    expect(balanced.length).toBeGreaterThan(10);
    expect(balanced.some((t) => t.indexOf('1') > 8192)).toBe(true);
  });
});

describe('repeatToken', () => {
  it('should repeat a piece of the input many times at one place', () => {
    const out = outputs(repeatToken, '{"a":1}', 65_536, 400);
    expect(out.some((t) => t.includes('{'.repeat(1000)))).toBe(true);
    expect(out.every((t) => t.length <= 65_536)).toBe(true);
  });

  it('should repeat a dictionary token', () => {
    const ctx = mutationContext({ seed: 5, tokens: [Uint8Array.from(Buffer.from('<a>'))] });
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      const data = new Uint8Array(4096);
      const size = repeatToken.mutate(data, 0, ctx);
      found = size > 0 && Buffer.from(data.subarray(0, size)).toString().startsWith('<a><a><a>');
    }
    expect(found).toBe(true);
  });
});

describe('digitRun', () => {
  it('should insert runs of digits, some longer than 32 KiB', () => {
    const out = outputs(digitRun, '{"n":1}', 65_536, 300);
    expect(out.every((t) => /^[^0-9]*[0-9]*[^0-9]*[0-9]*[^0-9]*$/.test(t))).toBe(true);
    expect(out.some((t) => (t.match(/[0-9]+/g) ?? []).some((run) => run.length > 32_768))).toBe(true);
  });
});
