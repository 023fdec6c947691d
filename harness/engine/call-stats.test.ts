import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, bucketValue, createStatsFile, quantileNs, readStats, StatsSlot } from './call-stats.js';

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

  it("should add every slot's counts across writers, as children of one campaign do", () => {
    // Arrange
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-stats-'));
    const file = path.join(dir, 'stats.bin');
    createStatsFile(file, 2);
    // Act: a first child's two threads, then a restarted child's thread 0 adding to the same slot.
    const first = [new StatsSlot(file, 0), new StatsSlot(file, 1)];
    for (let i = 0; i < 98; i++) first[i % 2]!.record(1000, i % 4 === 0);
    new StatsSlot(file, 0).record(1_000_000, true);
    new StatsSlot(file, 0).record(2_000_000, false);
    const stats = readStats(file);
    fs.rmSync(dir, { recursive: true, force: true });
    // Assert
    expect(stats.calls).toBe(100);
    expect(stats.errors).toBe(25 + 1);
    expect(quantileNs(stats, 0.5)).toBeCloseTo(1000, -2);
    expect(quantileNs(stats, 0.99)).toBeGreaterThan(900_000);
    expect(stats.meanNs).toBeCloseTo((98 * 1000 + 3_000_000) / 100, 5);
  });

  it('should refuse a slot the file does not have, and give no quantile without calls', () => {
    // Arrange
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-stats-'));
    const file = path.join(dir, 'stats.bin');
    createStatsFile(file, 1);
    // Act / Assert
    expect(() => new StatsSlot(file, 1)).toThrow(/has no slot 1/);
    expect(quantileNs(readStats(file), 0.5)).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
