import { describe, expect, it } from 'vitest';
import type { CallInput } from '../model/call-input.js';
import { PURE_AFTER, StatefulnessLearner } from './statefulness.js';

const call = (fn: string, x: number): CallInput => ({ fn, args: [{ kind: 'int', value: BigInt(x) }] });

/** Feeds calls to a learner, with `result(input, nth)` as what each run returns; probes run when due. */
function learn(learner: StatefulnessLearner, inputs: readonly CallInput[], result: (input: CallInput, nth: number) => string): CallInput[] {
  const probes: CallInput[] = [];
  let nth = 0;
  for (const input of inputs) {
    learner.offer(input, result(input, nth++));
    const probe = learner.due(input.fn);
    if (probe === undefined) continue;
    probes.push(probe);
    learner.settle(probe, result(probe, nth++));
  }
  return probes;
}

describe('StatefulnessLearner', () => {
  it('should call a function pure once its probes come back alike after other calls, and report it once', () => {
    // Arrange
    const verdicts: string[] = [];
    const learner = new StatefulnessLearner(false, (fn, v) => verdicts.push(`${fn} ${v}`));
    const inputs = Array.from({ length: 2 * PURE_AFTER }, (_, k) => call('f', k));

    // Act: f(x) = 2x whatever ran before
    const probes = learn(learner, inputs, (input) => String(2 * Number((input.args[0] as { value: bigint }).value)));

    // Assert: every second call re-ran the one before it
    expect(probes).toEqual([0, 2, 4].map((k) => inputs[k]));
    expect(learner.verdict('f')).toBe('pure');
    expect(verdicts).toEqual(['f pure']);
  });

  it('should call a function stateful when an earlier input returns something else after other calls (an event count)', () => {
    // Arrange
    const learner = new StatefulnessLearner(false);

    // Act: push returns how many calls ran so far
    learn(learner, [call('push', 1), call('push', 2)], (_input, nth) => String(nth + 1));

    // Assert
    expect(learner.verdict('push')).toBe('stateful');
  });

  it('should wait, on a thread of several functions, for a call of another function between the two runs of a probe', () => {
    // Arrange: len() is the only input of its function; push changes what it returns.
    const learner = new StatefulnessLearner(true);
    let events = 0;
    const result = (input: CallInput) => (input.fn === 'push' ? String(++events) : String(events));

    // Act: two len calls back to back prove nothing; a push between them does
    const early = learn(learner, [call('len', 0), call('len', 0)], result);
    const verdictBefore = learner.verdict('len');
    learn(learner, [call('push', 1), call('len', 0)], result);

    // Assert
    expect(early).toEqual([]);
    expect(verdictBefore).toBe('unknown');
    expect(learner.verdict('len')).toBe('stateful');
  });

  it('should start from the verdicts earlier lives reached, and offer no probe for them', () => {
    // Arrange
    const learner = new StatefulnessLearner(false, () => undefined, { f: 'pure', push: 'stateful' });

    // Act
    const probes = learn(learner, [call('f', 1), call('f', 2), call('push', 1), call('push', 2)], () => '0');

    // Assert
    expect(probes).toEqual([]);
    expect([learner.verdict('f'), learner.verdict('push')]).toEqual(['pure', 'stateful']);
  });
});
