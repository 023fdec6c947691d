import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbiError } from '../debuginfo/debuginfo-error.js';
import { compareLayouts } from './compare-layouts.js';
import { readHeaderStructs } from './header-layouts.js';
import { declaredLayout } from './koffi-layout.js';
import type { StructLayout } from '../debuginfo/layout.js';
import { compilerLayouts, LAYOUTS_HEADER, type CompilerLayout } from './test-support/c-ground-truth.js';

// The koffi declarations of test-support/layouts.h, member for member.
const Inner = koffi.struct('kl_Inner', { tag: 'uint8_t', value: 'double' });
const Value = koffi.union('kl_Value', { i: 'int32_t', d: 'double', bytes: koffi.array('uint8_t', 12) });
const DECLARED: Record<string, TypeObject> = {
  Outer: koffi.struct('kl_Outer', { id: 'int32_t', inner: Inner, tail: 'uint16_t' }),
  WithArrays: koffi.struct('kl_WithArrays', {
    bytes: koffi.array('uint8_t', 3),
    words: koffi.array('uint32_t', 2),
    pair: koffi.array(Inner, 2),
    name: koffi.array('char', 5),
  }),
  Packed1: koffi.pack('kl_Packed1', { a: 'uint8_t', b: 'uint32_t', c: 'uint16_t', d: 'uint64_t' }),
  Job4: koffi.struct('kl_Job4', { id: [4, 'uint32_t'], offset: [4, 'uint64_t'], flags: [4, 'uint32_t'] }),
  Aligned8: koffi.struct('kl_Aligned8', { a: 'uint8_t', b: [8, 'int16_t'], c: 'uint8_t' }),
  Value,
  Tagged: koffi.struct('kl_Tagged', { kind: 'uint8_t', value: Value }),
};
const FIELDS: Record<string, readonly string[]> = {
  Outer: ['id', 'inner', 'inner.tag', 'inner.value', 'tail'],
  WithArrays: ['bytes', 'words', 'pair', 'name'],
  Packed1: ['a', 'b', 'c', 'd'],
  Job4: ['id', 'offset', 'flags'],
  Aligned8: ['a', 'b', 'c'],
  Value: ['i', 'd', 'bytes'],
  Tagged: ['kind', 'value', 'value.i', 'value.d', 'value.bytes'],
  Aligned16: ['tag', 'value'],
};

function shape(layout: StructLayout): CompilerLayout {
  return { size: layout.size, align: layout.align, fields: Object.fromEntries(layout.fields.map((f) => [f.name, [f.offset, f.size]])) };
}

describe('declaredLayout', () => {
  let truth: Record<string, CompilerLayout>;
  let header: Map<string, StructLayout>;

  beforeAll(() => {
    truth = compilerLayouts(LAYOUTS_HEADER, FIELDS);
    header = readHeaderStructs(LAYOUTS_HEADER, Object.keys(FIELDS));
  });

  it.each([
    ['nested structs', 'Outer'],
    ['fixed arrays of scalars and structs', 'WithArrays'],
    ['koffi.pack as #pragma pack(1)', 'Packed1'],
    ['[4, type] members as #pragma pack(4)', 'Job4'],
    ['an [8, type] member as __attribute__((aligned(8)))', 'Aligned8'],
    ['koffi.union as a C union', 'Value'],
    ['a union nested in a struct', 'Tagged'],
  ])('should lay out %s exactly as gcc does (%s)', (_what, name) => {
    // Arrange
    const compiler = truth[name]!;
    // Act
    const declared = declaredLayout(name, DECLARED[name]!);
    // Assert: the compiler, gcc's DWARF and koffi agree on every number.
    expect(shape(header.get(name)!)).toEqual(compiler);
    expect(shape(declared)).toEqual(compiler);
    expect(compareLayouts(name, { declared, header: header.get(name)! }).ok).toBe(true);
  });

  it('should report the union kind and the koffi type names', () => {
    // Arrange / Act
    const layout = declaredLayout('Tagged', DECLARED.Tagged!);
    // Assert
    expect(layout.kind).toBe('struct');
    expect(declaredLayout('Value', Value).kind).toBe('union');
    expect(layout.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'kind:uint8_t',
      'value:kl_Value',
      'value.i:int32_t',
      'value.d:double',
      'value.bytes:uint8_t[12]',
    ]);
  });

  it('should show the aligned(16) member koffi cannot declare as a mismatch, not hide it', () => {
    // Arrange: koffi refuses member alignment 16; the closest declaration pads by hand.
    expect(() => koffi.struct('kl_Aligned16_bad', { tag: 'uint8_t', value: [16, 'int32_t'] })).toThrow(/must be 1, 2, 4 or 8/);
    const padded = koffi.struct('kl_Aligned16', { tag: 'uint8_t', _: koffi.array('uint8_t', 15), value: 'int32_t' });
    // Act
    const comparison = compareLayouts('Aligned16', { declared: declaredLayout('Aligned16', padded), header: header.get('Aligned16')! });
    // Assert: gcc says 32 bytes aligned to 16, value at 16; koffi can match the offset only.
    expect(shape(header.get('Aligned16')!)).toEqual(truth.Aligned16);
    expect(truth.Aligned16).toEqual({ size: 32, align: 16, fields: { tag: [0, 1], value: [16, 4] } });
    expect(comparison.rows.every((r) => r.ok)).toBe(true);
    expect(comparison.sizeMismatch && comparison.alignMismatch).toBe(true);
    expect(comparison.ok).toBe(false);
  });

  it('should accept the name of a declared koffi type', () => {
    // Arrange / Act
    const layout = declaredLayout('Job4', 'kl_Job4');
    // Assert
    expect([layout.size, layout.align]).toEqual([16, 4]);
  });

  it('should reject a type that is not a struct or union with bad-declaration', () => {
    // Arrange / Act
    const attempt = () => declaredLayout('Count', koffi.types.int);
    // Assert
    expect(attempt).toThrow(AbiError);
    expect(attempt).toThrow(/declaredLayout\(Count\): koffi type `int` \(Int32\) is not a struct or union/);
    expect(() => declaredLayout('Nope', 'kl_does_not_exist')).toThrow(expect.objectContaining({ code: 'bad-declaration' }));
  });
});
