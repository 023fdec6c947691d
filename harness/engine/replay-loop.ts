import { inputFromJson, type CallInput, type CallInputJson } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import { OracleJudge, SequenceJudge } from './call-judges.js';
import type { EngineThread } from './engine-thread.js';
import type { ReplayWork } from './protocol.js';
import { runSequenceCall } from './sequence-call.js';
import { replayConcurrently } from './stress/stress-loop.js';

/** Requests a serving engine takes one at a time (minimisation reuses one child until it dies). */
export interface ServeInbox {
  next(): Promise<{ id: number; inputs: readonly CallInputJson[] } | null>;
}

/**
 * Replays given inputs in order on this thread, each judged as in a campaign (as the calls of one
 * sequence, for a target with a lifecycle). A concurrent replay releases every thread together;
 * with rounds or the differential oracle it is stress mode's replay. Returns the inputs run.
 */
export function runReplay(thread: EngineThread, work: ReplayWork): number {
  if (work.rounds !== undefined || work.differential === true) return replayConcurrently(thread, work);
  const { job, worker } = thread;
  const inputs = (work.inputs[worker] ?? []).map((j, i) => inputFromJson(j, `replay input ${i} of worker ${worker}`));
  if (work.concurrent) awaitBarrier(thread.barrier, job.threads);
  const replay = replayCall(thread);
  for (const [index, input] of inputs.entries())
    thread.post({ type: 'replayed', runId: job.runId, worker, index, outcome: replay(input, index) });
  return inputs.length;
}

/** Serve work: runs each request's inputs as one replay, until told to stop. */
export async function runServe(thread: EngineThread, inbox: ServeInbox): Promise<number> {
  for (let request = await inbox.next(); request !== null; request = await inbox.next()) {
    const { id } = request;
    const replay = replayCall(thread);
    const outcomes: Outcome[] = request.inputs.map((j, i) => replay(inputFromJson(j, `request ${id} input ${i}`), i));
    thread.post({ type: 'served', runId: thread.job.runId, id, outcomes });
  }
  return 0;
}

/**
 * How one replay runs its inputs: each judged by the per-call oracles, and for a target with a
 * lifecycle as the calls of one sequence (the model reset, calls with a handle that is not live skipped).
 */
function replayCall(thread: EngineThread): (input: CallInput, index: number) => Outcome {
  const { model, call } = thread;
  const oracles = new OracleJudge();
  if (model === undefined) return (input, index) => call.run(input, index, oracles);
  model.reset();
  const judge = new SequenceJudge(model, oracles);
  return (input, index) => runSequenceCall(call, model, judge, input, index, -1);
}

/** Holds every worker until all have arrived, so their native calls overlap. */
function awaitBarrier(buffer: SharedArrayBuffer, parties: number): void {
  const words = new Int32Array(buffer);
  const generation = Atomics.load(words, 1);
  if (Atomics.add(words, 0, 1) + 1 === parties) {
    Atomics.store(words, 0, 0);
    Atomics.add(words, 1, 1);
    Atomics.notify(words, 1);
  } else {
    while (Atomics.load(words, 1) === generation) Atomics.wait(words, 1, generation, 1000);
  }
}
