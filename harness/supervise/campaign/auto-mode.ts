import os from 'node:os';
import type { ResolvedOptions } from '../../config/options.js';
import type { EngineMessage } from '../../engine/protocol.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { CoverageStatus } from '../../report/coverage-status.js';
import type { CrashRecord } from '../../store/crash-record.js';
import type { ChildDeath } from '../child/child-end.js';
import { sharesOf } from './campaign-budget.js';
import type { CampaignMode, DeathReport, LaneState, Life, ModeSummary } from './campaign-mode.js';
import type { CoverageMode } from './coverage-mode.js';
import type { PropertyMode } from './property-mode.js';

/** How `--mode auto` divides a campaign: coverage jobs, one property lane, and the `--runs` each gets. */
export interface AutoSplit {
  readonly jobs: number;
  /** Executions across the coverage jobs; null = until the deadline. */
  readonly coverageRuns: number | null;
  /** Calls of the property lane (across its threads); null = until the deadline. */
  readonly propertyRuns: number | null;
  readonly threads: number;
}

/**
 * The split of an auto campaign: `--jobs` coverage jobs (default: one per core but one, which the
 * property lane takes), and `--runs` shared by lane, each lane an equal part (the property lane
 * one of them). With `--duration` alone every lane runs until the deadline.
 */
export function autoSplitOf(options: Pick<ResolvedOptions, 'jobs' | 'runs' | 'threads'>): AutoSplit {
  const jobs = options.jobs ?? Math.max(1, os.availableParallelism() - 1);
  const shares = sharesOf(options.runs, jobs + 1);
  const propertyRuns = shares[jobs] ?? null;
  const coverageRuns = options.runs === null || propertyRuns === null ? null : options.runs - propertyRuns;
  return { jobs, coverageRuns, propertyRuns, threads: options.threads };
}

/** The split as printed before the campaign starts. */
export function describeAutoSplit(split: AutoSplit, alignSweep: number): string {
  const runs = (n: number | null) => (n === null ? 'until the deadline' : `${n} runs`);
  const sweep = alignSweep > 0 ? `; then an alignment sweep of ${alignSweep} inputs per function` : '';
  return (
    `auto mode: coverage-guided mutation on ${split.jobs} job(s) (${runs(split.coverageRuns)}) + property generation on ` +
    `${split.threads} thread(s) (${runs(split.propertyRuns)}), one corpus and one findings book${sweep}`
  );
}

/**
 * `--mode auto`: the coverage jobs (lanes 0..jobs-1) and a property lane (the last) in one
 * campaign loop, so they share the findings book (one bucket per root cause, whoever found it)
 * and the corpus: the property lane's children measure the coverage of the inputs they generate
 * and post those that reach new features, which are stored in the queue the coverage jobs pick up
 * (structured, contract-respecting inputs to mutate). Positions are the coverage jobs' then the
 * property threads'.
 */
export class AutoMode implements CampaignMode {
  readonly lanes: number;
  private readonly jobs: number;

  constructor(
    private readonly coverage: CoverageMode,
    private readonly property: PropertyMode,
  ) {
    this.jobs = coverage.lanes;
    this.lanes = this.jobs + 1;
  }

  next(lane: number, state: LaneState): Life | null {
    return this.isCoverage(lane) ? this.coverage.next(lane, state) : this.property.next(0, state);
  }

  /** Coverage messages go to their job; a corpus entry of the property lane joins the shared queue. */
  message(lane: number, message: EngineMessage): void {
    if (this.isCoverage(lane)) this.coverage.message(lane, message);
    else if (message.type === 'corpus-entry') this.coverage.store(message);
  }

  finished(lane: number, life: Life, next: readonly number[]): void {
    if (this.isCoverage(lane)) this.coverage.finished(lane);
    else this.property.finished(0, life, next);
  }

  died(lane: number, life: Life, death: ChildDeath, slots: readonly SlotRecord[]): DeathReport {
    return this.isCoverage(lane) ? this.coverage.died(lane, life, death, slots) : this.property.died(0, life, death, slots);
  }

  recorded(lane: number, record: CrashRecord, from: 'death' | 'oracle'): void {
    if (this.isCoverage(lane)) this.coverage.recorded(lane, record, from);
  }

  positions(lanes: readonly LaneState[]): readonly number[] {
    return [...this.coverage.positions(lanes.slice(0, this.jobs)), ...this.property.positions(lanes.slice(this.jobs))];
  }

  status(lanes: readonly LaneState[]): CoverageStatus {
    return this.coverage.status(lanes.slice(0, this.jobs));
  }

  summary(lanes: readonly LaneState[]): ModeSummary {
    return this.coverage.summary(lanes.slice(0, this.jobs));
  }

  private isCoverage(lane: number): boolean {
    return lane < this.jobs;
  }
}
