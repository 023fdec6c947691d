import { describe, expect, it } from 'vitest';
import { OracleJudge } from './call-judges.js';
import { DeterminismCheck } from './determinism.js';
import { countInput, scriptedCall } from './test-support/scripted-call.js';

describe('DeterminismCheck', () => {
  it('should run a sampled input twice and report a different second result', () => {
    // Arrange: index 15 is sampled; the function returns 1, then 2.
    const { call, seen, close } = scriptedCall([1, 2]);

    // Act
    const outcome = new DeterminismCheck(call, new OracleJudge()).run(countInput(5), 15);

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

  it('should call an input outside the sample, or of a non-deterministic function, once', () => {
    // Arrange
    const sampled = scriptedCall([1, 2]);
    const declared = scriptedCall([1, 2], false);

    // Act
    const outside = new DeterminismCheck(sampled.call, new OracleJudge()).run(countInput(5), 14);
    const exempt = new DeterminismCheck(declared.call, new OracleJudge()).run(countInput(5), 15);

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
