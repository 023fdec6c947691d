import { describe, expect, it } from 'vitest';
import { runGeneratedCalls } from '../../scripts/real-libs/generated-calls.js';
import lz4 from './lz4/target.js';
import zlib from './zlib/target.js';

// The specs' inputs reach the libraries' success paths, not only their error returns: measured on
// the real (Debian) libraries, in this process, through the engine's own placement of arguments.
const successes = (results: readonly { result: unknown }[], ok: (r: number) => boolean) =>
  results.filter((e) => ok(Number(e.result))).length / results.length;

describe('real-library specs exercise success paths', () => {
  it('should make at least 10% of LZ4_decompress_safe calls decode a block', () => {
    const results = runGeneratedCalls(lz4, 'LZ4_decompress_safe', 2000);
    expect(results.every((e) => e.damage === undefined)).toBe(true);
    expect(successes(results, (r) => r >= 0)).toBeGreaterThan(0.1);
  });

  it('should make uncompress and uncompress2 return Z_OK, their in/out lengths within the buffer', () => {
    for (const fn of ['uncompress', 'uncompress2']) {
      const results = runGeneratedCalls(zlib, fn, 1000);
      expect(results.every((e) => e.damage === undefined && e.inoutRaised === undefined)).toBe(true);
      expect(successes(results, (r) => r === 0)).toBeGreaterThan(0.1);
    }
  });
});
