import type { EngineMessage } from '../../engine/protocol.js';
import type { KnownVerdicts } from '../../engine/statefulness.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { CoverageStatus, CoverageSummary } from '../../report/coverage-status.js';
import type { ForkServerUsage } from '../../report/run-summary.js';
import type { CrashRecord, InflightInput } from '../../store/crash-record.js';
import type { ChildDeath } from '../child/child-end.js';
import type { ChildWork } from '../child/child-runner.js';

/**
 * What makes one kind of campaign different from another; the loop (campaign-loop.ts) does
 * everything they share: lanes of child lives, the deadline, counters, progress, faults, culprit
 * search, crash capture and deduplication. Shaped like fast-check's RunnerIterator (the loop asks
 * for the next thing to run and reports how it went) and libFuzzer's single RunOne path.
 *
 * A campaign runs `lanes` independent sequences of child lives in parallel (coverage jobs; one
 * lane otherwise). In each lane the loop asks {@link next} for a life, runs it on a ChildRunner of
 * the life's thread count, then tells the mode how it ended: {@link finished}, or {@link died}
 * (the mode moves past the inputs in flight and says whom to blame; the loop records the death).
 * A mode resumes from the stream positions its {@link positions} gave the last checkpoint: it
 * receives them when it is built, and they mean what that mode says they mean.
 */
export interface CampaignMode {
  /** Independent sequences of lives run in parallel (coverage: one per job). */
  readonly lanes: number;
  /** The next life of `lane`; null when the lane has nothing left to run (budget spent, work finished). */
  next(lane: number, state: LaneState): Life | null;
  /** An engine message of a life of `lane` other than a finding (the loop records findings). */
  message?(lane: number, message: EngineMessage): void;
  /** The life finished its work; `next` is where each thread's stream stopped. */
  finished(lane: number, life: Life, next: readonly number[]): void;
  /** The life died: move past the inputs in flight, and say what the death means. */
  died(lane: number, life: Life, death: ChildDeath, slots: readonly SlotRecord[]): DeathReport;
  /** A finding of `lane` was stored (a death, or an oracle failure the engine reported). */
  recorded?(lane: number, record: CrashRecord, from: 'death' | 'oracle'): void;
  /** Where a resumed campaign would start again (the checkpoint's positions). */
  positions(lanes: readonly LaneState[]): readonly number[];
  /** What this mode adds to the live status (coverage: edges, corpus, jobs). */
  status?(lanes: readonly LaneState[]): CoverageStatus;
  /** What this mode adds to the run summary. */
  summary?(lanes: readonly LaneState[]): ModeSummary;
}

/** One child life a mode asks for. */
export interface Life {
  readonly work: ChildWork;
  /** Threads of the child (the loop opens one runner per thread count and lane). */
  readonly threads: number;
}

/** What the loop knows about one lane. */
export interface LaneState {
  /** Lives the lane has run so far. */
  readonly lives: number;
  /** Native calls the lane's lives made in this session (a resumed part not included). */
  readonly execs: number;
  /** Calls started per slot by the life running now (empty between lives). */
  readonly live: readonly number[];
  /** Epoch ms when the campaign stops; null = no deadline. */
  readonly deadline: number | null;
  /** What the campaign's lives so far learned about each function's results (engine/statefulness.ts). */
  readonly learned: KnownVerdicts;
  /** Functions set aside: their contract is unknown (a zero-config guess) and they have a finding. */
  readonly setAside: readonly string[];
}

/** What a death means, as the mode that ran the life sees it. */
export interface DeathReport {
  /** The death, named as the mode names its threads (the stress scout's one slot runs every stream). */
  readonly death: ChildDeath;
  /** Inputs inside the target when the child died. */
  readonly inflight: readonly InflightInput[];
  readonly suspects: Suspects;
}

/**
 * Whom the culprit search (culprit.ts) considers:
 *  - `alone`: each in-flight input may crash by itself; one of them is blamed when it does;
 *  - `together`: every input of `set` survived alone before (stress mode's screening); the set is
 *    the finding, unless one of them now crashes alone.
 */
export type Suspects = { readonly kind: 'alone' } | { readonly kind: 'together'; readonly set: readonly InflightInput[] };

/** What a mode adds to the run summary (summary.json). */
export interface ModeSummary {
  /** Coverage mode: edges reached, corpus growth, per-job rates. */
  readonly coverage?: CoverageSummary;
  /** Lives the campaign's fork servers forked (filled by the fuzz phase that opened the runners). */
  readonly forkServer?: ForkServerUsage;
}
