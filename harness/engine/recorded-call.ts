import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { CallInput } from '../model/call-input.js';
import type { RecorderSlot } from './flight-recorder.js';
import type { BoundFunction, CallEffects } from './invoke.js';

/** A target function as one engine thread calls it. */
export interface Callable {
  readonly bound: BoundFunction;
  /** The name as the flight recorder writes it (latin1 bytes, encoded once). */
  readonly name: Uint8Array;
  /** Reads the function's last-error text on this thread, when the spec names a getter. */
  readonly lastError: (() => string | undefined) | undefined;
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

/** Watches every native call of a recorded call (call statistics for `compare`). */
export interface CallObserver {
  /** The call returned `result` after `ms` milliseconds (the native call alone, not the recording or the judging). */
  returned(fn: ResolvedFunction, result: unknown, ms: number): void;
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

  /** The same path, with every native call also reported to `observer`. */
  observed(observer: CallObserver): RecordedCall {
    return new RecordedCall(this.recorder, this.callables, observer);
  }

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
    const started = observer === undefined ? 0 : performance.now();
    const effects = c.bound.invoke(input, handles);
    observer?.returned(c.bound.fn, effects.result, performance.now() - started);
    const verdict = judge.judge(c, input, effects);
    this.recorder.end();
    return verdict;
  }

  /** The loaded function named `fn`. */
  callable(fn: string): Callable {
    const c = this.callables.get(fn);
    if (c === undefined) throw new Error(`input names function '${fn}', which this run does not load`);
    return c;
  }
}
