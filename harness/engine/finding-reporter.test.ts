import { describe, expect, it } from 'vitest';
import type { EngineMessage } from './protocol.js';
import type { Failure } from '../model/outcome.js';
import { FindingReporter, precedingOf, REPORTS_PER_KEY } from './finding-reporter.js';
import { countInput } from './test-support/scripted-call.js';

const stale: Failure = { kind: 'wrong-result', result: '-2', oracle: 'last-error-stale', message: 'stale' };
const post: Failure = { kind: 'wrong-result', result: '1', oracle: 'postcondition', message: 'too many' };

describe('FindingReporter', () => {
  it('should post a few findings per function and oracle, then only count them', () => {
    // Arrange
    const posted: EngineMessage[] = [];
    const reporter = new FindingReporter('run-1', (m) => posted.push(m));

    // Act
    for (let i = 0; i < 5; i++) reporter.report(0, i, countInput(i), stale);
    reporter.report(0, 9, countInput(9), post);

    // Assert
    expect(posted).toHaveLength(REPORTS_PER_KEY + 1);
    expect(posted[REPORTS_PER_KEY]).toMatchObject({ type: 'finding', runId: 'run-1', finding: { streamIndex: 9, outcome: post } });
  });

  it("should name the previous call only for the last-error oracles, and build a burst's set only when it posts", () => {
    // Arrange
    const posted: EngineMessage[] = [];
    const reporter = new FindingReporter('run-1', (m) => posted.push(m));
    let built = 0;
    const burst = () => {
      built++;
      return [];
    };

    // Act
    for (let i = 0; i < 5; i++) reporter.report(1, i, countInput(i), post, [], burst);

    // Assert
    expect(precedingOf(stale, countInput(1))).toEqual([countInput(1)]);
    expect(precedingOf(post, countInput(1))).toEqual([]);
    expect(built).toBe(REPORTS_PER_KEY);
    expect(posted[0]).toMatchObject({ finding: { worker: 1, concurrentWith: [] } });
  });
});
