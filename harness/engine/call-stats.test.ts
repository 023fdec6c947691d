import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import { addStats, emptyStats, quantileNs, readStats } from './call-stats-reader.js';
import { BUCKETS, bucketOf, bucketValue, createStatsFile, StatsSlot, TRACKED_VALUES } from './call-stats.js';

const [decode, count] = resolveTarget(
  defineTarget({
    name: 't',
    library: 'x.so',
    functions: {
      decode: { prototype: 'int32_t decode(const uint8_t *p, int32_t n)', contract: { errorReturn: 'negative' } },
      count: { prototype: 'int32_t count(int32_t x)' },
    },
  }),
  '/tmp',
).functions as [never, never];
const NAMES = ['decode', 'count'];

/** A statistics file of `threads` slots over NAMES, removed after `body`. */
function withStatsFile<T>(threads: number, timed: boolean, body: (file: string, slot: (worker: number) => StatsSlot) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-stats-'));
  const file = path.join(dir, 'stats.bin');
  createStatsFile(file, threads, NAMES.length);
  try {
    return body(file, (worker) => new StatsSlot({ path: file, functions: NAMES, timed }, worker));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('call statistics', () => {
  it('should read a latency back within 1/16 of its value from its bucket', () => {
    // Arrange
    const samples = [0, 1, 7, 8, 9, 15, 16, 100, 999, 4_321, 65_537, 1_000_000, 123_456_789, 4_000_000_000];
    // Act
    const back = samples.map((ns) => bucketValue(bucketOf(ns)));
    // Assert
    for (const [i, value] of back.entries()) expect(Math.abs(value - samples[i]!)).toBeLessThanOrEqual(Math.max(0.5, samples[i]! / 16));
  });

  it('should keep buckets in order and inside the histogram, clamping what is too long', () => {
    // Arrange
    const values = Array.from({ length: 40 }, (_, e) => 2 ** e);
    // Act
    const buckets = values.map(bucketOf);
    // Assert
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!).toBeGreaterThanOrEqual(buckets[i - 1]!);
    expect(Math.max(...buckets)).toBe(BUCKETS - 1);
    expect(bucketOf(-5)).toBe(0);
  });

  it("should count each function's calls, errors by value and skipped calls across every thread's slot", () => {
    // Arrange / Act: two threads call decode; thread 1 also counts and skips a sequence call.
    const stats = withStatsFile(2, false, (file, slot) => {
      const [a, b] = [slot(0), slot(1)];
      for (let i = 0; i < 10; i++) a.returned(0, decode, i < 7 ? -3 : 12, 0);
      b.returned(0, decode, -5, 0);
      b.returned(1, count, 4n, 0);
      b.skipped(1);
      b.learned(1, 'stateful');
      return readStats(file, NAMES);
    });

    // Assert
    expect(stats.calls).toBe(12);
    expect(stats.functions[0]).toEqual({
      name: 'decode',
      calls: 11,
      errors: 8,
      skipped: 0,
      untracked: 0,
      learned: 'unknown',
      values: [
        { value: -3, count: 7 },
        { value: 12, count: 3 },
        { value: -5, count: 1 },
      ],
    });
    expect(stats.functions[1]).toMatchObject({ calls: 1, errors: 0, skipped: 1, learned: 'stateful', values: [{ value: 4, count: 1 }] });
  });

  it('should count values past the first distinct ones, and strings, as untracked', () => {
    // Arrange / Act
    const stats = withStatsFile(1, false, (file, slot) => {
      const s = slot(0);
      for (let v = 0; v < TRACKED_VALUES + 3; v++) s.returned(1, count, v, 0);
      s.returned(1, count, 'text', 0);
      return readStats(file, NAMES);
    });

    // Assert
    expect(stats.functions[1]!.values).toHaveLength(TRACKED_VALUES);
    expect(stats.functions[1]!.untracked).toBe(4);
  });

  it('should time calls only when asked, and give quantiles and a mean of the timed ones', () => {
    // Arrange / Act
    const [untimed, timed] = [false, true].map((t) =>
      withStatsFile(1, t, (file, slot) => {
        const s = slot(0);
        for (let i = 0; i < 99; i++) s.returned(1, count, 1, 1000);
        s.returned(1, count, 1, 2_000_000);
        return readStats(file, NAMES);
      }),
    );

    // Assert
    expect(untimed!.timedCalls).toBe(0);
    expect(quantileNs(untimed!, 0.5)).toBeNull();
    expect(timed!.timedCalls).toBe(100);
    expect(quantileNs(timed!, 0.5)).toBeCloseTo(1000, -2);
    expect(quantileNs(timed!, 0.995)).toBeGreaterThan(1_900_000);
    expect(timed!.meanNs).toBeCloseTo((99 * 1000 + 2_000_000) / 100, 5);
  });

  it('should add lives: counts summed, values merged, a stateful verdict winning over a pure one', () => {
    // Arrange
    const life = (value: number, learned: 'pure' | 'stateful') => {
      const base = emptyStats(NAMES);
      return {
        ...base,
        calls: 2,
        functions: [{ ...base.functions[0]!, calls: 2, errors: 1, values: [{ value, count: 2 }], learned }, base.functions[1]!],
      };
    };

    // Act
    const sum = addStats(life(-3, 'pure'), life(-3, 'stateful'));

    // Assert
    expect(sum.calls).toBe(4);
    expect(sum.functions[0]).toMatchObject({ calls: 4, errors: 2, values: [{ value: -3, count: 4 }], learned: 'stateful' });
  });

  it('should read a missing file (a child that died loading) as no calls, and refuse a slot the file does not have', () => {
    // Arrange / Act / Assert
    expect(readStats('/nonexistent/stats.bin', NAMES)).toEqual(emptyStats(NAMES));
    withStatsFile(1, false, (_file, slot) => expect(() => slot(1)).toThrow(/has no slot 1/));
  });
});
