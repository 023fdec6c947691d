import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, headerValue } from './byte-mutators.js';
import { mutationContext } from './test-support/mutation-context.js';

describe('headerValue', () => {
  it('should write overflow edges only at aligned offsets of the first 64 bytes, reaching 0x10000000 at offset 4', () => {
    // Arrange
    const ctx = mutationContext({ seed: 2, maxLength: 64 });
    const seen = new Set<string>();
    // Act
    for (let i = 0; i < 5000; i++) {
      const data = new Uint8Array(128);
      expect(headerValue.mutate(data, 128, ctx)).toBe(128);
      const first = data.findIndex((b) => b !== 0);
      let last = data.length - 1;
      while (last > 0 && data[last] === 0) last--;
      if (first < 0) continue;
      // Assert: the changed bytes fit in one aligned field of the header.
      expect([1, 2, 4, 8].some((w) => Math.floor(first / w) === Math.floor(last / w))).toBe(true);
      expect(last).toBeLessThan(HEADER_BYTES);
      seen.add(Buffer.from(data.subarray(0, 8)).toString('hex'));
    }
    expect(seen).toContain('0000000000000010'); // 0x10000000, little-endian, at offset 4
    expect(seen).toContain('0000000010000000'); // the same, big-endian
  });
});
