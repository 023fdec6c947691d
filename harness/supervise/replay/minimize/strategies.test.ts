import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../../../model/call-input.js';
import { callSize, canonicalBytes, lowerAlignment, removeChunks, shrinkIntegers, simplifyLengths } from './strategies.js';

const call = (hex: string, align = 0, declaredLength?: number): CallInputJson => ({
  fn: 'f',
  args: [
    declaredLength === undefined ? { kind: 'buffer', hex, align } : { kind: 'buffer', hex, align, declaredLength },
    { kind: 'length', of: 0 },
  ],
});

/** Drives a strategy the way the minimizer does: `keep` says whether a candidate still fails. */
function drive(
  strategy: (current: () => CallInputJson) => Iterable<CallInputJson>,
  start: CallInputJson,
  keep: (c: CallInputJson) => boolean,
): { best: CallInputJson; runs: number } {
  let best = start;
  let runs = 0;
  for (const candidate of strategy(() => best)) {
    if (callSize(candidate) >= callSize(best)) continue;
    runs++;
    if (keep(candidate)) best = candidate;
  }
  return { best, runs };
}

const hexOf = (c: CallInputJson) => (c.args[0] as { hex: string }).hex;

describe('minimize strategies', () => {
  it('should delta-debug bytes down to the ones the failure needs, in O(n log n) runs', () => {
    // Fails while the input still contains "ab" somewhere and is at least 4 bytes long.
    const start = call(Buffer.from('xxxxxxxxxxabxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx').toString('hex'));
    const keep = (c: CallInputJson) => Buffer.from(hexOf(c), 'hex').toString().includes('ab') && hexOf(c).length >= 8;
    const { best, runs } = drive(removeChunks, start, keep);
    expect(Buffer.from(hexOf(best), 'hex').length).toBe(4);
    expect(Buffer.from(hexOf(best), 'hex').toString()).toContain('ab');
    expect(runs).toBeLessThan(64 * 3);
  });

  it("should keep a C string's NUL terminator (a buffer no length parameter measures)", () => {
    // Arrange: `int f(const char *s)`, the failure needs nothing but a string
    const cString: CallInputJson = { fn: 'f', args: [{ kind: 'buffer', hex: Buffer.from('abcdefgh\0').toString('hex'), align: 0 }] };
    // Act
    const { best } = drive(removeChunks, cString, () => true);
    // Assert
    expect(hexOf(best)).toBe('00');
  });

  it('should drop every byte of a buffer a length parameter measures, a trailing zero included', () => {
    const { best } = drive(removeChunks, call(Buffer.from('abc\0').toString('hex')), () => true);
    expect(hexOf(best)).toBe('');
  });

  it('should keep a declared length within the remaining bytes', () => {
    const [first] = removeChunks(() => call('00112233', 0, 3));
    expect(first!.args[0]).toMatchObject({ declaredLength: 2 });
  });

  it('should lower alignment to the smallest offset that still fails', () => {
    const { best } = drive(lowerAlignment, call('00', 13), (c) => (c.args[0] as { align: number }).align % 8 !== 0);
    expect(best.args[0]).toMatchObject({ align: 1 });
  });

  it('should move a lying length toward the truth and integers toward zero', () => {
    expect(
      [...simplifyLengths(() => call('0011', 0, -70000))].map((c) => (c.args[0] as { declaredLength?: number }).declaredLength),
    ).toEqual([undefined, 0, -1, -35000]);
    expect([...shrinkIntegers(() => ({ fn: 'f', args: [{ kind: 'int', value: '1000' }] }))].map((c) => c.args[0])).toEqual([
      { kind: 'int', value: '0' },
      { kind: 'int', value: '500' },
    ]);
  });

  it('should make printable bytes canonical so the minimized input reads plainly', () => {
    const { best } = drive(canonicalBytes, call(Buffer.from('xyz').toString('hex')), () => true);
    expect(Buffer.from(hexOf(best), 'hex').toString()).toBe('000');
  });
});

describe('minimizing a C string argument', () => {
  const cstring = (text: string): CallInputJson => ({
    fn: 'f',
    args: [{ kind: 'cstring', hex: Buffer.from(text).toString('hex'), align: 0 }],
  });
  const text = (c: CallInputJson) => Buffer.from((c.args[0] as { hex: string }).hex, 'hex');

  it('should shrink it and simplify its bytes while it stays valid UTF-8 without NUL', () => {
    const seen: Buffer[] = [];
    const keep = (c: CallInputJson) => {
      seen.push(text(c));
      return text(c).includes('é');
    };
    const shrunk = drive(removeChunks, cstring('ab€é€c0'), keep).best;
    const simple = drive(canonicalBytes, shrunk, keep).best;
    expect(seen.every((b) => !b.includes(0) && Buffer.from(b.toString('utf8')).equals(b))).toBe(true);
    // Byte chunks that would cut a character in two are never tried.
    expect(text(shrunk).toString('utf8')).toBe('€é€');
    expect(text(simple).toString('utf8')).toBe('€é€');
    // A C string's simplest byte is '0', never the NUL that would end it.
    expect(text(drive(canonicalBytes, cstring('\x01é'), keep).best).toString('utf8')).toBe('0é');
  });
});
