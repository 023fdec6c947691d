import { describe, expect, it } from 'vitest';
import { OracleJudge } from './call-judges.js';
import { DeterminismCheck } from './determinism.js';
import { PURE_AFTER } from './statefulness.js';
import { countInput, scriptedCall } from './test-support/scripted-call.js';

describe('DeterminismCheck', () => {
  it('should run a sampled input twice once the function is known pure, and report a different second result', () => {
    // Arrange: an earlier life learned `count` is pure; index 15 is sampled; the function returns 1, then 2.
    const { call, seen, close } = scriptedCall([1, 2]);

    // Act
    const { outcome } = new DeterminismCheck(call, new OracleJudge(), false, { count: 'pure' }).run(countInput(5), 15);

    // Assert
    expect(seen).toHaveLength(2);
    expect(outcome).toEqual({
      kind: 'wrong-result',
      result: '2',
      oracle: 'determinism',
      message: 'count returned 1, then 2 for the same input',
    });
    close();
  });

  it('should learn at the sampled indexes only, running an earlier input again, and judge once learned pure', () => {
    // Arrange: always 1 until the last call, which returns 2
    const calls = 16 * (PURE_AFTER + 1);
    const { call, seen, close } = scriptedCall([...new Array(calls + PURE_AFTER).fill(1), 2]);
    const check = new DeterminismCheck(call, new OracleJudge());

    // Act
    const outcomes = Array.from({ length: calls }, (_, i) => check.run(countInput(i), i));

    // Assert: one extra call per sampled index (probes of input 0, 16, 32, then the re-run of 63 itself)
    expect(seen).toHaveLength(calls + PURE_AFTER + 1);
    expect(outcomes.slice(0, -1).every((c) => c.outcome.kind === 'ok')).toBe(true);
    expect(outcomes[15]!.ranLast).toEqual(countInput(0));
    expect(outcomes[calls - 1]!.outcome).toMatchObject({ kind: 'wrong-result', oracle: 'determinism' });
    close();
  });

  it('should never judge a function learned stateful: an earlier input returned something else later', () => {
    // Arrange: a counter (1, 2, 3, …)
    const { call, seen, close } = scriptedCall(Array.from({ length: 80 }, (_, k) => k + 1));
    const check = new DeterminismCheck(call, new OracleJudge());

    // Act
    const outcomes = Array.from({ length: 64 }, (_, i) => check.run(countInput(i), i).outcome);

    // Assert: the probe at index 15 saw input 0 return another count; no sampled index re-runs after it
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(seen).toHaveLength(65);
    close();
  });

  it('should call an input outside the sample, or of a non-deterministic function, once', () => {
    // Arrange
    const sampled = scriptedCall([1, 2]);
    const declared = scriptedCall([1, 2], false);

    // Act
    const outside = new DeterminismCheck(sampled.call, new OracleJudge(), false, { count: 'pure' }).run(countInput(5), 14).outcome;
    const exempt = new DeterminismCheck(declared.call, new OracleJudge()).run(countInput(5), 15).outcome;

    // Assert
    expect([outside, exempt]).toEqual([
      { kind: 'ok', result: '1' },
      { kind: 'ok', result: '1' },
    ]);
    expect([sampled.seen.length, declared.seen.length]).toEqual([1, 1]);
    sampled.close();
    declared.close();
  });
});
