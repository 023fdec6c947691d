import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../ffi/target-source.js';
import { callStream } from '../generate/call-stream.js';
import { inputToJson } from '../model/call-input.js';
import type { RunSummary } from '../report/run-summary.js';
import { bytesRead, KIND_OF_WAY, wayOfInput, type CrashMixWay } from './crash-mix-rule.js';
import { crashRecords, ROOT, runCli, scratchDir } from './helpers.js';

// Crashes at volume, on the fork server: one long campaign on crash-mix in which about a thousand
// inputs, at random points of the seeded stream, die by a panic, an abort, a SIGSEGV or a SIGKILL
// from another process (issue #12: every death is a record or a count, with the input in flight,
// and the totals add up; issue #14: no runner hangs, the server's memory stays put).

const SEED = 3;
const RUNS = 2000;

/** The deaths the seeded stream holds, in order: input i dies when crash-mix's rule says so. */
async function expectedDeaths(): Promise<string[]> {
  const target = await loadTarget({
    kind: 'module',
    module: path.join(ROOT, 'dist/targets/crash-mix/target.js'),
    specDir: path.join(ROOT, 'targets/crash-mix'),
  });
  const stream = callStream(target.functions, SEED, 0);
  const deaths: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const input = inputToJson(stream.at(i));
    const way = wayOfInput(input);
    if (way !== null) deaths.push(`${way} ${bytesRead(input)!.toString('hex')}`);
  }
  return deaths;
}

describe('a thousand crashes in one campaign', () => {
  const dir = scratchDir();
  const out = path.join(dir, 'corpus');
  const log = path.join(dir, 'deaths.log');
  let exitCode: number;
  let summary: RunSummary;
  let deaths: string[];

  beforeAll(async () => {
    const run = await runCli(
      [
        'fuzz',
        'crash-mix',
        '--mode',
        'property',
        '--seed',
        String(SEED),
        '--runs',
        String(RUNS),
        '--minimize-runs',
        '0',
        '--align-sweep',
        '0',
        '--json',
      ].concat(['--out', out, '--reports', path.join(dir, 'reports')]),
      undefined,
      // crash-mix writes each death's input to this file before dying: the target's own count.
      { CRASH_MIX_LOG: log },
    );
    exitCode = run.exitCode;
    summary = JSON.parse(run.stdout) as RunSummary;
    deaths = fs.readFileSync(log, 'utf8').trim().split('\n');
  });

  it('should run every input of the stream once, each crashing one in flight when it died', async () => {
    expect(exitCode).toBe(1);
    const expected = await expectedDeaths();
    expect(expected.length).toBeGreaterThan(900);
    // The target saw exactly the stream's crashing inputs, in stream order, each once: every death's
    // in-flight input was read right, and the next life resumed just after it.
    expect(deaths).toEqual(expected);
  });

  it('should turn every death into a record or a count on its bucket: the totals equal the deaths', () => {
    expect(summary.restarts).toBe(deaths.length);
    expect(summary.findings.reduce((n, f) => n + f.count, 0)).toBe(deaths.length);
    const byWay = new Map<CrashMixWay, number>();
    for (const line of deaths) {
      const way = line.split(' ')[0] as CrashMixWay;
      byWay.set(way, (byWay.get(way) ?? 0) + 1);
    }
    for (const [way, count] of byWay) {
      const bucket = summary.findings.filter((f) => f.kind === KIND_OF_WAY[way]);
      expect(bucket, way).toHaveLength(1);
      expect(bucket[0]!.count, way).toBe(count);
    }
    for (const { record } of crashRecords(out)) expect(KIND_OF_WAY[wayOfInput(record.input)!], record.id).toBe(record.kind);
  });

  it('should fork every life from one server that neither hangs nor grows', () => {
    expect(summary.findings.some((f) => f.kind === 'timeout')).toBe(false);
    const usage = summary.forkServer!;
    expect(usage.servers).toBe(1);
    // A life per death, and one more unless the last input of the budget died.
    expect(usage.lives - deaths.length).toBeOneOf([0, 1]);
    // Generous: a leak of a few KiB per life would show as tens of MiB over a thousand lives.
    expect(usage.serverRssMb!.last - usage.serverRssMb!.first).toBeLessThan(48);
  });
});
