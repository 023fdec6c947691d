import koffi from 'koffi';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRustTargets, TARGETS_DIR } from './test-support/rust-targets.js';
import { HarnessError } from '../model/harness-error.js';
import { resolveTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import { abiGate, abiMismatchOf, abiSummaryOf, checkTargetAbi, mismatchLine } from './abi-gate.js';
import { triageAbiMismatch } from '../supervise/capture/crash-capture.js';

// The C caller's Job (job.h, pack(4)), under its own koffi name so other tests' Job does not clash.
const Job = koffi.struct('gate_Job', { id: 'uint32_t', offset: [4, 'uint64_t'], flags: 'uint32_t' });
const target = resolveTarget(
  defineTarget({
    name: 'gate',
    library: 'unused.so',
    header: join(TARGETS_DIR, 'job-layout', 'job.h'),
    structs: { Job },
    functions: { job_fill: { prototype: 'int32_t job_fill(Job *out)' } },
  }),
  TARGETS_DIR,
);

describe('the ABI gate of fuzz', () => {
  let libs: Record<'job-layout' | 'job-layout-fixed', string>;

  beforeAll(() => {
    libs = buildRustTargets(['job-layout', 'job-layout-fixed']);
  }, 600_000);

  it('should refuse a mismatched spec with exit 2, naming the struct and the flag, after printing the table', () => {
    // Arrange
    const lines: string[] = [];
    // Act
    const refuse = () => abiGate(target, libs['job-layout'], false, (line) => lines.push(line));
    // Assert
    expect(refuse).toThrow(HarnessError);
    expect(refuse).toThrow(/^the layout of struct Job declared in the spec disagrees with libjob_layout\.so/);
    expect(lines).toContain('ABI check: 1 of 1 struct(s) disagree: Job.');
    try {
      refuse();
    } catch (error) {
      expect((error as HarnessError).exitCode).toBe(2);
      expect((error as HarnessError).hint).toContain('--allow-abi-mismatch');
    }
  });

  it('should let a mismatch through when allowed, and say one line when the layouts agree', () => {
    const lines: string[] = [];
    expect(abiGate(target, libs['job-layout'], true, (line) => lines.push(line))?.ok).toBe(false);
    expect(lines.at(-1)).toBe('--allow-abi-mismatch: fuzzing anyway; the mismatch of Job is recorded as the first finding');
    const fixed: string[] = [];
    expect(abiGate(target, libs['job-layout-fixed'], false, (line) => fixed.push(line))?.ok).toBe(true);
    expect(fixed).toEqual(['ABI check: Job agrees with libjob_layout_fixed.so and job.h']);
  });

  it('should describe the mismatch in one line and bucket it under the function that takes the struct', () => {
    // Arrange
    const report = checkTargetAbi(target, libs['job-layout'])!;
    // Act
    const mismatch = abiMismatchOf(report, target.functions);
    // Assert
    expect(mismatchLine(report.structs[0]!)).toBe(
      'struct Job: declared 16/4 vs library 24/8 vs header 16/4 (size/align); offset at 4 vs 8 vs 4; flags at 12 vs 16 vs 12',
    );
    expect(mismatch).toMatchObject({ fn: 'job_fill', structs: ['Job'], header: join(TARGETS_DIR, 'job-layout', 'job.h') });
    expect(mismatch.declared.map((l) => [l.name, l.size, l.align])).toEqual([['Job', 16, 4]]);
    expect(triageAbiMismatch(mismatch).signature).toBe('wrong-result | job_fill | abi-layout | Job');
  });

  it('should keep the table as data for the run summary', () => {
    const summary = abiSummaryOf(checkTargetAbi(target, libs['job-layout'])!);
    expect(summary.structs[0]).toMatchObject({
      name: 'Job',
      ok: false,
      size: { declared: 16, library: 24, header: 16 },
      align: { declared: 4, library: 8, header: 4 },
    });
    expect(summary.structs[0]!.fields.find((f) => f.name === 'flags')).toMatchObject({
      ok: false,
      views: { declared: { offset: 12 }, library: { offset: 16 } },
    });
    expect(summary.lines).toContain('ABI check: 1 of 1 struct(s) disagree: Job.');
  });

  it('should skip a spec without structs', () => {
    const plain = resolveTarget(
      defineTarget({ name: 'plain', library: 'x.so', functions: { f: { prototype: 'int32_t f(const uint8_t *p, int32_t n)' } } }),
      '/tmp',
    );
    expect(checkTargetAbi(plain, libs['job-layout'])).toBeNull();
  });
});
