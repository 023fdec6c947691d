import fs from 'node:fs';
import path from 'node:path';
import type { CoverageStats, CoverageWork } from '../../engine/coverage/coverage-protocol.js';
import { createRoundMarker, readRoundMarker } from '../../engine/coverage/round-marker.js';
import type { EngineMessage } from '../../engine/protocol.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { CoverageStatus, CoverageSummary, JobStatus } from '../../report/coverage-status.js';
import type { CallInputJson } from '../../model/call-input.js';
import { corpusSize } from '../../store/corpus-store.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { queueEntryFile } from '../../store/paths.js';
import { addQueueEntry, contentHash } from '../../store/queue-store.js';
import type { ChildDeath } from '../child/child-end.js';
import { inflightOf } from '../child/inflight.js';
import { sharesOf } from './campaign-budget.js';
import type { CampaignMode, DeathReport, LaneState, Life, ModeSummary } from './campaign-mode.js';
import { formatToken, MAX_LEARNED } from '../../generate/mutate/dictionary.js';

/** What a coverage campaign needs besides the loop's settings. */
export interface CoveragePlan {
  /** Engine processes (lanes), each one thread with its own coverage counters. */
  readonly jobs: number;
  /** Executions across jobs and restarts; null = until the deadline. */
  readonly runs: number | null;
  /** Corpus root (`--out`) and the target's name in it. */
  readonly corpusRoot: string;
  readonly targetName: string;
  /** Dictionary tokens as hex (`--dict`). */
  readonly dictionary: readonly string[];
  /** Folder for the jobs' round markers (the engine setup's work folder). */
  readonly workDir: string;
  /** How often jobs pick up each other's queue entries, in ms. @defaultValue 1000 */
  readonly syncMs?: number;
}

/** One job's state across its lives. */
interface Job {
  /** Executions of an interrupted campaign this job resumes after (its checkpoint position). */
  readonly before: number;
  readonly markerPath: string;
  firstExec: number;
  finished: boolean;
  crashes: number;
  stats: CoverageStats | undefined;
  rate: { t: number; execs: number; perSecond: number };
}

/**
 * Coverage-guided mode (`--mode coverage`): each job is a lane whose child mutates toward new
 * coverage (engine/coverage/coverage-loop.ts); jobs share what they find through the corpus
 * directory. Every new entry a child reports is stored here, content-addressed under queue/. A
 * death restarts the job from the corpus (so it resumes at the coverage reached), with the
 * crashing input skipped by every job and, if it was a queue entry, removed from the queue.
 * Positions are each job's executions so far (a resumed job runs only what is left of its share).
 */
export class CoverageMode implements CampaignMode {
  readonly lanes: number;
  private readonly jobs: Job[];
  private readonly shares: readonly (number | null)[];
  private readonly skip = new Set<string>();
  private readonly penalize = new Set<string>();
  private readonly corpusBefore: number;
  private initial: CoverageStats | undefined;
  private added = 0;
  // Learned tokens (hex), kept across restarts: a child that replaces a crashed one starts with them.
  private readonly learned = new Set<string>();

  /** @param startAt - each job's executions in the interrupted part (a resumed checkpoint's positions). */
  constructor(
    private readonly plan: CoveragePlan,
    startAt: readonly number[] = [],
  ) {
    this.lanes = plan.jobs;
    this.shares = sharesOf(plan.runs, plan.jobs);
    this.corpusBefore = corpusSize(plan.corpusRoot, plan.targetName);
    const now = Date.now();
    this.jobs = Array.from({ length: plan.jobs }, (_, job) => ({
      before: startAt[job] ?? 0,
      markerPath: path.join(plan.workDir, `round-${job}.bin`),
      firstExec: startAt[job] ?? 0,
      finished: false,
      crashes: 0,
      stats: undefined,
      rate: { t: now, execs: 0, perSecond: 0 },
    }));
  }

