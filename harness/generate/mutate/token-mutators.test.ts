import { describe, expect, it } from 'vitest';
import type { CompareOperands } from './mutator.js';
import { mutationContext } from './test-support/mutation-context.js';
import { compareInsert, compareReplace, compareResize, dictionaryInsert, encodings, lengthField } from './token-mutators.js';

const le32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
};

function context(compares: CompareOperands[], tokens: Uint8Array[] = []) {
  return mutationContext({ compares, tokens });
}

describe('compareReplace', () => {
  it('should write the magic the target compared the input against, where the input held its partner', () => {
    // Arrange: the target compared the first 4 input bytes ("ABCD") with "FZMG".
    const input = Buffer.from('ABCDxyz');
    const ctx = context([{ kind: 'int', size: 4, a: Uint8Array.from(Buffer.from('FZMG')), b: Uint8Array.from(Buffer.from('ABCD')) }]);
    // Act: the forms are tried from a random one; every applicable form leads to the same place here.
    const data = new Uint8Array(16);
    data.set(input);
    const size = compareReplace.mutate(data, input.length, ctx);
    // Assert
    expect(size).toBe(input.length);
    expect(Buffer.from(data.subarray(0, 7)).toString()).toBe('FZMGxyz');
    expect(Buffer.from(ctx.used.at(-1)!).toString()).toBe('FZMG');
  });

  it('should fix a 2-byte checksum compared as a zero-extended 32-bit value', () => {
    const input = Uint8Array.of(0x46, 0x5a, 0x4d, 0x47, 0x34, 0x12, 9, 9);
    const ctx = context([{ kind: 'int', size: 4, a: le32(0x1234), b: le32(0xbeef) }]);
    let fixed = false;
    for (let i = 0; i < 20 && !fixed; i++) {
      const data = Uint8Array.from(input);
      compareReplace.mutate(data, data.length, ctx);
      fixed = data[4] === 0xef && data[5] === 0xbe;
    }
    expect(fixed).toBe(true);
  });

  it('should not apply when neither operand is in the input', () => {
    const data = Uint8Array.from(Buffer.from('hello'));
    expect(compareReplace.mutate(data, 5, context([{ kind: 'int', size: 4, a: le32(0x11223344), b: le32(0x55667788) }]))).toBe(-1);
    expect(Buffer.from(data).toString()).toBe('hello');
  });
});

describe('compareReplace and compareInsert on byte strings', () => {
  const text = (s: string) => Uint8Array.from(Buffer.from(s));

  it('should write the literal a memcmp compared the input with (a Rust starts_with)', () => {
    // Arrange: bcmp(input[0..3], "_ZN", 3) differed.
    const ctx = context([{ kind: 'bytes', a: text('abc'), b: text('_ZN') }]);
    const data = new Uint8Array(16);
    data.set(text('abcdef'));
    // Act
    const size = compareReplace.mutate(data, 6, ctx);
    // Assert
    expect(Buffer.from(data.subarray(0, size)).toString()).toBe('_ZNdef');
  });

  it('should replace a string with one of another length, moving what follows (a strcmp)', () => {
    const ctx = context([{ kind: 'bytes', a: text('GET'), b: text('DELETE') }]);
    const data = new Uint8Array(16);
    data.set(text('GET /x'));
    const size = compareReplace.mutate(data, 6, ctx);
    expect(Buffer.from(data.subarray(0, size)).toString()).toBe('DELETE /x');
  });

  it('should insert a needle the target searched for, and not try to replace it', () => {
    const ctx = context([{ kind: 'bytes', a: new Uint8Array(0), b: text('<!DOCTYPE') }]);
    const data = new Uint8Array(32);
    data.set(text('<html>'));
    expect(compareReplace.mutate(data, 6, ctx)).toBe(-1);
    const size = compareInsert.mutate(data, 6, ctx);
    expect(Buffer.from(data.subarray(0, size)).toString()).toContain('<!DOCTYPE');
    expect(Buffer.from(ctx.used.at(-1)!).toString()).toBe('<!DOCTYPE');
  });
});

describe('encodings', () => {
  it('should offer both directions, both byte orders and narrower widths that fit', () => {
    const forms = encodings({
      kind: 'int',
      size: 8,
      a: Uint8Array.of(0x34, 0x12, 0, 0, 0, 0, 0, 0),
      b: Uint8Array.of(0xef, 0xbe, 0, 0, 0, 0, 0, 0),
    });
    const hex = forms.map(([f, t]) => `${Buffer.from(f).toString('hex')}>${Buffer.from(t).toString('hex')}`);
    expect(hex).toContain('3412>efbe');
    expect(hex).toContain('1234>beef');
    expect(hex).toContain('efbe>3412');
    expect(hex).not.toContain('34>ef');
  });
});

describe('dictionaryInsert and lengthField', () => {
  it('should insert a dictionary token and report it as used', () => {
    const ctx = context([], [Uint8Array.from(Buffer.from('GET '))]);
    const data = new Uint8Array(16);
    data.set(Buffer.from('abc'));
    const size = dictionaryInsert.mutate(data, 3, ctx);
    expect(size).toBe(7);
    expect(Buffer.from(data.subarray(0, size)).toString()).toContain('GET ');
  });

  it('should write a value close to a length the input has', () => {
    const data = new Uint8Array(8);
    const ctx = context([]);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      data.fill(0xaa);
      lengthField.mutate(data, 8, ctx);
      for (const b of data) if (b !== 0xaa) seen.add(b);
    }
    expect([...seen].some((b) => b >= 7 && b <= 9)).toBe(true);
  });
});

describe('compareResize', () => {
  it('should grow the input to the length the target compared its size with, repeating its own bytes', () => {
    // Arrange: the target compared the input's size (10) with 36 (uuid's `len != 36`).
    const input = Buffer.from('0123456789');
    const ctx = context([{ kind: 'int', size: 8, a: le32(10), b: le32(36) }]);
    const data = new Uint8Array(64);
    data.set(input);
    // Act
    const size = compareResize.mutate(data, input.length, ctx);
    // Assert: 36, or one past it either side; the new bytes repeat the input.
    expect([35, 36, 37]).toContain(size);
    expect(Buffer.from(data.subarray(0, size)).toString()).toBe('0123456789'.repeat(4).slice(0, size));
  });

  it('should cut the input to a smaller compared length', () => {
    const ctx = context([{ kind: 'int', size: 4, a: le32(4), b: le32(50) }]);
    const sizes = new Set<number>();
    for (let i = 0; i < 40; i++) sizes.add(compareResize.mutate(new Uint8Array(64), 50, ctx));
    expect(sizes).toEqual(new Set([3, 4, 5]));
  });

  it('should not apply when no compare involves the input size, or the other length does not fit', () => {
    const data = new Uint8Array(64);
    const unrelated = context([{ kind: 'int', size: 4, a: le32(7), b: le32(9) }]);
    const tooLong = context([{ kind: 'int', size: 4, a: le32(10), b: le32(1000) }]);
    expect(compareResize.mutate(data, 10, unrelated)).toBe(-1);
    expect(compareResize.mutate(data, 10, tooLong)).toBe(-1);
  });
});
