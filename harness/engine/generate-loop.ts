import { callStream } from '../generate/call-stream.js';
import type { CallInput } from '../model/call-input.js';
import { isFailure } from '../model/outcome.js';
import { CorpusFeed } from './coverage/corpus-feed.js';
import { OracleJudge } from './call-judges.js';
import { DeterminismCheck } from './determinism.js';
import type { EngineThread } from './engine-thread.js';
import { precedingOf } from './finding-reporter.js';
import type { GenerateWork } from './protocol.js';
import type { RecordedCall } from './recorded-call.js';
import { runSequences, runsSequences } from './sequence-loop.js';
import { runStress } from './stress/stress-loop.js';

/**
 * Generate work: stress bursts (stress mode), call sequences (a target with a lifecycle), or
 * single calls.
 * Returns this thread's next stream index.
 */
export function runGenerate(thread: EngineThread, work: GenerateWork): number {
  if (work.stress !== undefined) return runStress(thread, work, work.stress);
  const { call } = thread;
  const lifecycle = thread.target.lifecycle;
  if (runsSequences(lifecycle, thread.fns)) return runSequences(thread, lifecycle, call, work);
  return runCalls(thread, call, work);
}

/**
 * Property mode's loop: inputs [start, end) of this thread's seeded stream, until the deadline,
 * each a recorded call judged by the per-call oracles, a sample of them run twice (determinism,
 * for the functions learned pure). An auto campaign's one-thread property child also feeds the
 * coverage jobs' corpus (corpus-feed.ts). Returns the next index.
 */
export function runCalls(thread: EngineThread, call: RecordedCall, work: GenerateWork): number {
  const { worker, reporter } = thread;
  const stream = callStream(thread.fns, thread.job.seed, worker);
  const check = new DeterminismCheck(call, new OracleJudge(), thread.fns.length > 1, work.learned);
  const end = work.ends[worker] ?? Number.POSITIVE_INFINITY;
  const feed =
    work.feedsCorpus === true && thread.sancov !== undefined && thread.job.threads === 1
      ? new CorpusFeed(thread.sancov, thread.job.runId, worker, thread.post)
      : undefined;
  const setAside = new Set(work.setAside ?? []);
  let previous: CallInput | undefined;
  let i = work.starts[worker] ?? 0;
  if (thread.fns.every((f) => setAside.has(f.name))) return i;
  for (; i < end; i++) {
    if ((i & 63) === 0 && work.deadline !== null && Date.now() >= work.deadline) break;
    const next = stream.at(i);
    if (setAside.has(next.fn)) continue;
    const { input, outcome, ranLast, ranBefore } = check.run(next, i);
    if (isFailure(outcome)) reporter.report(worker, i, input, outcome, precedingOf(outcome, ranBefore ?? previous));
    feed?.offer(input, i);
    previous = ranLast;
  }
  return i;
}
