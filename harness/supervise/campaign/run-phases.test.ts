import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import { emptyStats } from '../../engine/call-stats-reader.js';
import type { CampaignResult } from './campaign-loop.js';
import { planBudget, type BudgetRequest } from './fuzz-budget.js';
import { TWENTY_SECONDS } from './test-support/budget-request.js';
import { runPhases, type FuzzPhases, type PhasesOutcome } from './run-phases.js';

// The phases' budget accounting on a fake clock: each phase ends by its deadline (its stop fires),
// the time a phase leaves goes to the next, an interrupt or a fault skips what follows.

const REQUEST: BudgetRequest = TWENTY_SECONDS;
const BUDGET = planBudget(REQUEST); // campaign 13 s, minimize until 16 s, sweep until 18 s, report 2 s

const RESULT: CampaignResult = {
  execs: 100,
  elapsedMs: 0,
  restarts: 0,
  buckets: 0,
  stats: emptyStats([]),
  positions: [],
  findings: new Map(),
  peakRssMb: 0,
  summary: {},
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const untilStopped = (stop: AbortSignal) => new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));

/** Phases that each spend `ms` (or wait for their stop, when `ms` is null) and say what they were given. */
function phasesSpending(ms: { campaign: number | null; minimize: number | null; sweep: number | null }) {
  const seen: { phase: string; at: number; deadline?: number | null; durationMs?: number | null }[] = [];
  const spend = async (phase: keyof typeof ms, stop: AbortSignal) => {
    const want = ms[phase];
    if (want !== 0) await (want === null ? untilStopped(stop) : sleep(want));
  };
  const phases: FuzzPhases = {
    campaign: async (budget, stop) => {
      seen.push({ phase: 'campaign', at: Date.now(), durationMs: budget.durationMs });
      await spend('campaign', stop);
      return RESULT;
    },
    minimize: async (_findings, budget, stop) => {
      seen.push({ phase: 'minimize', at: Date.now(), deadline: budget.deadline });
      await spend('minimize', stop);
      return new Map();
    },
    sweep: async (_findings, _budget, stop) => {
      seen.push({ phase: 'sweep', at: Date.now() });
      await spend('sweep', stop);
      return [];
    },
  };
  return { phases, seen };
}

/** Runs the phases while the fake clock moves far enough for all of them. */
async function run(phases: FuzzPhases, interrupt = new AbortController().signal, budget = BUDGET): Promise<PhasesOutcome> {
  const outcome = runPhases(phases, budget, interrupt);
  await vi.advanceTimersByTimeAsync(60_000);
  return outcome;
}

describe('runPhases', () => {
  const T0 = 1_000_000;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('should end each phase by its deadline and give the time a phase leaves to the next', async () => {
    const { phases, seen } = phasesSpending({ campaign: 5000, minimize: null, sweep: null });

    const outcome = await run(phases);

    expect(seen).toEqual([
      { phase: 'campaign', at: T0, durationMs: 13_000 },
      { phase: 'minimize', at: T0 + 5000, deadline: T0 + 16_000 },
      { phase: 'sweep', at: T0 + 16_000 },
    ]);
    expect(outcome.phases).toEqual({
      campaign: { budgetMs: 13_000, spentMs: 5000, ended: 'done' },
      minimize: { budgetMs: 3000, spentMs: 11_000, ended: 'time-up' },
      sweep: { budgetMs: 2000, spentMs: 2000, ended: 'time-up' },
    });
    expect(outcome.campaign).toBe(RESULT);
    expect(outcome.interrupted).toBeNull();
  });

  it('should stop a campaign that overruns its share after a short wind-down, taken from the phases after it', async () => {
    const { phases, seen } = phasesSpending({ campaign: null, minimize: 0, sweep: null });

    const outcome = await run(phases);

    expect(outcome.phases.campaign).toEqual({ budgetMs: 13_000, spentMs: 14_000, ended: 'time-up' });
    expect(seen[1]).toEqual({ phase: 'minimize', at: T0 + 14_000, deadline: T0 + 16_000 });
    expect(outcome.phases.sweep).toEqual({ budgetMs: 2000, spentMs: 18_000 - 14_000, ended: 'time-up' });
  });

  it('should skip the phases after an interrupt, say so, and keep what the campaign found', async () => {
    const { phases, seen } = phasesSpending({ campaign: null, minimize: null, sweep: null });
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort('SIGTERM'), 3000);

    const outcome = await run(phases, interrupt.signal);

    expect(seen.map((s) => s.phase)).toEqual(['campaign']);
    expect(outcome.interrupted).toBe('SIGTERM');
    expect(outcome.campaign).toBe(RESULT);
    expect(outcome.phases).toEqual({
      campaign: { budgetMs: 13_000, spentMs: 3000, ended: 'interrupted' },
      minimize: { budgetMs: 3000, spentMs: 0, ended: 'skipped' },
      sweep: { budgetMs: 2000, spentMs: 0, ended: 'skipped' },
    });
  });

  it('should keep the first fault, skip the phases after it and keep the campaign result for the report', async () => {
    const { phases } = phasesSpending({ campaign: 1000, minimize: 0, sweep: 0 });
    const full = new HarnessError('io', 'cannot write minimized.json: ENOSPC', { where: '/full/minimized.json' });
    phases.minimize = async () => {
      throw full;
    };

    const outcome = await run(phases);

    expect(outcome.fault).toBe(full);
    expect(outcome.campaign).toBe(RESULT);
    expect(outcome.phases.minimize.ended).toBe('failed');
    expect(outcome.phases.sweep.ended).toBe('skipped');
  });

  it('should report a campaign fault with no result, as a harness error', async () => {
    const { phases } = phasesSpending({ campaign: 0, minimize: 0, sweep: 0 });
    phases.campaign = async () => {
      throw new Error('boom');
    };

    const outcome = await run(phases);

    expect(outcome.campaign).toBeNull();
    expect(outcome.fault?.code).toBe('internal');
    expect(outcome.phases.campaign.ended).toBe('failed');
  });

  it('should run by counts alone without a duration: no stop ever fires', async () => {
    const { phases, seen } = phasesSpending({ campaign: 90_000, minimize: 90_000, sweep: 90_000 });
    const budget = planBudget({ ...REQUEST, durationMs: null, runs: 500 });

    const outcome = runPhases(phases, budget, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(300_000);

    expect((await outcome).phases).toEqual({
      campaign: { budgetMs: null, spentMs: 90_000, ended: 'done' },
      minimize: { budgetMs: null, spentMs: 90_000, ended: 'done' },
      sweep: { budgetMs: null, spentMs: 90_000, ended: 'done' },
    });
    expect(seen[1]).toEqual({ phase: 'minimize', at: T0 + 90_000, deadline: null });
  });

  it('should not start the phases that are off', async () => {
    const { phases, seen } = phasesSpending({ campaign: 0, minimize: 0, sweep: 0 });
    const budget = planBudget({ ...REQUEST, minimizeRuns: 0, sweepSamples: 0 });

    const outcome = await run(phases, new AbortController().signal, budget);

    expect(seen.map((s) => s.phase)).toEqual(['campaign']);
    expect(outcome.phases.minimize.ended).toBe('off');
    expect(outcome.phases.sweep.ended).toBe('off');
  });
});
