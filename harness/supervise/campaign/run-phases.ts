import { asHarnessError, type HarnessError } from '../../model/harness-error.js';
import type { AlignmentTable } from '../../report/alignment-table.js';
import type { PhaseName, PhaseRecord } from '../../report/run-summary.js';
import type { CampaignResult } from './campaign-loop.js';
import { CAMPAIGN_WIND_DOWN_MS, type FuzzBudget } from './fuzz-budget.js';
import { phaseStop } from './phase-stop.js';

type Findings = CampaignResult['findings'];

/** The phases of one `fuzz` command (fuzz-phases.ts implements them; unit tests pass fakes). */
export interface FuzzPhases {
  /** The campaign: `runs` calls or `durationMs` of its share, whichever ends first; returns what it found when stopped. */
  campaign(budget: { readonly runs: number | null; readonly durationMs: number | null }, stop: AbortSignal): Promise<CampaignResult>;
  /** Minimises new findings within `runs` in all and until `deadline` (epoch ms); minimized record by bucket id. */
  minimize(
    findings: Findings,
    budget: { readonly runs: number; readonly deadline: number | null },
    stop: AbortSignal,
  ): Promise<Map<string, string>>;
  /** The alignment sweep; the tables it completed before `stop`. */
  sweep(findings: Findings, budget: { readonly samples: number }, stop: AbortSignal): Promise<AlignmentTable[]>;
}

/** Everything the phases produced, for the report. */
export interface PhasesOutcome {
  /** Null when the campaign failed (a harness fault, a full disk): its findings are on disk, in the journal. */
  readonly campaign: CampaignResult | null;
  readonly minimized: ReadonlyMap<string, string>;
  readonly alignment: readonly AlignmentTable[];
  /** The first fault; the phases after it were skipped. */
  readonly fault: HarnessError | null;
  /** Why the command was interrupted (`SIGTERM`, an API caller's abort reason); null when it was not. */
  readonly interrupted: string | null;
  readonly phases: Readonly<Record<PhaseName, PhaseRecord>>;
}

/**
 * Runs the phases in order within the budget: each ends by its deadline (offsets of
 * {@link FuzzBudget} from now) or when `interrupt` fires, whatever it is doing (its children are
 * killed), and the next starts with whatever time is left. After an interrupt or a fault the
 * remaining phases are skipped; the caller still writes the report from the outcome.
 */
export async function runPhases(phases: FuzzPhases, budget: FuzzBudget, interrupt: AbortSignal): Promise<PhasesOutcome> {
  const start = Date.now();
  const at = (offset: number | null) => (offset === null ? null : start + offset);
  const reportAt = at(budget.sweep.endsAtMs);
  const records: Record<PhaseName, PhaseRecord> = {
    campaign: { budgetMs: budget.campaign.ms, spentMs: 0, ended: 'skipped' },
    minimize: { budgetMs: budget.minimize.ms, spentMs: 0, ended: budget.minimize.runs === 0 ? 'off' : 'skipped' },
    sweep: { budgetMs: budget.sweep.ms, spentMs: 0, ended: budget.sweep.replays === 0 ? 'off' : 'skipped' },
  };
  let fault: HarnessError | null = null;

  // One phase under its stop: skipped when nothing may run any more, recorded however it ends.
  const run = async <T>(name: PhaseName, hardStop: number | null, body: (stop: AbortSignal) => Promise<T>): Promise<T | null> => {
    if (fault !== null || interrupt.aborted || (hardStop !== null && Date.now() >= hardStop)) return null;
    const stop = phaseStop(interrupt, hardStop);
    const began = Date.now();
    try {
      const value = await body(stop.signal);
      records[name] = { ...records[name], ended: interrupt.aborted ? 'interrupted' : stop.timeUp() ? 'time-up' : 'done' };
      return value;
    } catch (error) {
      fault = asHarnessError(error);
      records[name] = { ...records[name], ended: 'failed' };
      return null;
    } finally {
      stop.dispose();
      records[name] = { ...records[name], spentMs: Date.now() - began };
    }
  };

  const campaignEnd = at(budget.campaign.endsAtMs);
  const windDown = campaignEnd === null ? null : Math.min(campaignEnd + CAMPAIGN_WIND_DOWN_MS, reportAt ?? Number.POSITIVE_INFINITY);
  const campaign = await run('campaign', windDown, (stop) =>
    phases.campaign({ runs: budget.campaign.runs, durationMs: budget.campaign.ms }, stop),
  );
  const findings: Findings = campaign?.findings ?? new Map();
  const minimizeEnd = at(budget.minimize.endsAtMs);
  const minimized =
    budget.minimize.runs > 0
      ? await run('minimize', minimizeEnd, (stop) => phases.minimize(findings, { runs: budget.minimize.runs, deadline: minimizeEnd }, stop))
      : null;
  const alignment =
    budget.sweep.replays > 0
      ? await run('sweep', reportAt, (stop) => phases.sweep(findings, { samples: budget.sweep.samples }, stop))
      : null;
  return {
    campaign,
    minimized: minimized ?? new Map(),
    alignment: alignment ?? [],
    fault,
    interrupted: interrupt.aborted ? reasonOf(interrupt.reason) : null,
    phases: records,
  };
}

/** An abort reason as text: the CLI aborts with the signal's name; an API caller may abort with anything. */
function reasonOf(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  return reason instanceof Error ? reason.message : 'aborted';
}
