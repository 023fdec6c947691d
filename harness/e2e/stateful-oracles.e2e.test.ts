import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../report/run-summary.js';
import { crashRecords, leanCampaign, library, runCli, scratchDir, type CliResult } from './helpers.js';

// event-buffer is correct and stateful: a locked, process-wide buffer whose every result depends
// on the calls before it, of any thread. The old oracles called it a determinism bug on one thread
// and a race under stress. The engine now learns on one thread that both functions' results depend
// on history, compares neither, and says so per function; crashes, red zones and the error-return
// contract still judge every call. (chunk-parser's LAST_ERROR race and racy-collection's crash are
// still found under the same stress: stress-last-error and racy-collection e2e tests.)

const args = (dir: string, mode: 'property' | 'stress') => [
  'fuzz',
  'event-buffer',
  ...(mode === 'stress' ? ['--mode', 'stress', '--threads', '8', '--runs', '128'] : ['--runs', '2000']),
  '--seed',
  '5',
  ...leanCampaign(dir),
];

describe('event-buffer (correct, stateful)', () => {
  const runs = new Map<string, { cli: CliResult; dir: string }>();
  const summary = (mode: string) => JSON.parse(runs.get(mode)!.cli.stdout) as RunSummary;

  beforeAll(async () => {
    for (const mode of ['stress', 'property'] as const) {
      const dir = scratchDir();
      runs.set(mode, { cli: await runCli(args(dir, mode)), dir });
    }
  });

  it('should run clean under --mode stress --threads 8 (exit 0, no record)', () => {
    const { cli, dir } = runs.get('stress')!;
    expect(cli.stderr).toContain('0 unique finding(s)');
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(crashRecords(path.join(dir, 'corpus'))).toEqual([]);
  });

  it('should say per function that the differential oracle did not judge it, learned stateful, and what did', () => {
    const push = (summary('stress').perFunction ?? []).find((f) => f.name === 'events_push')!;
    expect(push.calls).toBeGreaterThan(0);
    expect(push.oracles).toEqual(['crash', 'redzone', 'const-input', 'contract-error-return']);
    expect(push.notJudged).toEqual([{ oracle: 'differential', reason: expect.stringMatching(/^learned stateful: /) }]);
    expect(runs.get('stress')!.cli.stderr).toMatch(/^ {2}events_len: no differential oracle: learned stateful/m);
  });

  it('should run clean in property mode too, the determinism oracle off for what it learned stateful', () => {
    const { cli } = runs.get('property')!;
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(summary('property').perFunction?.map((f) => [f.name, f.notJudged.map((n) => n.oracle)])).toEqual([
      ['events_push', ['determinism']],
      ['events_len', ['determinism']],
    ]);
  });
});

describe('fuzz --lib --fn --nondeterministic', () => {
  it('should leave the named function to every oracle but the result comparisons, and say why', async () => {
    const dir = scratchDir();
    const run = await runCli([
      'fuzz',
      '--lib',
      library('event-buffer'),
      '--fn',
      'int32_t events_push(const uint8_t *ptr, int32_t len)',
      '--nondeterministic',
      'events_push',
      '--seed',
      '2',
      '--runs',
      '200',
      ...leanCampaign(dir),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const [push] = (JSON.parse(run.stdout) as RunSummary).perFunction ?? [];
    expect(push!.notJudged).toEqual([
      { oracle: 'determinism', reason: 'the contract says its results are not comparable (contract.deterministic: false)' },
    ]);
  });
});
