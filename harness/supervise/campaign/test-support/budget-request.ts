import type { BudgetRequest } from '../fuzz-budget.js';

/** A 20 s `fuzz` with minimisation (15 %) and the sweep (10 %) on: the budget tests' common case. */
export const TWENTY_SECONDS: BudgetRequest = {
  durationMs: 20_000,
  runs: null,
  minimizeRuns: 1000,
  minimizeShare: 15,
  sweepShare: 10,
  sweepSamples: 8,
  sweepReplays: 128,
};
