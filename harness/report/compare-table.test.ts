import { describe, expect, it } from 'vitest';
import type { BuildMeasurement, Comparison } from './compare-table.js';
import { renderComparison } from './compare-table.js';

const build = (side: 'buggy' | 'fixed', more: Partial<BuildMeasurement>): BuildMeasurement => ({
  side,
  library: `/x/lib${side === 'buggy' ? 'p' : 'p_fixed'}.so`,
  librarySha256: side === 'buggy' ? 'a'.repeat(64) : 'b'.repeat(64),
  calls: 1000,
  returned: 1000,
  errors: 250,
  errorRate: 0.25,
  crashes: 0,
  crashesPerMillionCalls: 0,
  restarts: 0,
  findingBuckets: 0,
  elapsedMs: 2000,
  callsPerSecond: 500,
  latencyUs: { p50: 4.25, p99: 180, mean: 6 },
  peakRssMb: 120,
  buckets: [],
  recordsRoot: `/out/${side}`,
  ...more,
});

describe('renderComparison', () => {
  it("should print both builds side by side, then the buggy build's buckets, then where the records are", () => {
    // Arrange
    const comparison: Comparison = {
      schema: 'ffi-fuzz/compare@1',
      target: 'p',
      functions: ['parse'],
      seed: 1,
      threads: 4,
      inputs: 1000,
      startedAt: '2026-01-01T00:00:00.000Z',
      buggy: build('buggy', {
        crashes: 12,
        crashesPerMillionCalls: 12000,
        restarts: 12,
        callsPerSecond: 9,
        buckets: [{ id: 'abort-0123456789ab', kind: 'abort', headline: 'abort: boom', count: 12, record: 'r' }],
      }),
      fixed: build('fixed', {}),
      recordsKept: false,
    };
    // Act
    const lines = renderComparison(comparison);
    // Assert
    expect(lines).toEqual([
      'compare p (parse): 1000 inputs per build, 4 thread(s), seed 1',
      '                       buggy             fixed',
      'library                libp.so           libp_fixed.so',
      'sha256                 aaaaaaaaaaaaaaaa  bbbbbbbbbbbbbbbb',
      'calls                  1000              1000',
      'error rate             25.0% (250)       25.0% (250)',
      'crashes                12                0',
      'crashes / 1M calls     12000             0',
      'throughput (calls/s)   9                 500',
      'latency p50 (µs/call)  4.3               4.3',
      'latency p99 (µs/call)  180               180',
      'wall time (s)          2.0               2.0',
      'peak RSS (MiB)         120               120',
      'buggy crashes by bucket (count, bucket, headline):',
      '      12  abort-0123456789ab  abort: boom',
      'records: not kept (pass --out DIR to keep them)',
    ]);
  });
});
