import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../report/run-summary.js';
import { KIND_OF_WAY, wayOfInput } from './crash-mix-rule.js';
import { crashRecords, runCli, scratchDir } from './helpers.js';

// The fork server (issue #14) on crash-mix, where about every other input dies (panic, abort,
// SIGSEGV, SIGKILL from another process): every death is recorded with its in-flight input, the
// buckets are those of whole-process restarts, and every record reproduces in a fresh process.

// Property mode: one deterministic stream, the same inputs with or without the fork server.
const CAMPAIGN = ['fuzz', 'crash-mix', '--mode', 'property', '--seed', '5', '--minimize-runs', '0', '--align-sweep', '0', '--json'];
const outArgs = (dir: string) => ['--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports')];

interface Campaign {
  readonly out: string;
  readonly exitCode: number;
  readonly summary: RunSummary;
}

async function campaign(dir: string, extra: readonly string[]): Promise<Campaign> {
  const run = await runCli([...CAMPAIGN, '--runs', '60', ...outArgs(dir), ...extra]);
  return { out: path.join(dir, 'corpus'), exitCode: run.exitCode, summary: JSON.parse(run.stdout) as RunSummary };
}

/** Bucket id → count. */
const buckets = (summary: RunSummary) => Object.fromEntries(summary.findings.map((f) => [f.id, f.count]));

describe('fork server', () => {
  let forked: Campaign;
  let restarted: Campaign;

  beforeAll(async () => {
    forked = await campaign(scratchDir(), []);
    restarted = await campaign(scratchDir(), ['--no-fork-server']);
  });

  it('should record every death, each with the in-flight input that dies the way its record says', () => {
    expect(forked.exitCode).toBe(1);
    const records = crashRecords(forked.out);
    expect(records.map((r) => r.record.kind).sort()).toEqual(['abort', 'exit', 'panic', 'segv']);
    for (const { record } of records) {
      expect(record.inflight, record.id).toHaveLength(1);
      expect(record.input).toEqual(record.inflight[0]!.input);
      const way = wayOfInput(record.input);
      expect(way, record.id).not.toBeNull();
      expect(KIND_OF_WAY[way!], record.id).toBe(record.kind);
    }
    expect(forked.summary.findings.reduce((n, f) => n + f.count, 0)).toBe(forked.summary.restarts);
  });

  it('should find the same buckets, with the same counts, as restarting whole engine children', () => {
    expect(restarted.exitCode).toBe(1);
    expect(buckets(forked.summary)).toEqual(buckets(restarted.summary));
    expect(forked.summary.execs).toBe(restarted.summary.execs);
    expect(restarted.summary.forkServer).toBeUndefined();
  });

  it('should fork every life from one engine start', () => {
    const usage = forked.summary.forkServer!;
    expect(usage.servers).toBe(1);
    // A life per death, and one more unless the last input of the budget died.
    expect(usage.lives - forked.summary.restarts).toBeOneOf([0, 1]);
  });

  it('should reproduce every record in a fresh process with the same signature (exit 1)', async () => {
    for (const { file, record } of crashRecords(forked.out)) {
      const repro = await runCli(['repro', file]);
      expect(repro.stdout, record.id).toContain(`(same signature ${record.id})`);
      expect(repro.exitCode).toBe(1);
    }
  });

  it('should fall back to restarting engine children, saying why in one line, when its helper cannot be built', async () => {
    const run = await runCli([...CAMPAIGN, '--runs', '6', ...outArgs(scratchDir())], undefined, { CC: 'false' });
    expect(run.exitCode).toBe(1);
    const off = run.stderr.split('\n').filter((line) => line.includes('fork server off'));
    expect(off).toEqual([
      'warning: fork server off: its native helper cannot be built: false exited with code 1; every crash restarts the engine child',
    ]);
    expect((JSON.parse(run.stdout) as RunSummary).forkServer).toBeUndefined();
  });

  it('should end a runner whose own memory passes --rss-limit as an oom record, and go on forking', async () => {
    const dir = scratchDir();
    const run = await runCli(
      ['fuzz', 'slow-calls', '--mode', 'property', '--only', 'hoard_if_long', '--seed', '5', '--runs', '40', '--rss-limit', '256'].concat([
        '--minimize-runs',
        '0',
        '--align-sweep',
        '0',
        '--json',
        ...outArgs(dir),
      ]),
    );
    expect(run.exitCode).toBe(1);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(summary.findings.map((f) => f.kind)).toEqual(['oom']);
    // hoard_if_long grows only for a length of 200 or more: the runner in flight was ended there.
    const [oom] = crashRecords(path.join(dir, 'corpus'));
    const buffer = oom!.record.input!.args[0]!;
    expect(buffer.kind === 'buffer' && (buffer.declaredLength ?? buffer.hex.length / 2)).toBeGreaterThanOrEqual(200);
    expect(summary.forkServer).toMatchObject({ servers: 1 });
    expect(summary.forkServer!.lives).toBeGreaterThan(summary.restarts);
  });
});
