import { join } from 'node:path';
import koffi from 'koffi';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAbi } from './check-abi.js';
import { renderAbiReport } from './render-abi-table.js';
import { buildRustTargets, TARGETS_DIR } from './test-support/rust-targets.js';

// The C caller's view of Job (job.h packs it to 4), declared to koffi member by member.
// koffi.pack would give alignment 1; [4, type] members give C's pack(4) exactly.
const Job = koffi.struct('ca_Job', { id: [4, 'uint32_t'], offset: [4, 'uint64_t'], flags: [4, 'uint32_t'] });
const JOB_HEADER = join(TARGETS_DIR, 'job-layout', 'job.h');

describe('checkAbi', () => {
  let libs: Record<'job-layout' | 'job-layout-fixed', string>;

  beforeAll(() => {
    libs = buildRustTargets(['job-layout', 'job-layout-fixed']);
  }, 600_000);

  it('should report the shipped job-layout Job as mismatched in size, alignment and offsets', () => {
    // Arrange / Act
    const report = checkAbi({ libraryPath: libs['job-layout'], structs: { Job }, headerPath: JOB_HEADER });
    // Assert
    const [job] = report.structs;
    expect(report.ok).toBe(false);
    expect(job!.ok).toBe(false);
    const { layouts } = job!.comparison;
    expect([layouts.declared!.size, layouts.declared!.align]).toEqual([16, 4]);
    expect([layouts.library!.size, layouts.library!.align]).toEqual([24, 8]);
    expect([layouts.header!.size, layouts.header!.align]).toEqual([16, 4]);
    expect(
      job!.comparison.rows.map((r) => [r.name, r.views.declared!.offset, r.views.library!.offset, r.views.header!.offset, r.ok]),
    ).toEqual([
      ['id', 0, 0, 0, true],
      ['offset', 4, 8, 4, false],
      ['flags', 12, 16, 12, false],
    ]);
  });

  it('should diagnose that Rust writes 24 bytes into a 16-byte object', () => {
    // Arrange
    const report = checkAbi({ libraryPath: libs['job-layout'], structs: { Job }, headerPath: JOB_HEADER });
    const lines: string[] = [];
    // Act
    renderAbiReport(report, (line) => lines.push(line));
    // Assert
    expect(report.structs[0]!.diagnosis.sentences).toContain(
      'declared and header vs library: Rust writes 24 bytes into a 16-byte object: 8 bytes past the end (and reads 8 bytes past the end of one passed in).',
    );
    expect(lines).toContain('  offset    | 4/8               | 8/8              | 4/8             | ✗  | u64');
    expect(lines).toContain('  - declared and header vs library: field `offset` read at 4 is written at 8.');
    expect(lines.at(-1)).toBe('ABI check: 1 of 1 struct(s) disagree: Job.');
  });

  it('should pass the fixed job-layout, whose Job is repr(C, packed(4))', () => {
    // Arrange / Act
    const report = checkAbi({ libraryPath: libs['job-layout-fixed'], structs: { Job }, headerPath: JOB_HEADER });
    // Assert
    expect(report.ok).toBe(true);
    expect(report.structs[0]!.diagnosis.sentences).toEqual([]);
  });

  it("should flag koffi.pack's alignment of 1 against C's #pragma pack(4), even for the fixed library", () => {
    // Arrange: koffi.pack packs every member to 1 and so gives the struct alignment 1.
    const PackedJob = koffi.pack('ca_PackedJob', { id: 'uint32_t', offset: 'uint64_t', flags: 'uint32_t' });
    // Act
    const report = checkAbi({ libraryPath: libs['job-layout-fixed'], structs: { Job: PackedJob }, headerPath: JOB_HEADER });
    // Assert: same offsets and size; only the alignment differs.
    const { comparison } = report.structs[0]!;
    expect(comparison.rows.every((r) => r.ok)).toBe(true);
    expect(comparison.sizeMismatch).toBe(false);
    expect([comparison.layouts.declared!.align, comparison.layouts.library!.align, comparison.layouts.header!.align]).toEqual([1, 4, 4]);
    expect(report.ok).toBe(false);
  });

  it('should report a struct missing from the library as a finding, not throw', () => {
    // Arrange
    const Missing = koffi.struct('ca_Missing', { a: 'int' });
    // Act
    const report = checkAbi({ libraryPath: libs['job-layout'], structs: { Missing } });
    // Assert
    expect(report.ok).toBe(false);
    expect(report.structs[0]!.errors).toEqual({ library: "not in the library's debug info" });
  });

  it('should reject a declaration that is not a struct with bad-declaration', () => {
    // Arrange / Act
    const attempt = () => checkAbi({ libraryPath: libs['job-layout'], structs: { Job: 'int' } });
    // Assert
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'bad-declaration', message: expect.stringMatching(/^checkAbi: declaredLayout\(Job\)/) }),
    );
  });
});
