import type { CallInput } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import type { CallEffects } from './invoke.js';
import type { LifecycleModel } from './lifecycle-model.js';
import { judgeCall, type LastErrorMemory } from './oracles.js';
import type { Callable, CallJudge } from './recorded-call.js';

/**
 * The per-call oracles (oracles.ts): red zones, const inputs, the error-return contract,
 * postconditions and, unless turned off, the last-error contract judged against the previous
 * call on this thread.
 */
export class OracleJudge implements CallJudge<Outcome> {
  private readonly memory: LastErrorMemory = { result: undefined, message: undefined };

  /** @param lastError - false: no last-error oracle (calls that overlap other threads' calls). */
  constructor(private readonly lastError = true) {}

  judge(c: Callable, input: CallInput, effects: CallEffects): Outcome {
    return judgeCall(c.bound.fn, input, effects, this.lastError ? c.lastError : undefined, this.memory);
  }

  /** Forgets the previous call (a new request: its calls do not follow the last request's). */
  reset(): void {
    this.memory.result = undefined;
    this.memory.message = undefined;
  }
}

/** A call of a sequence: the per-call oracles first, then the lifecycle model judges it as the next call. */
export class SequenceJudge implements CallJudge<Outcome> {
  constructor(
    private readonly model: LifecycleModel,
    private readonly inner: CallJudge<Outcome>,
  ) {}

  judge(c: Callable, input: CallInput, effects: CallEffects): Outcome {
    return this.model.judge(input, effects.result, this.inner.judge(c, input, effects));
  }
}
