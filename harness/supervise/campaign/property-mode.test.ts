import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import { inputToJson } from '../../model/call-input.js';
import { PropertyMode } from './property-mode.js';
import { fakeCapture, inputOf } from './test-support/fake-end.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { runFakeCampaign } from './test-support/run-fake.js';

describe('the campaign loop in property mode (fake engine)', () => {
  it('should record a segfault and a panic, restart past each, and spend exactly the run budget', async () => {
    // Arrange: one thread; input 3 segfaults, input 7 panics.
    const engine = new FakeEngine((_w, i) => (i === 3 ? 'segv' : i === 7 ? 'panic' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(new PropertyMode(1, 10), engine);

    // Assert
    expect(findings.map((f) => f.record.kind)).toEqual(['segv', 'panic']);
    expect(findings.map((f) => f.record.input)).toEqual([inputToJson(inputOf(0, 3)), inputToJson(inputOf(0, 7))]);
    expect(engine.livesOf('generate').map((w) => w.starts)).toEqual([[0], [4], [8]]);
    expect(result).toMatchObject({ execs: 10, restarts: 2, buckets: 2, positions: [10] });
    expect(engine.closed).toBe(engine.opened);
  });

  it('should set a function of guessed contract aside once it has a finding, and say so', async () => {
    // Arrange: f's contract is a zero-config guess; input 2 segfaults.
    const engine = new FakeEngine((_w, i) => (i === 2 ? 'segv' : 'ok'));
    const capture = { ...fakeCapture(), guesses: new Map([['f', "'index': an int whose valid values only a spec can say"]]) };

    // Act
    const { findings, warnings } = await runFakeCampaign(new PropertyMode(1, 6), engine, null, capture);

    // Assert
    expect(findings.map((f) => f.record.contractUnknown)).toEqual(["'index': an int whose valid values only a spec can say"]);
    expect(engine.livesOf('generate').map((w) => w.setAside)).toEqual([undefined, ['f']]);
    expect(warnings).toEqual([
      expect.stringMatching(/^f set aside for the rest of the campaign: its contract is unknown and it has a finding/),
    ]);
  });

  it('should count a known bucket again instead of writing a second record', async () => {
    // Arrange
    const engine = new FakeEngine((_w, i) => (i % 4 === 1 ? 'panic' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(new PropertyMode(1, 12), engine);

    // Assert
    expect(findings.map((f) => f.isNew)).toEqual([true, false, false]);
    expect([...result.findings.values()].map(({ record }) => record.count)).toEqual([3]);
  });

  it('should blame the hung thread for a timeout without replaying anything', async () => {
    // Arrange: two threads; thread 1's input 2 hangs while thread 0 is also inside a call.
    const engine = new FakeEngine((w, i) => (w === 1 && i === 2 ? 'hang' : 'ok'));

    // Act
    const { findings } = await runFakeCampaign(new PropertyMode(2, 8), engine);

    // Assert
    expect(findings).toHaveLength(1);
    expect(findings[0]!.record).toMatchObject({ kind: 'timeout', input: inputToJson(inputOf(1, 2)), culpritWorker: 1, concurrent: false });
    expect(engine.livesOf('replay')).toEqual([]);
  });

  it('should find the culprit among several inputs in flight by replaying them alone', async () => {
    // Arrange: two threads in a call when thread 1's input 1 crashes; alone, it crashes the same way.
    const engine = new FakeEngine((w, i) => (w === 1 && i === 1 ? 'segv' : 'ok'));

    // Act
    const { findings } = await runFakeCampaign(new PropertyMode(2, 6), engine);

    // Assert
    expect(engine.livesOf('replay').map((w) => w.inputs[0])).toEqual([[inputToJson(inputOf(0, 1)), inputToJson(inputOf(1, 1))]]);
    expect(findings[0]!.record).toMatchObject({ kind: 'segv', input: inputToJson(inputOf(1, 1)), concurrent: false });
    expect(findings[0]!.record.inflight).toHaveLength(2);
  });

  it('should record a crash no single input reproduces as a concurrent set', async () => {
    // Arrange: the crash happens only with both threads in the target (never on replay).
    const engine = new FakeEngine((w, i, context) => (context === 'generate' && w === 0 && i === 2 ? 'segv' : 'ok'));

    // Act
    const { findings } = await runFakeCampaign(new PropertyMode(2, 6), engine);

    // Assert
    expect(findings[0]!.record).toMatchObject({ kind: 'segv', input: null, concurrent: true });
  });

  it('should store an oracle finding the engine reports, and go on in the same life', async () => {
    // Arrange
    const engine = new FakeEngine((_w, i) => (i === 5 ? 'wrong' : 'ok'));

    // Act
    const { result, findings } = await runFakeCampaign(new PropertyMode(1, 10), engine);

    // Assert
    expect(findings.map((f) => f.record.kind)).toEqual(['wrong-result']);
    expect(engine.lives).toHaveLength(1);
    expect(result.restarts).toBe(0);
  });

  it("should stop with the child's HarnessError when the child reports a fault, and close every runner", async () => {
    // Arrange
    const engine = new FakeEngine((_w, i) => (i === 4 ? 'fault' : 'ok'));

    // Act
    const run = runFakeCampaign(new PropertyMode(1, 10), engine);

    // Assert
    await expect(run).rejects.toThrow(HarnessError);
    await expect(run).rejects.toMatchObject({ code: 'bad-spec', where: 'fake.ts' });
    expect(engine.closed).toBe(engine.opened);
  });

  it('should resume at the checkpoint positions and run only what is left of the budget', async () => {
    // Arrange: 2 threads × 5 runs; the interrupted part reached 3 and 4.
    const engine = new FakeEngine(() => 'ok');

    // Act
    const { result } = await runFakeCampaign(new PropertyMode(2, 10, [3, 4]), engine);

    // Assert
    expect(engine.livesOf('generate').map((w) => [w.starts, w.ends])).toEqual([
      [
        [3, 4],
        [5, 5],
      ],
    ]);
    expect(result).toMatchObject({ execs: 3, positions: [5, 5] });
  });

  it('should stop with a bad-library error when the child dies before its first call', async () => {
    // Arrange
    const engine = new FakeEngine(() => 'ok', false);

    // Act
    const run = runFakeCampaign(new PropertyMode(1, 10), engine);

    // Assert
    await expect(run).rejects.toMatchObject({ code: 'bad-library' });
    await expect(run).rejects.toThrow(/before its first call/);
  });
});
