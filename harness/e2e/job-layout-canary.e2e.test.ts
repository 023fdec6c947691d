import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir, scratchCampaign } from './helpers.js';

// The first postmortem without a crash: Rust writes a 24-byte Job into the caller's 16 bytes. The
// red zones after the buffer see the 8 extra bytes at offset 16; with the buffer's end against a
// PROT_NONE page (guard pages) the write itself faults, and the record says where.

const fuzz = (target: string, dir: string, guardPages: string) =>
  runCli(['fuzz', target, '--allow-abi-mismatch', '--guard-pages', guardPages, '--seed', '3', '--runs', '40', ...scratchCampaign(dir)]);

describe('job-layout canaries and guard pages', () => {
  it('should report the overrun as an 8-byte oob-write at offset 16 with guard pages off', async () => {
    const dir = scratchDir();
    const run = await fuzz('job-layout', dir, 'off');
    expect(run.exitCode).toBe(1);
    const found = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'oob-write');
    expect(found?.record.damage).toMatchObject({ param: 0, offset: 16, length: 8 });
    expect(found!.record.message).toMatch(/^job_fill wrote 8 bytes .*'out' \(16 bytes\).*offset 16/);
    const repro = await runCli(['repro', found!.file]);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
  });

  it('should fault at the guard page after the buffer when guard pages are on, and say so', async () => {
    const dir = scratchDir();
    const run = await fuzz('job-layout', dir, 'small');
    const found = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'segv');
    expect(found?.record.headline).toBe("segv: write fault at the guard page after 'out' (past the end of the buffer) in job_fill");
    expect(found!.record.message).toBe('fault at the guard page after argument #0 (write past the end of the buffer)');
    expect(found!.record.faultingWorker).toBe(0);
    expect(found!.record.engine?.guardPages).toBe('small');
    expect(run.stderr).toContain('Reproduce with:');
    const repro = await runCli(['repro', found!.file]);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
  });

  it('should find nothing in the fixed twin, guard pages on', async () => {
    const dir = scratchDir();
    const run = await fuzz('job-layout-fixed', dir, 'small');
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
  });
});
