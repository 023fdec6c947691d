import type { CoverageEnv } from './coverage-loop.js';
import { runCoverage } from './coverage-loop.js';
import type { CoverageWork, MeasureWork } from './coverage-protocol.js';
import { runMeasure } from './measure.js';

/** Coverage mode's work kinds, called from worker-loop.ts; returns the next stream index. */
export function runCoverageWork(env: CoverageEnv, work: CoverageWork | MeasureWork): Promise<number> {
  switch (work.kind) {
    case 'coverage':
      return runCoverage(env, work);
    case 'measure':
      return runMeasure(env, work);
    default: {
      const never: never = work;
      return never;
    }
  }
}
