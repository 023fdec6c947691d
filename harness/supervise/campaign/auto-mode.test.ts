import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputToJson } from '../../model/call-input.js';
import { AutoMode, autoSplitOf, describeAutoSplit } from './auto-mode.js';
import { CoverageMode } from './coverage-mode.js';
import { PropertyMode } from './property-mode.js';
import { inputOf } from './test-support/fake-end.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { runFakeCampaign, scratch } from './test-support/run-fake.js';

/** One coverage job and the property lane sharing 20 runs, as autoSplitOf divides them. */
function auto(corpusRoot: string, startAt: readonly number[] = []): AutoMode {
  const split = autoSplitOf({ jobs: 1, runs: 20, threads: 1 });
  const coverage = new CoverageMode(
    { jobs: split.jobs, runs: split.coverageRuns, corpusRoot, targetName: 'fake', dictionary: [], workDir: scratch() },
    startAt.slice(0, split.jobs),
  );
  return new AutoMode(coverage, new PropertyMode(split.threads, split.propertyRuns, startAt.slice(split.jobs), true));
}

describe('auto mode: coverage and property lanes in one campaign (fake engine)', () => {
  it('should split --runs by lane and print the split', () => {
    // Act
    const split = autoSplitOf({ jobs: 3, runs: 1001, threads: 2 });
    // Assert
    expect(split).toEqual({ jobs: 3, coverageRuns: 753, propertyRuns: 248, threads: 2 });
    expect(describeAutoSplit(split, 8)).toBe(
      'auto mode: coverage-guided mutation on 3 job(s) (753 runs) + property generation on 2 thread(s) (248 runs), one corpus and one findings book; then an alignment sweep of 8 inputs per function',
    );
    expect(autoSplitOf({ jobs: 1, runs: null, threads: 1 })).toMatchObject({ coverageRuns: null, propertyRuns: null });
  });

  it('should run both lanes into one findings book, with the property lane feeding the coverage queue', async () => {
    // Arrange: the coverage job's execution 6 and the property lane's input 6 panic the same way (one bucket).
    const corpus = scratch();
    const engine = new FakeEngine((_stream, index) => (index === 6 ? 'panic' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(auto(corpus), engine);

    // Assert: each lane spent its share; the shared bucket counts both deaths.
    expect(engine.livesOf('coverage').map((w) => w.runs)).toEqual([10, 3]);
    expect(engine.livesOf('generate').every((w) => w.feedsCorpus === true)).toBe(true);
    expect(findings.map((f) => f.isNew)).toEqual([true, false]);
    expect(result).toMatchObject({ execs: 20, restarts: 2, buckets: 1, positions: [10, 10] });
    const queued = fs.readdirSync(path.join(corpus, 'fake', 'f', 'queue')).filter((n) => n.endsWith('.json'));
    const inputs = queued.map((n) => JSON.parse(fs.readFileSync(path.join(corpus, 'fake', 'f', 'queue', n), 'utf8')).input);
    expect(inputs).toContainEqual(inputToJson(inputOf(0, 0)));
    expect(result.summary.coverage).toMatchObject({ jobs: [{ crashes: 1 }] });
  });

  it('should resume each lane from its own part of the checkpoint', async () => {
    // Arrange: the interrupted part ran 8 of the job's 10 executions and all of the property lane's.
    const engine = new FakeEngine(() => 'ok');

    // Act
    const { result } = await runFakeCampaign(auto(scratch(), [8, 10]), engine);

    // Assert
    expect(engine.livesOf('coverage').map((w) => [w.firstExec, w.runs])).toEqual([[8, 2]]);
    expect(engine.livesOf('generate')).toEqual([]);
    expect(result).toMatchObject({ execs: 2, positions: [10, 10] });
  });
});
