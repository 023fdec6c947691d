/**
 * How one call ended, as seen inside the engine (a call that kills the process never returns:
 * the supervisor classifies those). Every call ends as one of these; none throws.
 */
export type Outcome =
  | { readonly kind: 'ok'; readonly result: string }
  | { readonly kind: 'oob-write'; readonly result: string; readonly damage: RedzoneDamage; readonly message: string }
  | { readonly kind: 'wrong-result'; readonly result: string; readonly oracle: OracleName; readonly message: string }
  /** Stress mode: under concurrency the call did not do what the same input does alone. */
  | {
      readonly kind: 'race';
      readonly result: string;
      readonly oracle: 'differential' | 'last-error-foreign';
      readonly message: string;
      readonly alone: string;
    }
  /**
   * A call of a sequence that was not made: the handle it takes comes from a creation that failed
   * or was released, and the API does not promise to reject such handles (lifecycle-model.ts).
   */
  | { readonly kind: 'skipped'; readonly result: 'null'; readonly reason: string };

/** An outcome an oracle failed on: a finding. */
export type Failure = Exclude<Outcome, { kind: 'ok' | 'skipped' }>;

/** True when the call failed an oracle (neither returned fine nor was skipped). */
export function isFailure(outcome: Outcome): outcome is Failure {
  return outcome.kind !== 'ok' && outcome.kind !== 'skipped';
}

/** The in-process oracles; each failure names one. */
export type OracleName =
  | 'postcondition'
  | 'determinism'
  | 'contract-error-return'
  | 'const-input'
  | 'last-error-missing'
  | 'last-error-stale'
  | 'last-error-foreign'
  | 'differential'
  /** An in/out length (`uLongf *destLen`) raised above the size it was given. */
  | 'inout-length'
  /** A returned pointer declared a string (`returns: { cstring: true }`) that is not readable. */
  | 'return-string'
  | LifecycleOracle;

/** The lifecycle model's oracles (lifecycle-model.ts): what a `new / use / free` API did with a handle. */
export type LifecycleOracle = 'handle-reuse' | 'use-after-release-accepted' | 'double-release-accepted' | 'invalid-handle-accepted';

/** Renders a native return value stably for records and comparisons. */
export function renderResult(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Damage found in a red zone after a call: where it starts relative to the buffer, and how long it runs. */
export interface RedzoneDamage {
  readonly param: number;
  /** Offset relative to the buffer's first byte (negative: before it; >= size: past its end). */
  readonly offset: number;
  readonly length: number;
  /** The bytes found there, as hex. */
  readonly found: string;
}
