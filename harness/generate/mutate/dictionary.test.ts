import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import { Dictionary, formatToken, parseDictionary } from './dictionary.js';
import { Rng } from './rng.js';

describe('parseDictionary', () => {
  it('should read libFuzzer dictionary lines with names, escapes and comments', () => {
    const text = ['# HTTP', 'kw1="GET"', '"\\x00\\xff"', '  kw2@1 = "a\\"b\\\\c"  ', ''].join('\n');
    const tokens = parseDictionary(text, 'http.dict').map((t) => Buffer.from(t).toString('hex'));
    expect(tokens).toEqual([Buffer.from('GET').toString('hex'), '00ff', Buffer.from('a"b\\c').toString('hex')]);
  });

  it('should name the file and line of a malformed entry', () => {
    const run = () => parseDictionary('"ok"\nGET\n', 'my.dict');
    expect(run).toThrow(HarnessError);
    expect(run).toThrow(/not name="value"/);
    try {
      run();
    } catch (error) {
      expect((error as HarnessError).where).toBe('my.dict:2');
    }
  });

  it('should refuse a bad escape', () => {
    expect(() => parseDictionary('"\\q"', 'x.dict')).toThrow(/bad escape/);
  });
});

describe('formatToken', () => {
  it('should write a token as a dictionary line that parses back to the same bytes', () => {
    // Arrange
    const tokens = [Buffer.from('_ZN'), Uint8Array.of(0, 0x22, 0x5c, 0x41, 0xff, 0x0a)];
    // Act
    const lines = tokens.map(formatToken);
    // Assert
    expect(lines[0]).toBe('"_ZN"');
    expect(lines[1]).toBe('"\\x00\\"\\\\A\\xff\\x0a"');
    expect(parseDictionary(lines.join('\n'), 'learned.dict').map((t) => Buffer.from(t).toString('hex'))).toEqual(
      tokens.map((t) => Buffer.from(t).toString('hex')),
    );
  });
});

describe('Dictionary', () => {
  it('should learn a token once and pick user and learned tokens', () => {
    const d = new Dictionary([Uint8Array.of(1)]);
    expect(d.learn(Uint8Array.of(2, 2))).toBe(true);
    expect(d.learn(Uint8Array.of(2, 2))).toBe(false);
    expect(d.learn(Uint8Array.of(1))).toBe(false);
    const rng = new Rng(5);
    const picked = new Set(Array.from({ length: 50 }, () => Buffer.from(d.pick(rng)!).toString('hex')));
    expect(picked).toEqual(new Set(['01', '0202']));
  });
});
