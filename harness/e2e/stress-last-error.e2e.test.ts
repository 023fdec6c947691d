import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir, type CliResult, scratchCampaign } from './helpers.js';
import type { CrashRecord } from '../store/crash-record.js';

// The second postmortem's `static mut LAST_ERROR`, found the way it bit production: several threads
// calling parse_chunk at once. `--mode stress` runs every input alone first (a one-thread scout,
// which also records the sequential crashes), then releases 8 threads together on the inputs that
// survived, and compares each thread's last-error text with what the same input says alone.

const SEED = '5';
const RUNS = '128';
const stress = (target: string, dir: string) => [
  'fuzz',
  target,
  '--mode',
  'stress',
  '--threads',
  '8',
  '--seed',
  SEED,
  '--runs',
  RUNS,
  ...scratchCampaign(dir),
];

describe('chunk-parser (shipped) under --mode stress', () => {
  const dir = scratchDir();
  let fuzz: CliResult;
  let race: { file: string; record: CrashRecord } | undefined;

  beforeAll(async () => {
    fuzz = await runCli(stress('chunk-parser', dir));
    race = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.oracle === 'last-error-foreign');
  });

  it("should report another thread's last error as a race, with the input and what it says alone", () => {
    expect(fuzz.exitCode).toBe(1);
    expect(fuzz.stderr).toContain('8 thread(s), stress mode');
    expect(fuzz.stderr).toContain('budget: campaign 128 runs');
    expect(race?.record.kind).toBe('race');
    expect(race!.record.message).toMatch(
      /^get_last_error\(\) after parse_chunk returned -\d+ said ".*" while other threads called the library; alone, the same input's message is ".+"$/,
    );
    expect(race!.record.input?.fn).toBe('parse_chunk');
    expect(race!.record.engine).toEqual({ mode: 'stress', guardPages: 'small' });
  });

  it('should keep the whole burst that ran together, from every thread, as a concurrent set', () => {
    const record = race!.record;
    expect(record.concurrent).toBe(true);
    expect(new Set(record.inflight.map((i) => i.worker)).size).toBe(8);
    expect(record.inflight.some((i) => i.worker === record.culpritWorker && JSON.stringify(i.input) === JSON.stringify(record.input))).toBe(
      true,
    );
  });

  it('should replay the set concurrently and print its reproduction rate with repro --times 20', async () => {
    const repro = await runCli(['repro', race!.file, '--times', '20']);
    const rate = /^reproduction rate: (\d+)\/20$/m.exec(repro.stdout);
    expect(rate, repro.stdout + repro.stderr).not.toBeNull();
    expect(Number(rate![1])).toBeGreaterThan(0);
    expect(repro.stderr).toMatch(/^ {2}concurrently: parse_chunk\(/m);
    expect(repro.exitCode).toBe(1);
  });
});

describe('chunk-parser-fixed under --mode stress', () => {
  it('should be clean over the same budget (exit 0)', async () => {
    const dir = scratchDir();
    const fuzz = await runCli(stress('chunk-parser-fixed', dir));
    expect(fuzz.stderr).toContain('0 unique finding(s)');
    expect(fuzz.exitCode).toBe(0);
    expect(crashRecords(path.join(dir, 'corpus'))).toEqual([]);
  });
});
