import { inputFromJson, type CallInputJson } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import { OracleJudge, SequenceJudge } from './call-judges.js';
import type { EngineThread } from './engine-thread.js';
import type { ReplayWork } from './protocol.js';
import type { CallJudge, HandleResolver } from './recorded-call.js';
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
  const { judge, handles } = replayJudge(thread);
  for (const [index, input] of inputs.entries())
    thread.post({ type: 'replayed', runId: job.runId, worker, index, outcome: thread.call.run(input, index, judge, -1, handles) });
  return inputs.length;
}

/** Serve work: runs each request's inputs as one replay, until told to stop. */
export async function runServe(thread: EngineThread, inbox: ServeInbox): Promise<number> {
  for (let request = await inbox.next(); request !== null; request = await inbox.next()) {
    const { id } = request;
    const { judge, handles } = replayJudge(thread);
    const outcomes: Outcome[] = request.inputs.map((j, i) =>
      thread.call.run(inputFromJson(j, `request ${id} input ${i}`), i, judge, -1, handles),
    );
    thread.post({ type: 'served', runId: thread.job.runId, id, outcomes });
  }
  return 0;
}

/** A fresh judge for one replay: the per-call oracles, and the lifecycle model (reset) when the target has one. */
function replayJudge(thread: EngineThread): { judge: CallJudge<Outcome>; handles: HandleResolver | undefined } {
  const { model } = thread;
  model?.reset();
  return model === undefined
    ? { judge: new OracleJudge(), handles: undefined }
    : { judge: new SequenceJudge(model, new OracleJudge()), handles: model.resolve };
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
