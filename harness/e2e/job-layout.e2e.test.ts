import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrashRecord } from '../store/crash-record.js';
import { crashRecords, library, runCli, scratchDir, type CliResult } from './helpers.js';

// The first postmortem, end to end: job-layout's spec declares Job as the C caller does (16 bytes,
// align 4, job.h's #pragma pack(4)) while Rust lays it out in 24 / 8. `abi` shows the table and
// exits 1; `fuzz` refuses to start on it unless told to, and then records the mismatch as its
// first finding next to the 8-byte write past the caller's object. The fixed twin passes both.

const SEED = '1';
const RUNS = '200';
// Keeps the file's runtime modest: the findings are asserted, not their minimisation.
const QUICK = ['--minimize-runs', '0', '--align-sweep', '0'];

/** A row of the ABI table: `name | a | b | c | ✓/✗`, cells compared without their padding. */
function tableRow(stdout: string, name: string): string[] | undefined {
  const line = stdout.split('\n').find((l) => l.trim().startsWith(`${name} `));
  return line?.split('|').map((cell) => cell.trim());
}

describe('abi job-layout', () => {
  let abi: CliResult;

  beforeAll(async () => {
    abi = await runCli(['abi', 'job-layout']);
  });

  it('should exit 1 and show declared vs library vs header, size and alignment first', () => {
    expect(abi.exitCode).toBe(1);
    expect(abi.stdout).toContain('✗ Job (struct): declared vs library vs header');
    expect(tableRow(abi.stdout, '(sizeof)')).toEqual(['(sizeof)', '16', '24', '16', '✗', '']);
    expect(tableRow(abi.stdout, '(alignof)')).toEqual(['(alignof)', '4', '8', '4', '✗', '']);
  });

  it('should show offset at 4 vs 8 and flags at 12 vs 16, id agreeing', () => {
    expect(tableRow(abi.stdout, 'id')).toEqual(['id', '0/4', '0/4', '0/4', '✓', 'u32']);
    expect(tableRow(abi.stdout, 'offset')).toEqual(['offset', '4/8', '8/8', '4/8', '✗', 'u64']);
    expect(tableRow(abi.stdout, 'flags')).toEqual(['flags', '12/4', '16/4', '12/4', '✗', 'u32']);
  });

  it('should say what the mismatch does at run time', () => {
    expect(abi.stdout).toContain('Rust writes 24 bytes into a 16-byte object: 8 bytes past the end');
    expect(abi.stdout).toContain('field `offset` read at 4 is written at 8.');
    expect(abi.stdout).toMatch(/^ABI check: 1 of 1 struct\(s\) disagree: Job\.$/m);
  });

  it('should pass the fixed twin, and the buggy spec against the fixed library (exit 0)', async () => {
    const fixed = await runCli(['abi', 'job-layout-fixed']);
    expect(fixed.stdout).toMatch(/^ABI check: 1 struct\(s\), all layouts agree\.$/m);
    expect(tableRow(fixed.stdout, '(sizeof)')).toEqual(['(sizeof)', '16', '16', '16', '✓', '']);
    expect(fixed.exitCode).toBe(0);
    const overridden = await runCli(['abi', 'job-layout', '--lib', library('job-layout-fixed')]);
    expect(overridden.stderr).toContain('vs libjob_layout_fixed.so vs job.h');
    expect(overridden.exitCode).toBe(0);
  });
});

describe('fuzz job-layout', () => {
  it('should refuse to start on the mismatched spec (exit 2), naming the struct and the flag', async () => {
    const out = scratchDir();
    const fuzz = await runCli([
      'fuzz',
      'job-layout',
      '--runs',
      RUNS,
      '--seed',
      SEED,
      '--out',
      path.join(out, 'corpus'),
      '--reports',
      path.join(out, 'reports'),
    ]);
    expect(fuzz.exitCode).toBe(2);
    expect(fuzz.stderr).toMatch(/^error: the layout of struct Job declared in the spec disagrees with libjob_layout\.so/m);
    expect(fuzz.stderr).toContain('--allow-abi-mismatch');
    expect(crashRecords(path.join(out, 'corpus'))).toEqual([]);
  });

  describe('with --allow-abi-mismatch', () => {
    const out = scratchDir();
    let fuzz: CliResult;
    let records: { file: string; record: CrashRecord }[];

    beforeAll(async () => {
      fuzz = await runCli([
        'fuzz',
        'job-layout',
        '--runs',
        RUNS,
        '--seed',
        SEED,
        '--allow-abi-mismatch',
        '--json',
        ...QUICK,
        '--out',
        path.join(out, 'corpus'),
        '--reports',
        path.join(out, 'reports'),
      ]);
      records = crashRecords(path.join(out, 'corpus'));
    });

    it('should record the mismatch first, as a wrong-result of oracle abi-layout', () => {
      expect(fuzz.exitCode).toBe(1);
      const abi = records.find((r) => r.record.oracle === 'abi-layout');
      expect(abi?.record.kind).toBe('wrong-result');
      expect(abi!.record.function).toBe('job_fill');
      expect(abi!.record.headline).toContain(
        'struct Job: declared 16/4 vs library 24/8 vs header 16/4 (size/align); offset at 4 vs 8 vs 4; flags at 12 vs 16 vs 12',
      );
      expect(abi!.record.abi?.declared.map((l) => [l.name, l.size, l.align])).toEqual([['Job', 16, 4]]);
      const summary = JSON.parse(fuzz.stdout) as {
        findings: { id: string }[];
        abi?: { ok: boolean; structs: { name: string; size: Record<string, number> }[] };
      };
      expect(summary.findings[0]!.id).toBe(abi!.record.id);
      expect(summary.abi?.ok).toBe(false);
      expect(summary.abi?.structs[0]).toMatchObject({ name: 'Job', size: { declared: 16, library: 24, header: 16 } });
    });

    it('should also find the 8-byte write past the 16-byte Job at offset 16 (red zone)', () => {
      const oob = records.find((r) => r.record.kind === 'oob-write');
      expect(oob?.record.damage).toMatchObject({ offset: 16, length: 8 });
      expect(oob!.record.function).toBe('job_fill');
    });

    it('should reproduce the mismatch by checking the recorded declaration again (exit 1), and not against the fixed build (exit 0)', async () => {
      const abi = records.find((r) => r.record.oracle === 'abi-layout')!;
      expect(fs.existsSync(abi.file)).toBe(true);
      const again = await runCli(['repro', abi.file]);
      expect(again.stdout).toContain(`reproduced: `);
      expect(again.stdout).toContain(`(same signature ${abi.record.id})`);
      expect(again.exitCode).toBe(1);
      const fixed = await runCli(['repro', abi.file, '--lib', library('job-layout-fixed')]);
      expect(fixed.stdout).toContain(`no longer fails: ${abi.record.id} did not reproduce`);
      expect(fixed.exitCode).toBe(0);
    });
  });

  it('should fuzz the fixed twin clean (exit 0)', async () => {
    const out = scratchDir();
    const fuzz = await runCli([
      'fuzz',
      'job-layout-fixed',
      '--runs',
      RUNS,
      '--seed',
      SEED,
      ...QUICK,
      '--out',
      path.join(out, 'corpus'),
      '--reports',
      path.join(out, 'reports'),
    ]);
    expect(fuzz.stderr).toContain('ABI check: Job agrees with libjob_layout_fixed.so and job.h');
    expect(fuzz.stderr).toContain('0 unique finding(s)');
    expect(fuzz.exitCode).toBe(0);
  });
});
