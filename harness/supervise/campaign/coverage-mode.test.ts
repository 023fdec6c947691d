import { describe, expect, it } from 'vitest';
import { inputToJson } from '../../model/call-input.js';
import { contentHash } from '../../store/queue-store.js';
import { CoverageMode } from './coverage-mode.js';
import { inputOf } from './test-support/fake-end.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { runFakeCampaign, scratch } from './test-support/run-fake.js';

/** Two jobs sharing 20 executions. */
const coverage = (startAt: readonly number[] = []) =>
  new CoverageMode({ jobs: 2, runs: 20, corpusRoot: scratch(), targetName: 'fake', dictionary: [], workDir: scratch() }, startAt);

describe('the campaign loop in coverage mode (fake engine)', () => {
  it('should restart a job past the input that killed it, skipped by every later child, within the job share', async () => {
    // Arrange: job 1's execution 3 segfaults; job 0's execution 6 panics.
    const engine = new FakeEngine((job, exec) => (job === 1 && exec === 3 ? 'segv' : job === 0 && exec === 6 ? 'panic' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(coverage(), engine);

    // Assert
    expect(findings.map((f) => f.record).sort((a, b) => a.kind.localeCompare(b.kind))).toMatchObject([
      { kind: 'panic', input: inputToJson(inputOf(0, 6)), message: 'boom' },
      { kind: 'segv', input: inputToJson(inputOf(1, 3)) },
    ]);
    const lives = engine.livesOf('coverage').filter((w) => w.job === 1);
    expect(lives.map((w) => [w.restart, w.firstExec, w.runs])).toEqual([
      [0, 0, 10],
      [1, 4, 6],
    ]);
    expect(lives[1]!.skip).toContain(contentHash(inputToJson(inputOf(1, 3))));
    expect(result).toMatchObject({ execs: 20, restarts: 2, positions: [10, 10] });
    expect(result.summary.coverage).toMatchObject({ edges: 4, added: 2, jobs: [{ crashes: 1 }, { crashes: 1 }] });
  });

  it('should record a hung job as a timeout and go on', async () => {
    // Arrange
    const engine = new FakeEngine((job, exec) => (job === 0 && exec === 5 ? 'hang' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(coverage(), engine);

    // Assert
    expect(findings.map((f) => f.record)).toMatchObject([{ kind: 'timeout', input: inputToJson(inputOf(0, 5)) }]);
    expect(result.execs).toBe(20);
  });

  it("should stop every job with the child's HarnessError when one job's child reports a fault", async () => {
    // Arrange
    const engine = new FakeEngine((job, exec) => (job === 1 && exec === 2 ? 'fault' : 'ok'));

    // Act / Assert
    await expect(runFakeCampaign(coverage(), engine)).rejects.toMatchObject({ code: 'bad-spec' });
    expect(engine.closed).toBe(engine.opened);
  });

  it('should run only what is left of each job share when resumed from a checkpoint (--runs resume)', async () => {
    // Arrange: the interrupted part ran 8 of job 0's 10 executions and all of job 1's.
    const engine = new FakeEngine(() => 'ok');

    // Act
    const { result } = await runFakeCampaign(coverage([8, 10]), engine);

    // Assert
    expect(engine.livesOf('coverage').map((w) => [w.job, w.firstExec, w.runs])).toEqual([[0, 8, 2]]);
    expect(result).toMatchObject({ execs: 2, positions: [10, 10] });
  });
});
