import type { CallInput } from '../../model/call-input.js';
import { isFailure, renderResult, type Outcome } from '../../model/outcome.js';
import type { CallEffects } from '../invoke.js';
import { isErrorResult, judgeCall, type LastErrorMemory } from '../oracles.js';
import type { Callable, CallJudge } from '../recorded-call.js';
import { judgeConcurrent, type AloneResult, type DifferentialFunction } from './differential.js';

// Stress mode's decorators of the recorded call: what an input does alone (the scout), and how a
// call made together with other threads compares with that (the stress child).

/** A call run alone: the per-call oracles' verdict, and what the differential oracle will compare with. */
export interface AloneCall {
  readonly outcome: Outcome;
  readonly alone: AloneResult;
}

/** Alone: every per-call oracle, and what the call did (result, and the last-error text it set). */
export class AloneJudge implements CallJudge<AloneCall> {
  private readonly memory: LastErrorMemory = { result: undefined, message: undefined };
  private previousMessage: string | undefined;

  before(c: Callable): void {
    this.previousMessage = c.bound.fn.errorReturn === undefined ? undefined : c.lastError?.();
  }

  judge(c: Callable, input: CallInput, effects: CallEffects): AloneCall {
    const fn = c.bound.fn;
    const getter = fn.errorReturn === undefined ? undefined : c.lastError;
    // The last-error oracle reads the text; read it once, and reuse it for the alone result.
    let read: { message: string | undefined } | undefined;
    const reading =
      getter === undefined
        ? undefined
        : () => {
            read = { message: getter() };
            return read.message;
          };
    const outcome = judgeCall(fn, input, effects, reading, this.memory);
    const isError = isErrorResult(fn, effects.result);
    const message = isError && getter !== undefined ? (read ?? { message: getter() }).message : undefined;
    const ownMessage = message !== undefined && message !== this.previousMessage;
    return { outcome, alone: { result: renderResult(effects.result), isError, message, ownMessage } };
  }
}

/**
 * Together: red zones and const inputs (no last-error oracle: other threads' calls interleave),
 * then the comparison with what the same input did alone ({@link alone}, set before each call).
 */
export class TogetherJudge implements CallJudge<Outcome> {
  /** What the next input did alone; undefined: the in-process oracles only (replaying a concurrent crash). */
  alone: AloneResult | undefined;
  private readonly unjudged: LastErrorMemory = { result: undefined, message: undefined };

  /** @param compared - functions whose results are compared (learned pure); undefined: every deterministic one. */
  constructor(private readonly compared?: ReadonlySet<string>) {}

  judge(c: Callable, input: CallInput, effects: CallEffects): Outcome {
    const fn = c.bound.fn;
    const outcome = judgeCall(fn, input, effects, undefined, this.unjudged);
    if (this.alone === undefined) return outcome;
    const message =
      fn.errorReturn !== undefined && c.lastError !== undefined && isErrorResult(fn, effects.result) ? c.lastError() : undefined;
    if (isFailure(outcome)) return outcome;
    return judgeConcurrent(differentialOf(c, this.compared), this.alone, renderResult(effects.result), message) ?? outcome;
  }
}

function differentialOf(c: Callable, compared: ReadonlySet<string> | undefined): DifferentialFunction {
  const fn = c.bound.fn;
  const returnsAddress = fn.prototype.returns.kind === 'pointer' && !fn.koffiPrototype.startsWith('const char *');
  // A function the spec declares non-deterministic (`contract.deterministic: false`), or whose result
  // depends on earlier calls (the scout did not learn it pure), has no result to compare.
  const pure = compared === undefined || compared.has(fn.name);
  return { name: fn.name, lastError: fn.lastError, comparesResult: !returnsAddress && fn.deterministic && pure };
}
