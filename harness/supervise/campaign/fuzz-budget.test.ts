import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import { describeBudget, fairShare, planBudget, type BudgetRequest } from './fuzz-budget.js';
import { TWENTY_SECONDS } from './test-support/budget-request.js';

const REQUEST: BudgetRequest = TWENTY_SECONDS;

describe('planBudget', () => {
  it('should give minimisation and the sweep their shares, the report its reserve and the campaign the rest', () => {
    const budget = planBudget(REQUEST);

    expect(budget).toEqual({
      totalMs: 20_000,
      campaign: { runs: null, ms: 13_000, endsAtMs: 13_000 },
      minimize: { runs: 1000, ms: 3000, endsAtMs: 16_000 },
      sweep: { samples: 8, replays: 128, ms: 2000, endsAtMs: 18_000 },
      reportMs: 2000,
    });
  });

  it('should end the last phase where the report reserve starts, whatever the shares', () => {
    for (const durationMs of [5000, 20_000, 60_000, 3_600_000]) {
      for (const [minimizeShare, sweepShare] of [
        [0, 0],
        [15, 10],
        [40, 40],
      ] as const) {
        const budget = planBudget({ ...REQUEST, durationMs, minimizeShare, sweepShare });

        expect(budget.sweep.endsAtMs! + budget.reportMs!).toBe(durationMs);
        expect(budget.campaign.ms! + budget.minimize.ms! + budget.sweep.ms! + budget.reportMs!).toBe(durationMs);
        expect(budget.reportMs).toBeGreaterThanOrEqual(500);
        expect(budget.reportMs).toBeLessThanOrEqual(3000);
      }
    }
  });

  it('should give the share of a phase that is off back to the campaign', () => {
    const budget = planBudget({ ...REQUEST, minimizeRuns: 0, sweepSamples: 0 });

    expect(budget.campaign.ms).toBe(18_000);
    expect(budget.minimize).toMatchObject({ ms: 0, runs: 0 });
    expect(budget.sweep).toMatchObject({ ms: 0, replays: 0 });
  });

  it('should bound every phase by counts alone when there is no duration', () => {
    const budget = planBudget({ ...REQUEST, durationMs: null, runs: 600 });

    expect(budget).toEqual({
      totalMs: null,
      campaign: { runs: 600, ms: null, endsAtMs: null },
      minimize: { runs: 1000, ms: null, endsAtMs: null },
      sweep: { samples: 8, replays: 128, ms: null, endsAtMs: null },
      reportMs: null,
    });
  });

  it('should refuse shares that leave the campaign no time, naming the options to change', () => {
    const plan = () => planBudget({ ...REQUEST, durationMs: 1000, minimizeShare: 50, sweepShare: 50 });

    expect(plan).toThrow(HarnessError);
    expect(plan).toThrow(/leaves the campaign no time/);
  });
});

describe('describeBudget', () => {
  it('should print every phase of a duration budget on one line', () => {
    expect(describeBudget(planBudget(REQUEST))).toBe(
      'budget 20s: campaign 13s, minimize ≤ 3s and 1000 runs, alignment sweep ≤ 2s and 128 replays, report 2s',
    );
  });

  it('should print the counts of a runs budget and the phases that are off', () => {
    expect(describeBudget(planBudget({ ...REQUEST, durationMs: null, runs: 600, minimizeRuns: 0 }))).toBe(
      'budget: campaign 600 runs, minimize off, alignment sweep ≤ 128 replays',
    );
  });
});

describe('fairShare', () => {
  it('should split what is left evenly over the items left, rounding down', () => {
    expect(fairShare(1000, 3)).toBe(333);
    expect(fairShare(7, 0)).toBe(0);
  });
});
