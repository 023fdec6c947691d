import { describe, expect, it } from 'vitest';
import { attrFlag, attrNumber, attrRef, attrRefName, attrString, parseDwarfdump } from './dwarfdump-parser.js';

// Trimmed from real llvm-dwarfdump 14 output: a unit header, a multi-line attribute, nesting,
// NULL terminators and an escaped quote.
const SAMPLE = [
  'lib.so:\tfile format elf64-x86-64',
  '',
  '.debug_info contents:',
  '0x00000000: Compile Unit: length = 0x000008ed, format = DWARF32, version = 0x0004, abbr_offset = 0x0000, addr_size = 0x08 (next unit at 0x000008f1)',
  '',
  '0x0000000b: DW_TAG_compile_unit',
  '              DW_AT_name\t("src/lib.rs/@/job_layout.8cd3-cgu.0")',
  '              DW_AT_language\t(DW_LANG_Rust)',
  '              DW_AT_ranges\t(0x00000180',
  '                 [0x00000000000117e0, 0x00000000000117e1)',
  '                 [0x00000000000117f0, 0x0000000000011812))',
  '',
  '0x0000002a:   DW_TAG_namespace',
  '                DW_AT_name\t("job_layout")',
  '',
  '0x0000030b:     DW_TAG_structure_type',
  '                  DW_AT_name\t("Job")',
  '                  DW_AT_byte_size\t(0x18)',
  '                  DW_AT_alignment\t(8)',
  '',
  '0x00000313:       DW_TAG_member',
  '                    DW_AT_name\t("id")',
  '                    DW_AT_type\t(0x0000085d "u32")',
  '                    DW_AT_data_member_location\t(0x00)',
  '',
  '0x0000031f:       NULL',
  '',
  '0x00000320:     DW_TAG_subprogram',
  '                  DW_AT_name\t("say \\"hi\\"")',
  '                  DW_AT_external\t(true)',
  '',
  '0x00000330:     NULL',
  '',
  '0x00000331:   NULL',
  '',
  '0x00000332:   DW_TAG_base_type',
  '                DW_AT_name\t("u32")',
  '                DW_AT_byte_size\t(0x04)',
  '',
].join('\n');

describe('parseDwarfdump', () => {
  it('should build the DIE tree from the indentation', () => {
    // Arrange / Act
    const { dies, roots, units } = parseDwarfdump(SAMPLE);
    // Assert
    expect(roots).toEqual([0x0b]);
    expect(units).toEqual([{ offset: 0, version: 4, addrSize: 8 }]);
    expect(dies.get(0x0b)!.children).toEqual([0x2a, 0x332]);
    expect(dies.get(0x2a)!.children).toEqual([0x30b, 0x320]);
    expect(dies.get(0x30b)!.children).toEqual([0x313]);
    expect(dies.get(0x313)!.parent).toBe(0x30b);
  });

  it('should join an attribute value that spans several lines', () => {
    // Arrange / Act
    const cu = parseDwarfdump(SAMPLE).dies.get(0x0b)!;
    // Assert
    expect(cu.attrs.get('DW_AT_ranges')).toBe(
      '0x00000180\n[0x00000000000117e0, 0x00000000000117e1)\n[0x00000000000117f0, 0x0000000000011812)',
    );
  });

  it('should decode strings, numbers, references and flags', () => {
    // Arrange
    const { dies } = parseDwarfdump(SAMPLE);
    const job = dies.get(0x30b)!;
    const member = dies.get(0x313)!;
    const fn = dies.get(0x320)!;
    // Act / Assert
    expect(attrString(job, 'DW_AT_name')).toBe('Job');
    expect([attrNumber(job, 'DW_AT_byte_size'), attrNumber(job, 'DW_AT_alignment')]).toEqual([24, 8]);
    expect([attrRef(member, 'DW_AT_type'), attrRefName(member, 'DW_AT_type')]).toEqual([0x85d, 'u32']);
    expect(attrNumber(member, 'DW_AT_data_member_location')).toBe(0);
    expect(attrString(fn, 'DW_AT_name')).toBe('say "hi"');
    expect([attrFlag(fn, 'DW_AT_external'), attrFlag(job, 'DW_AT_external')]).toEqual([true, false]);
  });

  it('should read a DWARF 2 member location expression', () => {
    // Arrange
    const { dies } = parseDwarfdump('0x00000010: DW_TAG_member\n  DW_AT_data_member_location\t(DW_OP_plus_uconst 0x10)\n');
    // Act / Assert
    expect(attrNumber(dies.get(0x10)!, 'DW_AT_data_member_location')).toBe(16);
  });
});
