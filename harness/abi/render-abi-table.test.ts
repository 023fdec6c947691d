import { describe, expect, it } from 'vitest';
import type { AbiReport, StructReport } from './check-abi.js';
import { compareLayouts } from './compare-layouts.js';
import { diagnose } from './diagnose.js';
import type { LayoutSource, StructLayout } from '../debuginfo/layout.js';
import { renderAbiReport, renderTable } from './render-abi-table.js';
import { C_JOB, RUST_JOB } from './test-support/job-layouts.js';

function structReport(
  layouts: Partial<Record<LayoutSource, StructLayout>>,
  errors: Partial<Record<LayoutSource, string>> = {},
): StructReport {
  const comparison = compareLayouts('Job', layouts);
  return { name: 'Job', comparison, diagnosis: diagnose(comparison), errors, ok: comparison.ok && Object.keys(errors).length === 0 };
}

function capture(render: (write: (line: string) => void) => void): string[] {
  const lines: string[] = [];
  render((line) => lines.push(line));
  return lines;
}

describe('renderAbiReport', () => {
  it('should render the postmortem Job as a table, the diagnosis and the graffiti', () => {
    // Arrange
    const report: AbiReport = {
      libraryPath: 'libjob_layout.so',
      structs: [
        structReport({
          declared: C_JOB,
          library: RUST_JOB,
          header: { ...C_JOB, alignNote: 'no DW_AT_alignment; offsets match #pragma pack(4)' },
        }),
      ],
      ok: false,
    };
    // Act
    const lines = capture((write) => renderAbiReport(report, write));
    // Assert
    expect(lines).toEqual([
      '✗ Job (struct): declared vs library vs header',
      '  field     | declared off/size | library off/size | header off/size | ok | type',
      '  ----------+-------------------+------------------+-----------------+----+-----',
      '  (sizeof)  | 16                | 24               | 16              | ✗  |',
      '  (alignof) | 4                 | 8                | 4               | ✗  |',
      '  id        | 0/4               | 0/4              | 0/4             | ✓  | u32',
      '  offset    | 4/8               | 8/8              | 4/8             | ✗  | u64',
      '  flags     | 12/4              | 16/4             | 12/4            | ✗  | u32',
      '  note: header alignment: no DW_AT_alignment; offsets match #pragma pack(4)',
      '  - declared and header vs library: Rust writes 24 bytes into a 16-byte object: 8 bytes past the end (and reads 8 bytes past the end of one passed in).',
      '  - declared and header vs library: Rust aligns `Job` to 8, the declared layout to 4: arrays of it and structs containing it are laid out differently; a `Job` at an address that is 4 mod 8 is misaligned for Rust.',
      '  - declared and header vs library: field `offset` read at 4 is written at 8.',
      '  - declared and header vs library: field `flags` read at 12 is written at 16, past the end of the 16-byte object.',
      '  graffiti: Rust paints each field (id=A0 offset=A1 flags=A2, padding=00); the declared layout and the C header read:',
      '    id              @0..3    A0 A0 A0 A0              ✓ `id` bytes 0–3',
      '    offset          @4..11   00 00 00 00 A1 A1 A1 A1  ✗ padding ×4, `offset` bytes 0–3',
      '    flags           @12..15  A1 A1 A1 A1              ✗ `offset` bytes 4–7',
      '    (past the end)  @16..23  A2 A2 A2 A2 00 00 00 00  ✗ `flags` bytes 0–3, padding ×4',
      '',
      'ABI check: 1 of 1 struct(s) disagree: Job.',
    ]);
  });

  it('should render agreeing views with ticks and a clean summary', () => {
    // Arrange
    const report: AbiReport = {
      libraryPath: 'libjob_layout_fixed.so',
      structs: [structReport({ declared: C_JOB, library: { ...C_JOB, language: 'Rust' } })],
      ok: true,
    };
    // Act
    const lines = capture((write) => renderAbiReport(report, write));
    // Assert
    expect(lines[0]).toBe('✓ Job (struct): declared vs library');
    expect(lines.filter((l) => l.includes('✗'))).toEqual([]);
    expect(lines.at(-1)).toBe('ABI check: 1 struct(s), all layouts agree.');
  });

  it('should show why a view is missing and a dash for a field one view lacks', () => {
    // Arrange
    const partial: StructLayout = { ...C_JOB, fields: C_JOB.fields.slice(0, 2) };
    const report: AbiReport = {
      libraryPath: 'lib.so',
      structs: [structReport({ declared: C_JOB, header: partial }, { library: "not in the library's debug info" })],
      ok: false,
    };
    // Act
    const lines = capture((write) => renderAbiReport(report, write));
    // Assert
    expect(lines[1]).toBe("  library: not in the library's debug info");
    expect(lines).toContain('  flags     | 12/4              | —               | ✗  | uint32_t');
  });

  it('should write the table alone through the injected sink', () => {
    // Arrange
    const comparison = compareLayouts('Job', { library: RUST_JOB });
    // Act
    const lines = capture((write) => renderTable(comparison, write));
    // Assert
    expect(lines[0]).toBe('  field     | library off/size | ok | type');
    expect(lines).toHaveLength(7);
  });
});
