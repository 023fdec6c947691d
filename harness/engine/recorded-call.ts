import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { CallInput } from '../model/call-input.js';
import type { Learned } from './call-stats.js';
import type { RecorderSlot } from './flight-recorder.js';
import type { BoundFunction, CallEffects } from './invoke.js';

/** A target function as one engine thread calls it. */
export interface Callable {
  readonly bound: BoundFunction;
  /** The name as the flight recorder writes it (latin1 bytes, encoded once). */
  readonly name: Uint8Array;
  /** Reads the function's last-error text on this thread, when the spec names a getter. */
  readonly lastError: (() => string | undefined) | undefined;
  /** The function's row in the call statistics (call-stats.ts). */
  readonly row: number;
}

/**
 * Judges one returned call, while the flight recorder still has it in flight: a judge may call
 * into the library (the last-error getter), and a crash there belongs to this input too.
 * Judges are the decorators of the recorded call: the per-call oracles (call-judges.ts), the
 * lifecycle model of a call sequence, stress mode's alone and together comparisons.
 */
export interface CallJudge<R> {
  /** Right before the native call (stress mode reads the last-error text the call may replace). */
  before?(callable: Callable): void;
  judge(callable: Callable, input: CallInput, effects: CallEffects): R;
}

/** Watches every call of a recorded call: the call statistics (call-stats.ts `StatsSlot`). */
export interface CallObserver {
  /** Whether {@link returned} wants the call's latency (two clock reads per call). */
  readonly timed: boolean;
  /** The call returned `result` after `ns` nanoseconds (the native call alone; 0 when not timed). */
  returned(row: number, fn: ResolvedFunction, result: unknown, ns: number): void;
  /** A sequence call was not made (its handle is not live). */
  skipped(row: number): void;
  /** The determinism learner's conclusion about the function in this life. */
  learned(row: number, verdict: Learned): void;
}

/** Resolves a handle argument (an index into the call's sequence) to the value an earlier call returned. */
export type HandleResolver = (from: number) => bigint;

/**
 * The engine's one per-call path: write the input into this thread's flight-recorder slot, call
 * the function, judge what it did, mark the slot returned. Every kind of work calls the target
 * through here; what differs is the judge. Allocates nothing beyond what the call and the judge do.
 */
export class RecordedCall {
  constructor(
    private readonly recorder: RecorderSlot,
    private readonly callables: ReadonlyMap<string, Callable>,
    private readonly observer?: CallObserver,
  ) {}

  /**
   * Runs one input. `step` ≥ 0 records it as call `step` of call sequence `streamIndex` (the slot
   * keeps the calls before it); `handles` resolves its handle arguments.
   */
  run<R>(input: CallInput, streamIndex: number, judge: CallJudge<R>, step = -1, handles?: HandleResolver): R {
    const c = this.callable(input.fn);
    if (step < 0) this.recorder.begin(c.name, streamIndex, input.args);
    else this.recorder.beginSequence(c.name, streamIndex, input.args, step);
    judge.before?.(c);
    const observer = this.observer;
    const timed = observer?.timed === true;
    const started = timed ? performance.now() : 0;
    const effects = c.bound.invoke(input, handles);
    observer?.returned(c.row, c.bound.fn, effects.result, timed ? (performance.now() - started) * 1e6 : 0);
    const verdict = judge.judge(c, input, effects);
    this.recorder.end();
    return verdict;
  }

  /**
   * Records a call of a sequence that is not made (`step` as in {@link run}; < 0: a replay, where
   * the slot holds single calls): it keeps its place in the slot's prefix, so the handle
   * references of the calls after it still point at the right calls.
   */
  skip(input: CallInput, streamIndex: number, step: number): void {
    const c = this.callable(input.fn);
    if (step >= 0) this.recorder.skipInSequence(c.name, streamIndex, input.args, step);
    this.observer?.skipped(c.row);
  }

  /** Tells the call statistics what the determinism learner concluded about `fn`. */
  learned(fn: string, verdict: Learned): void {
    this.observer?.learned(this.callable(fn).row, verdict);
  }

  /** The loaded function named `fn`. */
  callable(fn: string): Callable {
    const c = this.callables.get(fn);
    if (c === undefined) throw new Error(`input names function '${fn}', which this run does not load`);
    return c;
  }
}
