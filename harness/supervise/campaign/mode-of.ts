import type { ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { AutoMode, autoSplitOf } from './auto-mode.js';
import type { CampaignMode } from './campaign-mode.js';
import { CoverageMode } from './coverage-mode.js';
import { coveragePlanOf } from './coverage-plan.js';
import { PropertyMode } from './property-mode.js';
import { StressMode } from './stress-mode.js';

/**
 * The campaign mode `fuzz --mode` names (`auto` as mode-choice.ts settled it: coverage and property
 * side by side), with its budget and the positions a resumed checkpoint left (each mode reads them
 * its own way; the checkpoint's identity includes the mode).
 */
export function campaignModeOf(
  ref: TargetRef,
  options: ResolvedOptions,
  workDir: string,
  startAt: readonly number[] | undefined,
  warn: (line: string) => void,
): CampaignMode {
  switch (options.mode) {
    case 'property':
      return new PropertyMode(options.threads, options.runs, startAt);
    case 'stress':
      return new StressMode(options.threads, options.runs, workDir, {}, startAt);
    case 'coverage':
      return new CoverageMode(coveragePlanOf(ref, options, workDir, warn), startAt);
    case 'auto': {
      const split = autoSplitOf(options);
      const plan = coveragePlanOf(ref, { ...options, threads: 1, jobs: split.jobs }, workDir, warn);
      const coverage = new CoverageMode({ ...plan, runs: split.coverageRuns }, startAt?.slice(0, split.jobs));
      return new AutoMode(coverage, new PropertyMode(options.threads, split.propertyRuns, startAt?.slice(split.jobs), true));
    }
    default: {
      const never: never = options.mode;
      return never;
    }
  }
}
