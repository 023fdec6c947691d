import type { CallInput } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import type { CallJudge, RecordedCall } from './recorded-call.js';

/**
 * The determinism oracle as a decorator of the recorded call: on a sample of inputs (1 in 16) of
 * a function the spec calls deterministic, a call that returned is made again with the same
 * input, and must return the same result.
 */
export class DeterminismCheck {
  constructor(
    private readonly call: RecordedCall,
    private readonly judge: CallJudge<Outcome>,
  ) {}

  run(input: CallInput, streamIndex: number): Outcome {
    const first = this.call.run(input, streamIndex, this.judge);
    if (first.kind !== 'ok' || (streamIndex & 15) !== 15 || !this.call.callable(input.fn).bound.fn.deterministic) return first;
    const again = this.call.run(input, streamIndex, this.judge);
    if (again.kind !== 'ok') return again;
    if (again.result === first.result) return first;
    return {
      kind: 'wrong-result',
      result: again.result,
      oracle: 'determinism',
      message: `${input.fn} returned ${first.result}, then ${again.result} for the same input`,
    };
  }
}
