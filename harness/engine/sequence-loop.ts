import type { ResolvedLifecycle } from '../ffi/resolve-lifecycle.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import { InputStream } from '../generate/input-stream.js';
import { sequenceArbitrary, withHandle, type CallSequence } from '../generate/sequence-arbitrary.js';
import type { CallInput } from '../model/call-input.js';
import { OracleJudge, SequenceJudge } from './call-judges.js';
import type { EngineThread } from './engine-thread.js';
import { isFailure, type Failure } from '../model/outcome.js';
import type { LifecycleModel } from './lifecycle-model.js';
import type { GenerateWork } from './protocol.js';
import type { RecordedCall } from './recorded-call.js';
import { runSequenceCall } from './sequence-call.js';

// The generate loop of a target with a lifecycle: stream index i is one call sequence, run call
// by call (each call recorded after the ones before it in the flight-recorder slot), judged by
// the lifecycle model, and ended by releasing every handle it left live.

/** True when the loaded functions can form sequences: the lifecycle's create and release are both among them. */
export function runsSequences(lifecycle: ResolvedLifecycle | undefined, fns: readonly ResolvedFunction[]): lifecycle is ResolvedLifecycle {
  return lifecycle !== undefined && fns.some((f) => f.name === lifecycle.create) && fns.some((f) => f.name === lifecycle.release);
}

/** Runs sequences [start, end) of this thread's stream until the deadline; returns the next index. */
export function runSequences(thread: EngineThread, lifecycle: ResolvedLifecycle, call: RecordedCall, work: GenerateWork): number {
  const { worker, model } = thread;
  if (model === undefined) throw new Error('call sequences need the lifecycle model');
  const stream = new InputStream<CallSequence>(sequenceArbitrary(lifecycle, thread.fns), thread.job.seed, worker);
  const run = new SequenceRun(call, model, lifecycle);
  const end = work.ends[worker] ?? Number.POSITIVE_INFINITY;
  let i = work.starts[worker] ?? 0;
  for (; i < end; i++) {
    if ((i & 7) === 0 && work.deadline !== null && Date.now() >= work.deadline) break;
    const failure = run.run(stream.at(i), i);
    if (failure !== undefined) thread.reporter.report(worker, i, failure.input, failure.outcome, failure.preceding);
  }
  return i;
}

/** A failed call of a sequence and the calls before it. */
export interface SequenceFailure {
  readonly input: CallInput;
  readonly preceding: readonly CallInput[];
  readonly outcome: Failure;
}

/** Runs whole sequences on the recorded call, judged by the model (reset for each). */
class SequenceRun {
  private readonly judge: SequenceJudge;

  constructor(
    private readonly call: RecordedCall,
    private readonly model: LifecycleModel,
    private readonly lifecycle: ResolvedLifecycle,
  ) {
    this.judge = new SequenceJudge(model, new OracleJudge());
  }

  /**
   * Runs one sequence: its calls until the first failure (a call whose handle is not live is
   * skipped, see sequence-call.ts), then a release of every handle still live (also recorded, so
   * a crash there keeps the whole sequence). Returns the first failure.
   */
  run(sequence: CallSequence, streamIndex: number): SequenceFailure | undefined {
    const { model } = this;
    model.reset();
    const ran: CallInput[] = [];
    let failure: SequenceFailure | undefined;
    const step = (input: CallInput): void => {
      const outcome = runSequenceCall(this.call, model, this.judge, input, streamIndex, ran.length);
      if (isFailure(outcome) && failure === undefined) failure = { input, preceding: [...ran], outcome };
      ran.push(input);
    };
    for (const input of sequence.calls) {
      step(input);
      if (failure !== undefined) break;
    }
    const handleParam = this.lifecycle.handleParams.get(sequence.teardown.fn)!;
    for (const from of model.live()) step(withHandle(sequence.teardown, handleParam, from));
    return failure;
  }
}
