import { describe, expect, it } from 'vitest';
import { OracleJudge } from './call-judges.js';
import { DeterminismCheck } from './determinism.js';
import { countInput, scriptedCall } from './test-support/scripted-call.js';

describe('DeterminismCheck', () => {
  it('should run a sampled input twice, once the function is learned pure, and report a different second result', () => {
    // Arrange: learning (six calls, three of them probed: nine calls, all 1), then index 15 is sampled and returns 1, then 2.
    const { call, seen, close } = scriptedCall([...new Array(10).fill(1), 2]);
    const check = new DeterminismCheck(call, new OracleJudge());
    for (let i = 0; i < 6; i++) check.run(countInput(i), i);

    // Act
    const { outcome } = check.run(countInput(5), 15);

    // Assert
    expect(seen).toHaveLength(11);
    expect(outcome).toEqual({
      kind: 'wrong-result',
      result: '2',
      oracle: 'determinism',
      message: 'count returned 1, then 2 for the same input',
    });
    close();
  });

  it('should call an input outside the sample, or of a non-deterministic function, once', () => {
    // Arrange
    const sampled = scriptedCall([1, 2]);
    const declared = scriptedCall([1, 2], false);

    // Act
    const outside = new DeterminismCheck(sampled.call, new OracleJudge()).run(countInput(5), 14).outcome;
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

  it('should never judge a function learned stateful: an earlier input returned something else later', () => {
    // Arrange: a counter (1, 2, 3, …), checked at sampled indexes only after learning
    const { call, seen, close } = scriptedCall(Array.from({ length: 40 }, (_, k) => k + 1));
    const check = new DeterminismCheck(call, new OracleJudge());

    // Act
    const outcomes = Array.from({ length: 20 }, (_, i) => check.run(countInput(i), i).outcome);

    // Assert: one probe (the second call re-ran the first), then every sampled index called once
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(seen).toHaveLength(21);
    close();
  });
});
