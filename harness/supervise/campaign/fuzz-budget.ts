import { HarnessError } from '../../model/harness-error.js';

/**
 * What one `fuzz` command may spend, phase by phase, decided before anything runs and printed up
 * front. With a wall-clock budget the phases after the campaign get their shares of it and the
 * report a reserve; the campaign gets the rest. Each phase ends at a fixed offset from the start,
 * so time a phase leaves unused flows to the next one and the command ends within its budget.
 * Without one (`--runs` alone) every phase is bounded by counts: the campaign's calls, the
 * minimisation runs in all, the sweep's replays.
 */
export interface FuzzBudget {
  /** The command's wall-clock budget in ms; null: bounded by counts only. */
  readonly totalMs: number | null;
  readonly campaign: {
    /** Calls (`--runs`); null: until its time is up. */
    readonly runs: number | null;
    /** Its share of the time; null: no clock. */
    readonly ms: number | null;
    /** Offset from the start at which it ends. */
    readonly endsAtMs: number | null;
  };
  readonly minimize: { readonly runs: number; readonly ms: number | null; readonly endsAtMs: number | null };
  readonly sweep: {
    /** Inputs per function (`--align-sweep`). */
    readonly samples: number;
    /** Replays the sweep makes at most (samples × offsets × buffer parameters). */
    readonly replays: number;
    readonly ms: number | null;
    readonly endsAtMs: number | null;
  };
  /** Time kept at the end for the report (summary.json, report.html, junit.xml, results.sarif). */
  readonly reportMs: number | null;
}

/** What the plan is made from: the resolved options, and the sweep's size for this target. */
export interface BudgetRequest {
  readonly durationMs: number | null;
  readonly runs: number | null;
  readonly minimizeRuns: number;
  /** Percent of the duration for minimisation and for the sweep. */
  readonly minimizeShare: number;
  readonly sweepShare: number;
  readonly sweepSamples: number;
  readonly sweepReplays: number;
}

/** The report's reserve: a tenth of the budget, between these bounds. */
const REPORT_RESERVE = { min: 500, max: 3000 };

/**
 * How long a campaign may overrun its share while its lives wind down (engines stop on their own
 * at the deadline; a call in flight, a culprit replay or a slow child exit may not) before its
 * children are killed. Taken from the phases after it, never from the total.
 */
export const CAMPAIGN_WIND_DOWN_MS = 1000;

/** Splits a command's budget into its phases' (see {@link FuzzBudget}). */
export function planBudget(request: BudgetRequest): FuzzBudget {
  const minimizeRuns = request.minimizeRuns;
  const sweepReplays = request.sweepSamples === 0 ? 0 : request.sweepReplays;
  const total = request.durationMs;
  if (total === null) {
    return {
      totalMs: null,
      campaign: { runs: request.runs, ms: null, endsAtMs: null },
      minimize: { runs: minimizeRuns, ms: null, endsAtMs: null },
      sweep: { samples: request.sweepSamples, replays: sweepReplays, ms: null, endsAtMs: null },
      reportMs: null,
    };
  }
  const reportMs = Math.round(Math.min(REPORT_RESERVE.max, Math.max(REPORT_RESERVE.min, total / 10)));
  // A phase with nothing to do gives its share back to the campaign.
  const minimizeMs = minimizeRuns === 0 ? 0 : Math.round((total * request.minimizeShare) / 100);
  const sweepMs = sweepReplays === 0 ? 0 : Math.round((total * request.sweepShare) / 100);
  const campaignMs = total - reportMs - minimizeMs - sweepMs;
  if (campaignMs <= 0)
    throw new HarnessError(
      'usage',
      `--duration ${total / 1000}s leaves the campaign no time after minimisation (${request.minimizeShare}%), the sweep (${request.sweepShare}%) and the report (${reportMs / 1000}s)`,
      { where: '--duration', hint: 'give a longer --duration, or lower --minimize-share / --sweep-share' },
    );
  return {
    totalMs: total,
    campaign: { runs: request.runs, ms: campaignMs, endsAtMs: campaignMs },
    minimize: { runs: minimizeRuns, ms: minimizeMs, endsAtMs: campaignMs + minimizeMs },
    sweep: { samples: request.sweepSamples, replays: sweepReplays, ms: sweepMs, endsAtMs: campaignMs + minimizeMs + sweepMs },
    reportMs,
  };
}

/** The plan as one line: `budget 20s: campaign 15s, minimize ≤ 3s and ≤ 1000 runs, sweep ≤ 2s and ≤ 128 replays, report 1s`. */
export function describeBudget(budget: FuzzBudget): string {
  const s = (ms: number) => `${Number((ms / 1000).toFixed(1))}s`;
  const campaign = [
    ...(budget.campaign.ms === null ? [] : [s(budget.campaign.ms)]),
    ...(budget.campaign.runs === null ? [] : [`${budget.campaign.runs} runs`]),
  ].join(' or ');
  const minimize =
    budget.minimize.runs === 0
      ? 'off'
      : `≤ ${[...(budget.minimize.ms === null ? [] : [s(budget.minimize.ms)]), `${budget.minimize.runs} runs`].join(' and ')}`;
  const sweep =
    budget.sweep.replays === 0
      ? 'off'
      : `≤ ${[...(budget.sweep.ms === null ? [] : [s(budget.sweep.ms)]), `${budget.sweep.replays} replays`].join(' and ')}`;
  const head = budget.totalMs === null ? 'budget' : `budget ${s(budget.totalMs)}`;
  const report = budget.reportMs === null ? '' : `, report ${s(budget.reportMs)}`;
  return `${head}: campaign ${campaign}, minimize ${minimize}, alignment sweep ${sweep}${report}`;
}

/** A share of what is left, for the next of `left` items: runs and time split evenly, the rest carried on. */
export function fairShare(remaining: number, left: number): number {
  return left <= 0 ? 0 : Math.floor(remaining / left);
}
