import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir } from './helpers.js';

// A recursive parser with small frames: koffi's call stack runs out only past ~13 000 levels of
// nesting on the coverage build (~33 000 on the plain one), an input longer than 8 KiB, which the
// 4 KiB inputs of earlier versions (and libFuzzer's default -max_len) never reach. Coverage mode
// gets there by nesting an input (repeat-mutators.ts) up to --max-len (64 KiB by default).

const QUIET = ['--minimize-runs', '0', '--align-sweep', '0', '--mode', 'coverage', '--jobs', '1'];

function fuzzArgs(out: string, runs: number, seed: number): string[] {
  return ['fuzz', 'flow-nesting', ...QUIET, '--runs', String(runs), '--seed', String(seed), '--out', out, '--reports', path.join(out, 'r')];
}

describe('flow-nesting: a stack overflow that needs more than 8 KiB of nesting', () => {
  it('should survive 8 192 levels: the overflow needs a deeper input', async () => {
    // Arrange: one committed seed nested 8 192 levels deep.
    const out = scratchDir();
    const seeds = path.join(out, 'flow-nesting', 'flow_count', 'seeds');
    fs.mkdirSync(seeds, { recursive: true });
    fs.writeFileSync(path.join(seeds, 'deep-8192'), `${'['.repeat(8192)}1${']'.repeat(8192)}`);
    // Act: the one run replays the seed.
    const run = await runCli([...fuzzArgs(out, 1, 1), '--json']);
    // Assert
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { execs: number; coverage: { corpusBefore: number } };
    expect(summary.execs).toBe(1);
    expect(summary.coverage.corpusBefore).toBe(1);
  });

  it('should be found by coverage mode within 30 000 runs on seed 2, as a stack-overflow that reproduces', async () => {
    const out = scratchDir();
    const run = await runCli(fuzzArgs(out, 30_000, 2));
    expect(run.exitCode, run.stderr).toBe(1);
    const found = crashRecords(out).find(({ record }) => record.kind === 'stack-overflow');
    expect(found?.record.engine?.mode).toBe('coverage');
    const input = Buffer.from((found!.record.input!.args[0] as { hex: string }).hex, 'hex');
    const openers = input.filter((b) => b === 0x5b || b === 0x7b).length;
    expect(openers).toBeGreaterThan(8192);
    const repro = await runCli(['repro', found!.file]);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
  });
});
