import type { Outcome } from '../../model/outcome.js';

/**
 * Stress mode's oracle: a call made while other threads call the same library must behave as the
 * same input does alone. Both sides are computed by the engine itself in the same process: each
 * burst runs every input alone first (one thread at a time), then all together.
 */

/** What one input did when it ran alone. */
export interface AloneResult {
  /** The return value, rendered (outcome.ts `renderResult`). */
  readonly result: string;
  /** The return value is an error under the contract. */
  readonly isError: boolean;
  /** The last-error text read right after the call (errors only). */
  readonly message: string | undefined;
  /**
   * The call wrote that text itself: it differs from what the getter said just before the call.
   * Only then is the text a property of the input; a call that leaves the previous text in place
   * (the stale-last-error bug) says nothing about concurrency.
   */
  readonly ownMessage: boolean;
}

/** The function as the oracle sees it. */
export interface DifferentialFunction {
  readonly name: string;
  /** The last-error getter's name, when the function has one. */
  readonly lastError: string | undefined;
  /** Whether results are comparable across calls (not for returned pointers, which differ by nature). */
  readonly comparesResult: boolean;
}

export type RaceOutcome = Extract<Outcome, { kind: 'race' }>;

/**
 * Compares a call made under concurrency with the same input alone. `message` is the last-error
 * text read right after the concurrent call (undefined when the call did not fail). Returns the
 * race, or undefined when the call behaved as alone.
 */
export function judgeConcurrent(
  fn: DifferentialFunction,
  alone: AloneResult,
  result: string,
  message: string | undefined,
): RaceOutcome | undefined {
  if (fn.comparesResult && result !== alone.result) {
    return {
      kind: 'race',
      oracle: 'differential',
      result,
      alone: alone.result,
      message: `${fn.name} returned ${result} while other threads called the library, but ${alone.result} for the same input alone`,
    };
  }
  if (fn.lastError !== undefined && alone.isError && alone.ownMessage && result === alone.result && message !== alone.message) {
    return {
      kind: 'race',
      oracle: 'last-error-foreign',
      result,
      alone: JSON.stringify(alone.message ?? null),
      message:
        `${fn.lastError}() after ${fn.name} returned ${result} said ${JSON.stringify(message ?? null)} while other threads called the library; ` +
        `alone, the same input's message is ${JSON.stringify(alone.message ?? null)}`,
    };
  }
  return undefined;
}
