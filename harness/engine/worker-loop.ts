import type { CoverageWork, MeasureWork } from './coverage/coverage-protocol.js';
import { loadEngineThread, type EngineThread } from './engine-thread.js';
import { runGenerate } from './generate-loop.js';
import type { EngineJob, EngineMessage, GenerateWork, ReplayWork, ServeWork, WorkerData } from './protocol.js';
import { runReplay, runServe, type ServeInbox } from './replay-loop.js';
import { runScout } from './stress/stress-loop.js';
import type { ScoutWork } from './stress/stress-protocol.js';

// The work of one engine thread: load the target (koffi handles are per thread), then run its
// share of the job, calling the target only through the recorded call (recorded-call.ts). Runs in
// a worker thread, or on the child's main thread when there is only one (a faster restart).

/** Requests from the supervisor, for the work that takes them (serve) or waits for its work (standby). */
export interface Inbox extends ServeInbox {
  /** The work a standby engine waits for; null when told to stop instead. */
  nextWork(): Promise<GenerateWork | ScoutWork | null>;
}

/**
 * Coverage mode loads its mutators and corpus code only in its own children (whose work is known
 * when they start): every other child starts faster without them.
 */
async function runCoverageWork(thread: EngineThread, work: CoverageWork | MeasureWork): Promise<number> {
  return (await import('./coverage/coverage-work.js')).runCoverageWork(thread, work);
}

/** Work a thread runs (a standby's wait resolves into one of these; a fork server's runners run theirs in runner-life.ts). */
type RunnableWork = Exclude<EngineJob['work'], { kind: 'standby' } | { kind: 'fork-server' }>;
type Handler<W> = (thread: EngineThread, work: W, inbox: Inbox | undefined) => number | Promise<number>;

/** How each kind of work runs on a loaded thread; each returns the thread's next stream index. */
const WORK: { readonly [K in RunnableWork['kind']]: Handler<Extract<RunnableWork, { kind: K }>> } = {
  generate: (thread, work: GenerateWork) => runGenerate(thread, work),
  replay: (thread, work: ReplayWork) => runReplay(thread, work),
  serve: (thread, _work: ServeWork, inbox) => {
    if (inbox === undefined) throw new Error('serve work needs an inbox (it runs on the main thread)');
    return runServe(thread, inbox);
  },
  coverage: (thread, work: CoverageWork) => runCoverageWork(thread, work),
  measure: (thread, work: MeasureWork) => runCoverageWork(thread, work),
  scout: (thread, work: ScoutWork) => runScout(thread, work),
};

/** Loads the target, says ready, runs the job's work (a standby: the work it is sent), says done. */
export async function runWorker(data: WorkerData, post: (message: EngineMessage) => void, inbox?: Inbox): Promise<void> {
  const { job, worker } = data;
  if (job.work.kind === 'fork-server') throw new Error('a fork-server job is served by fork-server.ts, not by a worker');
  const thread = await loadEngineThread(data, post);
  post({ type: 'ready', runId: job.runId, worker });
  const work = job.work.kind === 'standby' ? await inbox?.nextWork() : job.work;
  const next = work === undefined || work === null ? 0 : await runWork(thread, work, inbox);
  post({ type: 'done', runId: job.runId, worker, next });
}

function runWork<W extends RunnableWork>(thread: EngineThread, work: W, inbox: Inbox | undefined): number | Promise<number> {
  // The table's handler for W's kind takes a W: TypeScript cannot follow that through the index.
  return (WORK[work.kind] as Handler<W>)(thread, work, inbox);
}
