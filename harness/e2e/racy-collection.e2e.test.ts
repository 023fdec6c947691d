import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir, type CliResult, scratchCampaign } from './helpers.js';
import type { CrashRecord } from '../store/crash-record.js';

// A `static mut Vec` mutated without a lock: every input is fine alone, so property mode finds
// nothing; 8 threads released together corrupt it and the process aborts. The record is the
// concurrent set (every thread's input), `repro --times 20` measures how often it comes back, and
// `repro --profile tsan` replays the set natively under ThreadSanitizer.

const common = (dir: string) => ['--seed', '3', '--runs', '4000', ...scratchCampaign(dir)];

describe('racy-collection', () => {
  const dir = scratchDir();
  let fuzz: CliResult;
  let found: { file: string; record: CrashRecord } | undefined;

  beforeAll(async () => {
    fuzz = await runCli(['fuzz', 'racy-collection', '--mode', 'stress', '--threads', '8', ...common(dir)]);
    found = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'panic');
  });

  it('should be clean on one thread over the same budget', async () => {
    const alone = scratchDir();
    const run = await runCli(['fuzz', 'racy-collection', ...common(alone)]);
    expect(run.exitCode).toBe(0);
  });

  it("should find the crash under stress and record every thread's input as a concurrent set", () => {
    expect(fuzz.exitCode).toBe(1);
    expect(found?.record.message).toMatch(/^registry corrupted: another caller changed it during register_name/);
    expect(found!.record.concurrent).toBe(true);
    expect(found!.record.input).toBeNull();
    // The threads that had begun the burst's calls when it died (on 2 cores a thread may still be waking): several, each once.
    const workers = found!.record.inflight.map((i) => i.worker);
    expect(new Set(workers).size).toBe(workers.length);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(workers.every((w) => w >= 0 && w < 8)).toBe(true);
    expect(fuzz.stderr).toContain('Failing input: only reproduces with these inputs running together:');
  });

  it("should name the thread that aborted (ffi-fuzz's fault handler)", () => {
    expect(found!.record.faultingWorker).toEqual(expect.any(Number));
    expect(found!.record.stderrTail).toMatch(/ffi-fuzz: fault: signal=SIGABRT worker=\d+/);
  });

  it('should print a reproduction rate with repro --times 20', async () => {
    const repro = await runCli(['repro', found!.file, '--times', '20']);
    const rate = /^reproduction rate: (\d+)\/20$/m.exec(repro.stdout);
    expect(rate, repro.stdout + repro.stderr).not.toBeNull();
    expect(Number(rate![1])).toBeGreaterThan(0);
  });

  it("should attach ThreadSanitizer's race report with repro --profile tsan", async () => {
    const repro = await runCli(['repro', found!.file, '--profile', 'tsan']);
    expect(repro.stdout).toMatch(/^tsan: race: data race on global 'racy_collection::with_registry::REGISTRY/m);
    expect(repro.exitCode).toBe(1);
    const [stored] = crashRecords(path.join(dir, 'corpus')).filter((r) => r.file === found!.file);
    expect(stored!.record.tsan?.raced).toBe(true);
    expect(stored!.record.tsan!.frames[0]).toMatch(/^racy_collection::register /);
    expect(stored!.record.tsan!.report).toMatch(/^WARNING: ThreadSanitizer: data race/m);
  });

  it('should find nothing in the fixed build under the same stress', async () => {
    const fixed = scratchDir();
    const run = await runCli(['fuzz', 'racy-collection-fixed', '--mode', 'stress', '--threads', '8', ...common(fixed)]);
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
  });
});
