import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerEdges } from './header-edges.js';
import { repeatedContent } from './repeated-content.js';

describe('repeatedContent', () => {
  it('should build long runs of one unit within maxLength, nested openers closed as often', () => {
    // Arrange / Act
    const samples = fc.sample(repeatedContent(65_536, ['<tag>']), { seed: 1, numRuns: 1000 }).map((b) => Buffer.from(b).toString('latin1'));
    // Assert
    expect(samples.every((s) => s.length <= 65_536)).toBe(true);
    expect(samples.some((s) => s.length > 8192)).toBe(true);
    const count = (s: string, c: string) => s.split(c).length - 1;
    const nested = samples.filter((s) => s.includes('['.repeat(100)) && s.indexOf(']'.repeat(100)) > s.lastIndexOf('['));
    expect(nested.some((s) => count(s, '[') === count(s, ']') && s.length > 16_384)).toBe(true);
    expect(samples.some((s) => s.includes('<tag>'.repeat(50)))).toBe(true);
  });
});

describe('headerEdges', () => {
  it('should write size-overflow edges at aligned header offsets', () => {
    const samples = fc.sample(headerEdges(4096), { seed: 2, numRuns: 2000 });
    expect(samples.every((b) => b.length >= 8 && b.length <= 64)).toBe(true);
    const counts = samples.map((b) => new DataView(b.buffer, b.byteOffset, b.length).getUint32(4, true));
    expect(counts).toContain(0x10000000);
    expect(counts.filter((c) => c >= 2 ** 28 && (c * 16) % 2 ** 32 < 64).length).toBeGreaterThan(10);
  });
});
