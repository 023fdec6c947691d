import koffi from 'koffi';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRustTargets, TARGETS_DIR } from '../../abi/test-support/rust-targets.js';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { defineTarget } from '../../ffi/target-spec.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { abiMismatchOf, checkTargetAbi } from '../../abi/abi-gate.js';
import { recheckAbiRecord } from './abi-recheck.js';
import { captureAbiMismatch, type CaptureContext } from '../capture/crash-capture.js';

const Job = koffi.struct('recheck_Job', { id: 'uint32_t', offset: [4, 'uint64_t'], flags: 'uint32_t' });
const HEADER = join(TARGETS_DIR, 'job-layout', 'job.h');
const target = resolveTarget(
  defineTarget({
    name: 'recheck',
    library: 'unused.so',
    header: HEADER,
    structs: { Job },
    functions: { job_fill: { prototype: 'int32_t job_fill(Job *out)' } },
  }),
  TARGETS_DIR,
);

describe('recheckAbiRecord', () => {
  let libs: Record<'job-layout' | 'job-layout-fixed', string>;
  let record: CrashRecord;

  beforeAll(() => {
    libs = buildRustTargets(['job-layout', 'job-layout-fixed']);
    const ctx: CaptureContext = {
      targetName: 'recheck',
      spec: { name: 'recheck', functions: {} },
      specModule: null,
      libraryPath: libs['job-layout'],
      librarySha256: '0'.repeat(64),
      seed: 1,
      harnessVersion: 'test',
      commands: (file) => ({ reproduce: `repro ${file}`, minimize: `minimize ${file}` }),
    };
    record = captureAbiMismatch(
      ctx,
      (id, fn) => `/tmp/${fn}/${id}/crash.json`,
      abiMismatchOf(checkTargetAbi(target, libs['job-layout'])!, target.functions),
    );
  }, 600_000);

  it('should keep the declared layouts and header in the record, with no input', () => {
    expect(record).toMatchObject({
      kind: 'wrong-result',
      oracle: 'abi-layout',
      function: 'job_fill',
      input: null,
      inflight: [],
      abi: { header: HEADER },
    });
    expect(record.abi!.declared[0]).toMatchObject({ name: 'Job', size: 16, align: 4 });
  });

  it('should reproduce against the same library, from the record alone', () => {
    // Arrange: the record as it comes back from disk (plain JSON).
    const fromDisk = JSON.parse(JSON.stringify(record)) as CrashRecord;
    // Act
    const again = recheckAbiRecord(fromDisk, libs['job-layout']);
    // Assert
    expect(again.verdict).toBe('reproduced');
    expect(again.id).toBe(record.id);
  });

  it('should call it fixed against the fixed build', () => {
    expect(recheckAbiRecord(record, libs['job-layout-fixed'])).toMatchObject({ verdict: 'fixed', id: null });
  });

  it('should check the library alone when the header is gone, and say so', () => {
    const again = recheckAbiRecord({ ...record, abi: { ...record.abi!, header: '/gone/job.h' } }, libs['job-layout']);
    expect(again.note).toBe('the header /gone/job.h is gone; the declarations were checked against the library only');
    expect(again.report.structs[0]!.comparison.sources).toEqual(['declared', 'library']);
    expect(again.verdict).toBe('reproduced');
  });
});
