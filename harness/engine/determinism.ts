import type { CallInput } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import type { CallJudge, RecordedCall } from './recorded-call.js';
import { StatefulnessLearner, type KnownVerdicts } from './statefulness.js';

/** A call's verdict, the input it is about, and the input that ran last (a statefulness probe re-runs an earlier input). */
export interface CheckedCall {
  readonly input: CallInput;
  readonly outcome: Outcome;
  readonly ranLast: CallInput;
  /** The call made right before `input` in this check (the original call, when a probe failed). */
  readonly ranBefore?: CallInput;
}

/**
 * The determinism oracle as a decorator of the recorded call: on a sample of inputs (1 in 16) of
 * a function the spec calls deterministic and the thread has learned is pure (statefulness.ts:
 * its result does not depend on earlier calls), a call that returned is made again with the same
 * input, and must return the same result. While a function is being learned, the sampled call
 * runs the learner's probe instead (an earlier input again); a stateful function is never judged.
 * Either way, 1 input in 16 costs one call more, as without learning.
 */
export class DeterminismCheck {
  private readonly learner: StatefulnessLearner;

  constructor(
    private readonly call: RecordedCall,
    private readonly judge: CallJudge<Outcome>,
    /** The thread calls more than one function (see StatefulnessLearner). */
    several = false,
    /** What earlier lives learned (GenerateWork.learned). */
    known: KnownVerdicts = {},
  ) {
    this.learner = new StatefulnessLearner(several, (fn, verdict) => call.learned(fn, verdict), known);
  }

  run(input: CallInput, streamIndex: number): CheckedCall {
    const first = this.call.run(input, streamIndex, this.judge);
    if (first.kind !== 'ok') return { input, outcome: first, ranLast: input };
    if (!this.call.callable(input.fn).bound.fn.deterministic) {
      this.learner.saw(input.fn);
      return { input, outcome: first, ranLast: input };
    }
    this.learner.offer(input, first.result);
    if ((streamIndex & 15) !== 15) return { input, outcome: first, ranLast: input };
    const verdict = this.learner.verdict(input.fn);
    switch (verdict) {
      case 'unknown':
        return this.probe(input, first, streamIndex);
      case 'stateful':
        return { input, outcome: first, ranLast: input };
      case 'pure':
        return { input, outcome: this.again(input, first.result, streamIndex), ranLast: input };
      default: {
        const never: never = verdict;
        return never;
      }
    }
  }

  /** A sampled call of a function being learned: runs its probe when one is due (its own failure is a finding about its input). */
  private probe(input: CallInput, first: Extract<Outcome, { kind: 'ok' }>, streamIndex: number): CheckedCall {
    const earlier = this.learner.due(input.fn);
    if (earlier === undefined) return { input, outcome: first, ranLast: input };
    const again = this.call.run(earlier, streamIndex, this.judge);
    if (again.kind !== 'ok') return { input: earlier, outcome: again, ranLast: earlier, ranBefore: input };
    this.learner.settle(earlier, again.result);
    return { input, outcome: first, ranLast: earlier };
  }
  /** The same input once more, right away: a different result is a determinism finding. */
  private again(input: CallInput, result: string, streamIndex: number): Outcome {
    const again = this.call.run(input, streamIndex, this.judge);
    if (again.kind !== 'ok') return again;
    if (again.result === result) return { kind: 'ok', result };
    return {
      kind: 'wrong-result',
      result: again.result,
      oracle: 'determinism',
      message: `${input.fn} returned ${result}, then ${again.result} for the same input`,
    };
  }
}
