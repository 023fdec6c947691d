import { describe, expect, it } from 'vitest';
import { inputToJson } from '../../model/call-input.js';
import { StressMode } from './stress-mode.js';
import { inputOf } from './test-support/fake-end.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { runFakeCampaign, scratch } from './test-support/run-fake.js';

/** Two threads, four inputs each. */
const stress = (startAt: readonly number[] = []) => new StressMode(2, 8, scratch(), {}, startAt);

describe('the campaign loop in stress mode (fake engine)', () => {
  it('should record an input that crashes alone in the scout, and leave it out of the bursts', async () => {
    // Arrange: stream 1's input 2 segfaults alone.
    const engine = new FakeEngine((w, i) => (w === 1 && i === 2 ? 'segv' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(stress(), engine);

    // Assert
    expect(findings.map((f) => f.record)).toMatchObject([
      { kind: 'segv', input: inputToJson(inputOf(1, 2)), culpritWorker: 1, concurrent: false },
    ]);
    // The scout restarted after it, both streams from their first unscreened input.
    expect(engine.livesOf('scout').map((w) => w.ranges.map((r) => r.start))).toEqual([
      [0, 0],
      [3, 3],
    ]);
    expect(engine.togetherLists).toEqual([
      [
        [0, 1, 2, 3],
        [0, 1, 3],
      ],
    ]);
    expect(result.positions).toEqual([4, 4]);
  });

  it('should record a crash that happens only together as the concurrent set of every thread', async () => {
    // Arrange: thread 0's input 1 crashes only while thread 1 runs too.
    const engine = new FakeEngine((w, i, context) => (context === 'together' && w === 0 && i === 1 ? 'segv' : 'ok'));

    // Act
    const { findings } = await runFakeCampaign(stress(), engine);

    // Assert
    expect(findings).toHaveLength(1);
    expect(findings[0]!.record).toMatchObject({ kind: 'segv', input: null, concurrent: true });
    expect(findings[0]!.record.inflight.map((i) => [i.worker, i.streamIndex])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // The culprit search replayed the set alone; the next bursts went on after it.
    expect(engine.livesOf('replay')).toHaveLength(1);
    expect(engine.livesOf('generate').map((w) => w.starts)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('should compare together only the results of functions the scouts learned pure, a stateful verdict winning', async () => {
    // Arrange: the first scout learns f is pure, a later one (after a crash restarts it) that it is stateful.
    const engine = new FakeEngine((w, i, context) => (context === 'alone' && w === 0 && i === 1 ? 'segv' : 'ok'));
    engine.scoutLearns.push('pure', 'stateful');

    // Act
    await runFakeCampaign(stress(), engine);

    // Assert
    expect(engine.livesOf('scout')).toHaveLength(2);
    expect(engine.livesOf('generate').map((w) => w.stress?.compared)).toEqual([[]]);
  });

  it('should compare the results of a function a scout learned pure', async () => {
    // Arrange
    const engine = new FakeEngine(() => 'ok');
    engine.scoutLearns.push('pure');

    // Act
    await runFakeCampaign(stress(), engine);

    // Assert
    expect(engine.livesOf('generate').map((w) => w.stress?.compared)).toEqual([['f']]);
  });

  it("should name a scout's hang by the stream it ran, not the scout's one slot", async () => {
    // Arrange
    const engine = new FakeEngine((w, i, context) => (context === 'alone' && w === 1 && i === 3 ? 'hang' : 'ok'));

    // Act
    const { findings } = await runFakeCampaign(stress(), engine);

    // Assert
    expect(findings[0]!.record).toMatchObject({ kind: 'timeout', input: inputToJson(inputOf(1, 3)), culpritWorker: 1 });
  });

  it("should stop with the child's HarnessError when the stress child reports a fault", async () => {
    // Arrange
    const engine = new FakeEngine((_w, i, context) => (context === 'together' && i === 0 ? 'fault' : 'ok'));

    // Act / Assert
    await expect(runFakeCampaign(stress(), engine)).rejects.toMatchObject({ code: 'bad-spec' });
    expect(engine.closed).toBe(engine.opened);
  });

  it('should resume each stream at its checkpoint position', async () => {
    // Arrange
    const engine = new FakeEngine(() => 'ok');

    // Act
    const { result } = await runFakeCampaign(stress([2, 3]), engine);

    // Assert
    expect(engine.livesOf('scout')[0]!.ranges.map((r) => [r.stream, r.start, r.end])).toEqual([
      [0, 2, 4],
      [1, 3, 4],
    ]);
    expect(engine.togetherLists).toEqual([[[2, 3], [3]]]);
    expect(result.positions).toEqual([4, 4]);
  });
});
