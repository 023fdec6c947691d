import { OracleJudge } from '../call-judges.js';
import type { EngineThread } from '../engine-thread.js';
import type { CoverageEnv } from './coverage-loop.js';

/** The coverage loops' view of an engine thread: each execution is the thread's recorded call, judged by the per-call oracles. */
export function coverageEnv(thread: EngineThread): CoverageEnv {
  const judge = new OracleJudge();
  return {
    job: thread.job,
    worker: thread.worker,
    target: thread.target,
    fns: thread.fns,
    sancov: thread.sancov,
    run: (input, index) => thread.call.run(input, index, judge),
    post: thread.post,
    reporter: thread.reporter,
  };
}