  next(lane: number, state: LaneState): Life | null {
    const job = this.jobs[lane]!;
    const share = this.shares[lane] ?? null;
    const left = share === null ? null : share - job.before - state.execs;
    if (job.finished || (left !== null && left <= 0)) return null;
    const work: CoverageWork = {
      kind: 'coverage',
      job: lane,
      restart: state.lives,
      corpusRoot: this.plan.corpusRoot,
      targetName: this.plan.targetName,
      runs: left,
      deadline: state.deadline,
      firstExec: job.firstExec,
      dictionary: [...this.plan.dictionary, ...[...this.learned].slice(-MAX_LEARNED)],
      syncMs: this.plan.syncMs ?? 1000,
      skip: [...this.skip],
      penalize: [...this.penalize],
      markerPath: job.markerPath,
    };
    createRoundMarker(job.markerPath);
    return { threads: 1, work };
  }

  message(lane: number, m: EngineMessage): void {
    if (m.type === 'corpus-entry') this.store(m);
    else if (m.type === 'coverage-stats') {
      if (lane === 0 && this.initial === undefined) this.initial = m.stats;
      this.jobs[lane]!.stats = m.stats;
    }
  }

  /** A new corpus entry (a job's, or an auto campaign's property lane's) goes under queue/, where every job picks it up. */
  store(entry: Extract<EngineMessage, { type: 'corpus-entry' }>): void {
    for (const token of entry.learned) this.learned.add(token);
    if (addQueueEntry(this.plan.corpusRoot, this.plan.targetName, entry.input, entry.source).added) this.added++;
  }

  finished(lane: number): void {
    this.jobs[lane]!.finished = true;
  }

  /** The parent whose mutants crashed is picked rarely from now on; the job restarts after the input that killed it. */
  died(lane: number, _life: Life, death: ChildDeath, slots: readonly SlotRecord[]): DeathReport {
    const job = this.jobs[lane]!;
    const parent = readRoundMarker(job.markerPath);
    if (parent !== null) this.penalize.add(parent);
    job.firstExec = (slots[0]?.streamIndex ?? job.firstExec) + 1;
    return { death, inflight: inflightOf(slots), suspects: { kind: 'alone' } };
  }

  recorded(lane: number, record: CrashRecord, from: 'death' | 'oracle'): void {
    this.jobs[lane]!.crashes++;
    if (from === 'death' && record.input !== null) this.quarantine(record.input);
  }

  positions(lanes: readonly LaneState[]): readonly number[] {
    return this.jobs.map((job, lane) => job.before + (lanes[lane]?.execs ?? 0));
  }

  status(lanes: readonly LaneState[]): CoverageStatus {
    const now = Date.now();
    const jobs = this.jobs.map((job, lane): JobStatus => {
      const execs = lanes[lane]?.execs ?? 0;
      if (now - job.rate.t >= 1000) job.rate = { t: now, execs, perSecond: ((execs - job.rate.execs) * 1000) / (now - job.rate.t) };
      const s = job.stats;
      return { execs, execsPerSecond: job.rate.perSecond, edges: s?.edges ?? 0, corpus: s?.corpus ?? 0, crashes: job.crashes };
    });
    return {
      counters: Math.max(0, ...this.jobs.map((j) => j.stats?.counters ?? 0)),
      edges: Math.max(0, ...jobs.map((j) => j.edges)),
      corpus: this.corpusBefore + this.added,
      jobs,
    };
  }

  summary(lanes: readonly LaneState[]): ModeSummary {
    const best = this.jobs.reduce<CoverageStats | undefined>(
      (a, { stats: s }) => (s !== undefined && (a === undefined || s.edges > a.edges) ? s : a),
      undefined,
    );
    const coverage: CoverageSummary = {
      counters: best?.counters ?? 0,
      edges: best?.edges ?? 0,
      initialEdges: this.initial?.initialEdges ?? 0,
      features: best?.features ?? 0,
      initialFeatures: this.initial?.initialFeatures ?? 0,
      corpusBefore: this.corpusBefore,
      corpus: corpusSize(this.plan.corpusRoot, this.plan.targetName),
      added: this.added,
      learnedTokens: this.learned.size,
      learned: [...this.learned].map((hex) => formatToken(Buffer.from(hex, 'hex'))),
      jobs: this.status(lanes).jobs,
    };
    return { coverage };
  }

  /** A crashing input is skipped by every later child; a queue entry that crashes leaves the queue (its record keeps it). */
  private quarantine(input: CallInputJson): void {
    const hash = contentHash(input);
    this.skip.add(hash);
    fs.rmSync(queueEntryFile(this.plan.corpusRoot, this.plan.targetName, input.fn, hash), { force: true });
  }
}
