import type { ResolvedLifecycle } from '../ffi/resolve-lifecycle.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import { InputStream } from '../generate/input-stream.js';
import { sequenceArbitrary, withHandle, type CallSequence } from '../generate/sequence-arbitrary.js';
import { inputToJson, type CallInput } from '../model/call-input.js';
import type { LifecycleModel } from './lifecycle-model.js';
import type { Outcome } from '../model/outcome.js';
import type { EngineMessage, GenerateWork } from './protocol.js';

// The generate loop of a target with a lifecycle: stream index i is one call sequence, run call
// by call (each call recorded after the ones before it in the flight-recorder slot), judged by
// the lifecycle model, and ended by releasing every handle it left live.

/** What the sequence loop needs from the worker. */
export interface SequenceLoop {
  readonly runId: string;
  readonly worker: number;
  readonly seed: number;
  readonly lifecycle: ResolvedLifecycle;
  readonly fns: readonly ResolvedFunction[];
  readonly model: LifecycleModel;
  /** Runs call `step` of sequence `streamIndex` (recorded with its prefix) and judges it with the model. */
  readonly runOne: (input: CallInput, streamIndex: number, model: LifecycleModel, step: number) => Outcome;
  readonly post: (message: EngineMessage) => void;
}

/** Findings of one oracle on one function are reported a few times per worker, then only counted. */
const REPORTS_PER_KEY = 3;

/** True when the loaded functions can form sequences: the lifecycle's create and release are both among them. */
export function runsSequences(lifecycle: ResolvedLifecycle | undefined, fns: readonly ResolvedFunction[]): lifecycle is ResolvedLifecycle {
  return lifecycle !== undefined && fns.some((f) => f.name === lifecycle.create) && fns.some((f) => f.name === lifecycle.release);
}

/** Runs sequences [start, end) of this worker's stream until the deadline; returns the next index. */
export function runSequences(loop: SequenceLoop, work: GenerateWork): number {
  const stream = new InputStream<CallSequence>(sequenceArbitrary(loop.lifecycle, loop.fns), loop.seed, loop.worker);
  const reported = new Map<string, number>();
  const end = work.ends[loop.worker] ?? Number.POSITIVE_INFINITY;
  let i = work.starts[loop.worker] ?? 0;
  for (; i < end; i++) {
    if ((i & 7) === 0 && work.deadline !== null && Date.now() >= work.deadline) break;
    const failure = runSequence(loop, stream.at(i), i);
    if (failure === undefined) continue;
    const { input, preceding, outcome } = failure;
    const key = `${input.fn}:${outcome.kind === 'wrong-result' ? outcome.oracle : outcome.kind}`;
    const count = (reported.get(key) ?? 0) + 1;
    reported.set(key, count);
    if (count <= REPORTS_PER_KEY) {
      loop.post({
        type: 'finding',
        runId: loop.runId,
        finding: { worker: loop.worker, streamIndex: i, input: inputToJson(input), preceding: preceding.map(inputToJson), outcome },
      });
    }
  }
  return i;
}

/** A failed call of a sequence and the calls before it. */
export interface SequenceFailure {
  readonly input: CallInput;
  readonly preceding: readonly CallInput[];
  readonly outcome: Exclude<Outcome, { kind: 'ok' }>;
}

/**
 * Runs one sequence: its calls until the first failure, then a release of every handle still
 * live (also recorded, so a crash there keeps the whole sequence). Returns the first failure.
 */
export function runSequence(loop: SequenceLoop, sequence: CallSequence, streamIndex: number): SequenceFailure | undefined {
  const { model } = loop;
  model.reset();
  const ran: CallInput[] = [];
  let failure: SequenceFailure | undefined;
  const step = (call: CallInput): void => {
    const outcome = loop.runOne(call, streamIndex, model, ran.length);
    if (outcome.kind !== 'ok' && failure === undefined) failure = { input: call, preceding: [...ran], outcome };
    ran.push(call);
  };
  for (const call of sequence.calls) {
    step(call);
    if (failure !== undefined) break;
  }
  const handleParam = loop.lifecycle.handleParams.get(sequence.teardown.fn)!;
  for (const from of model.live()) step(withHandle(sequence.teardown, handleParam, from));
  return failure;
}
