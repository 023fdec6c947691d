import { OracleJudge } from '../call-judges.js';
import type { EngineThread } from '../engine-thread.js';
import { runCoverage, runCoverageSync, type CoverageEnv } from './coverage-loop.js';
import type { CoverageWork, MeasureWork } from './coverage-protocol.js';
import { runMeasure } from './measure.js';

/**
 * Coverage mode's work kinds on an engine thread; returns the next execution number. Each
 * execution is the thread's recorded call, judged by the per-call oracles.
 */
export function runCoverageWork(thread: EngineThread, work: CoverageWork | MeasureWork): Promise<number> {
  switch (work.kind) {
    case 'coverage':
      return runCoverage(coverageEnv(thread), work);
    case 'measure':
      return runMeasure(coverageEnv(thread), work);
    default: {
      const never: never = work;
      return never;
    }
  }
}

/** Coverage work run to its end without entering the event loop: what a fork-server runner runs (engine/runner-life.ts). */
export function runCoverageWorkSync(thread: EngineThread, work: CoverageWork): number {
  return runCoverageSync(coverageEnv(thread), work);
}

/** The coverage loops' view of an engine thread. */
function coverageEnv(thread: EngineThread): CoverageEnv {
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
