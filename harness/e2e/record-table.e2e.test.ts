import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir } from './helpers.js';

// A u32 `count * 16` size check that wraps: only counts of 2^28 and more with small low bits pass
// it (random bytes: once in 2^26). Coverage mode's header-value mutator and property mode's header
// edges write such powers of two at aligned offsets of the first bytes.

async function fuzz(mode: 'coverage' | 'property', runs: number, seed: number) {
  const out = scratchDir();
  const run = await runCli([
    'fuzz',
    'record-table',
    '--mode',
    mode,
    ...(mode === 'coverage' ? ['--jobs', '1'] : []),
    '--runs',
    String(runs),
    '--seed',
    String(seed),
    '--minimize-runs',
    '0',
    '--align-sweep',
    '0',
    '--out',
    out,
    '--reports',
    path.join(out, 'r'),
  ]);
  const found = crashRecords(out).find(({ record }) => /out of range for slice/.test(record.message ?? ''));
  const header = found === undefined ? undefined : Buffer.from((found.record.input!.args[0] as { hex: string }).hex, 'hex');
  return { run, found, count: header?.readUInt32LE(4) };
}

describe('record-table: a 32-bit size check that wraps', () => {
  it('should be found by coverage mode within 3 000 runs on seed 1, with a count of 2^28 or more', async () => {
    const { run, found, count } = await fuzz('coverage', 3000, 1);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(found?.record.location).toMatch(/record-table\/src\/lib\.rs:\d+/);
    expect(count).toBeGreaterThanOrEqual(2 ** 28);
    expect((count! * 16) % 2 ** 32).toBeLessThan(64);
  });

  it('should be found by property mode within 2 000 runs on seed 2', async () => {
    const { run, count } = await fuzz('property', 2000, 2);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(count).toBeGreaterThanOrEqual(2 ** 28);
  });
});
