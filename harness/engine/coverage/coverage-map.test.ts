import { describe, expect, it } from 'vitest';
import { BUCKET_BIT, CoverageMap } from './coverage-map.js';

describe('BUCKET_BIT', () => {
  it('should put hit counts in libFuzzer buckets', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 127, 128, 255].map((c) => BUCKET_BIT[c])).toEqual([
      0, 1, 2, 4, 8, 8, 16, 16, 32, 32, 64, 64, 128, 128,
    ]);
  });
});

describe('CoverageMap', () => {
  it('should count new features, merge them, and zero the counters it read', () => {
    // Arrange: 9 counters (a word-aligned prefix and a tail byte), in two regions.
    const a = new Uint8Array(9);
    const b = new Uint8Array(3);
    const map = new CoverageMap([a, b]);
    // Act / Assert
    a[0] = 1;
    a[8] = 5;
    b[2] = 1;
    expect(map.collect()).toBe(3);
    expect(map.edges).toBe(3);
    expect([...a, ...b].every((c) => c === 0)).toBe(true);
    a[0] = 1;
    expect(map.collect()).toBe(0);
    a[0] = 6; // 4-7: a new bucket of a known edge
    expect(map.collect()).toBe(1);
    expect(map.edges).toBe(3);
    expect(map.features).toBe(4);
  });

  it("should report one run's features without merging them", () => {
    const a = new Uint8Array(8);
    const map = new CoverageMap([a]);
    a[1] = 2;
    a[7] = 200;
    expect(map.snapshot([])).toEqual([1 * 8 + 1, 7 * 8 + 7]);
    expect(map.edges).toBe(0);
    expect(a.every((c) => c === 0)).toBe(true);
  });
});
