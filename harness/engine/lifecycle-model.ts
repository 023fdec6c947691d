import { roleOf, type ResolvedLifecycle } from '../ffi/resolve-lifecycle.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { CallInput } from '../model/call-input.js';
import { isErrorResult } from './oracles.js';
import { renderResult, type LifecycleOracle, type Outcome } from '../model/outcome.js';

/** What the model knows about the handle a creation returned. */
type HandleState = { readonly kind: 'failed' } | { readonly kind: 'live' } | { readonly kind: 'released'; readonly by: number };

/**
 * The model of one call sequence for a `new / use / free` API: which creations returned which
 * handle, and which of those are live or released. It resolves handle arguments (references to
 * earlier calls) to values, and judges each call against the lifecycle's contract:
 *  - a creation must not return a handle that is live (two objects, one handle), nor — when the
 *    API promises to reject stale handles — one that was released (a stale copy would alias it);
 *  - with `rejectsStale`, a use or release of a released handle, or of one no call returned,
 *    must return the function's error.
 * One model per sequence (reset between sequences); calls are judged in order.
 */
export class LifecycleModel {
  /** Per call position: the raw handle a creation returned (undefined for other calls). */
  private readonly values: (bigint | undefined)[] = [];
  private readonly states: (HandleState | undefined)[] = [];

  constructor(
    private readonly lifecycle: ResolvedLifecycle,
    private readonly functions: ReadonlyMap<string, ResolvedFunction>,
  ) {}

  /** Starts a new sequence. */
  reset(): void {
    this.values.length = 0;
    this.states.length = 0;
  }

  /** Calls judged so far in this sequence (the position of the next call). */
  get position(): number {
    return this.values.length;
  }

  /** The value a handle argument passes: what call `from` returned if it was a creation, else the invalid handle 0. */
  readonly resolve = (from: number): bigint => (from >= 0 && from < this.values.length ? (this.values[from] ?? 0n) : 0n);

  /**
   * Why the call at the next position must not be made, if so. Unless the API promises to reject
   * stale handles, a use or release only ever receives a handle its creation returned successfully
   * and that is still live: passing a failed creation's error value or a released handle would be
   * undefined behaviour, never a finding. Such a call keeps its position ({@link skip}), unmade.
   */
  skipReason(input: CallInput): string | undefined {
    if (this.lifecycle.rejectsStale) return undefined;
    const role = roleOf(this.lifecycle, input.fn);
    const arg = role === 'use' || role === 'release' ? input.args[this.lifecycle.handleParams.get(input.fn)!] : undefined;
    if (arg?.kind !== 'handle') return undefined;
    const state = arg.from >= 0 && arg.from < this.states.length ? this.states[arg.from] : undefined;
    switch (state?.kind) {
      case 'live':
        return undefined;
      case 'failed':
        return `the creation of its handle (call #${arg.from}) failed`;
      case 'released':
        return `its handle (from call #${arg.from}) was released by call #${state.by}`;
      case undefined:
        return arg.from < 0 ? 'it has no handle' : `call #${arg.from} returned no handle`;
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  /** Takes the next position for a call that was not made ({@link skipReason}). */
  skip(): void {
    this.values.push(undefined);
    this.states.push(undefined);
  }

  /** Positions of the creations whose handle is still live (a teardown releases them). */
  live(): number[] {
    return this.states.flatMap((s, k) => (s?.kind === 'live' ? [k] : []));
  }

  /**
   * Records the call at the next position and judges it. `outcome` is the per-call oracles'
   * verdict: a failure there stands (the model only updates its state).
   */
  judge(input: CallInput, result: unknown, outcome: Outcome): Outcome {
    const position = this.values.length;
    const role = roleOf(this.lifecycle, input.fn);
    const fn = this.functions.get(input.fn);
    if (role === 'create') {
      const value = handleValue(result);
      const failed = fn?.errorReturn !== undefined ? isErrorResult(fn, result) : value === 0n;
      this.values.push(value);
      this.states.push(failed ? { kind: 'failed' } : { kind: 'live' });
      return failed || outcome.kind !== 'ok' ? outcome : this.judgeCreation(input.fn, position, value, outcome);
    }
    this.values.push(undefined);
    this.states.push(undefined);
    if (role === undefined || fn === undefined) return outcome;
    const arg = input.args[this.lifecycle.handleParams.get(input.fn)!];
    if (arg?.kind !== 'handle') return outcome;
    const from = arg.from >= 0 && arg.from < position ? arg.from : -1;
    const state = from < 0 ? undefined : this.states[from];
    const rejected = isErrorResult(fn, result);
    if (role === 'release' && state?.kind === 'live' && !rejected) this.states[from] = { kind: 'released', by: position };
    // A void function cannot say it rejected a handle: only a crash breaks its promise.
    const judged = this.lifecycle.rejectsStale && fn.prototype.returns.kind !== 'void';
    if (outcome.kind !== 'ok' || !judged || rejected || state?.kind === 'live') return outcome;
    const value = this.resolve(from);
    const expected = `expected a ${fn.errorReturn} error return, as the lifecycle's rejectsStale contract says`;
    const shown = renderResult(result);
    if (state?.kind === 'released') {
      return role === 'release'
        ? finding(
            'double-release-accepted',
            shown,
            `${input.fn} released the handle of call #${from} (${value}) a second time (call #${state.by} released it first) and returned ${shown}; ${expected}`,
          )
        : finding(
            'use-after-release-accepted',
            shown,
            `${input.fn} accepted the handle of call #${from} (${value}), released by call #${state.by}, and returned ${shown}; ${expected}`,
          );
    }
    return finding(
      'invalid-handle-accepted',
      shown,
      `${input.fn} accepted ${value}, a handle no earlier call returned, and returned ${shown}; ${expected}`,
    );
  }

  private judgeCreation(fn: string, position: number, value: bigint, outcome: Outcome): Outcome {
    for (let k = 0; k < position; k++) {
      const state = this.states[k];
      if (this.values[k] !== value || state === undefined || state.kind === 'failed') continue;
      if (state.kind === 'live') {
        return finding(
          'handle-reuse',
          outcome.result,
          `${fn} returned ${value}, the handle call #${k} returned, which is still live: two objects share one handle`,
        );
      }
      if (this.lifecycle.rejectsStale) {
        return finding(
          'handle-reuse',
          outcome.result,
          `${fn} returned ${value}, the handle call #${k} returned and call #${state.by} released: a stale copy of the old handle now names the new object, though the lifecycle's rejectsStale contract says stale handles are rejected`,
        );
      }
    }
    return outcome;
  }
}

function finding(oracle: LifecycleOracle, result: string, message: string): Outcome {
  return { kind: 'wrong-result', result, oracle, message };
}

/** A returned handle as a number to compare and pass on: integers and pointers (koffi gives numbers or BigInts). */
export function handleValue(result: unknown): bigint {
  if (typeof result === 'bigint') return result;
  if (typeof result === 'number' && Number.isInteger(result)) return BigInt(result);
  if (typeof result === 'boolean') return result ? 1n : 0n;
  return 0n;
}
