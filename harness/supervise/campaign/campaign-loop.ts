import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { CoverageStatus } from '../../report/coverage-status.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { captureDeath, captureFinding, triageEnd, type CaptureContext, type RecordLocator } from '../capture/crash-capture.js';
import { FindingsBook } from '../capture/findings-book.js';
import { startError, type ChildDeath } from '../child/child-end.js';
import type { ChildListener, ChildRun, ChildRunner, OpenRunner } from '../child/child-runner.js';
import { deadlineOf } from './campaign-budget.js';
import type { CampaignMode, LaneState, Life, ModeSummary } from './campaign-mode.js';
import { findCulprit } from './culprit.js';
import { Retriage } from './retriage.js';

/** Where a campaign's children come from, how long it runs, and where its findings go. */
export interface CampaignConfig {
  /** Child runners by thread count (supervise/child/warm-runner.ts `openRunners`; a fake in unit tests). */
  readonly open: OpenRunner;
  /** Wall-clock budget of this session; null = until the mode runs out of work. */
  readonly durationMs: number | null;
  readonly capture: CaptureContext;
  readonly locate: RecordLocator;
  readonly events: CampaignEvents;
}

export interface CampaignEvents {
  /** A finding was stored (`isNew`: its bucket was not seen before in this campaign). */
  readonly finding: (record: CrashRecord, file: string, isNew: boolean) => void;
  /** About once a second, and once at the end. */
  readonly progress: (progress: CampaignProgress) => void;
  readonly warn: (line: string) => void;
}

export interface CampaignProgress {
  readonly execs: number;
  readonly elapsedMs: number;
  readonly restarts: number;
  readonly buckets: number;
  /** Where the campaign would resume (the mode's positions; the checkpoint keeps them). */
  readonly positions: readonly number[];
  /** Coverage mode: edges, corpus, per-job rates. */
  readonly coverage?: CoverageStatus;
}

export interface CampaignResult extends CampaignProgress {
  readonly findings: ReadonlyMap<string, { readonly record: CrashRecord; readonly file: string }>;
  readonly peakRssMb: number;
  /** What the mode adds to the run summary. */
  readonly summary: ModeSummary;
}

/** How often progress is reported while lives run. */
const PROGRESS_MS = 1000;

/**
 * Runs a campaign: the mode's lanes in parallel, each a sequence of child lives, until every lane
 * is out of work or the deadline passes. Every death and oracle failure becomes a record,
 * deduplicated by signature; a harness fault stops every lane and is thrown.
 */
export function runCampaign(mode: CampaignMode, config: CampaignConfig): Promise<CampaignResult> {
  return new CampaignLoop(mode, config).run();
}

/** One lane's counters. */
interface LaneCounters {
  lives: number;
  /** Calls of the lane's ended lives. */
  done: number;
  /** Calls per slot of the life running now. */
  live: readonly number[];
}

class CampaignLoop {
  private readonly started = Date.now();
  private readonly deadline: number | null;
  private readonly book: FindingsBook;
  private readonly retriage = new Retriage();
  private readonly lanes: LaneCounters[];
  private restarts = 0;
  private peakRssMb = 0;
  private lastReport = 0;
  private stopped = false;

  constructor(
    private readonly mode: CampaignMode,
    private readonly config: CampaignConfig,
  ) {
    this.deadline = deadlineOf(this.started, config.durationMs);
    this.book = new FindingsBook(config.locate, config.events);
    this.lanes = Array.from({ length: mode.lanes }, () => ({ lives: 0, done: 0, live: [] }));
  }

  async run(): Promise<CampaignResult> {
    await Promise.all(this.lanes.map((_, lane) => this.runLane(lane)));
    this.book.flush();
    const final = this.progress();
    this.config.events.progress(final);
    return { ...final, findings: this.book.findings, peakRssMb: this.peakRssMb, summary: this.mode.summary?.(this.states()) ?? {} };
  }

  /** One lane: lives one after another, on a runner per thread count, closed when the lane ends. */
  private async runLane(lane: number): Promise<void> {
    const runners = new Map<number, ChildRunner>();
    const runner = (threads: number): ChildRunner => {
      const open = runners.get(threads) ?? this.config.open(threads);
      runners.set(threads, open);
      return open;
    };
    try {
      while (!this.stopped && (this.deadline === null || Date.now() < this.deadline)) {
        const life = this.mode.next(lane, this.state(lane));
        if (life === null) return;
        const run = await runner(life.threads).run(life.work, this.listener(lane));
        this.settle(lane, run);
        await this.ended(lane, life, run, runner(1));
      }
    } catch (error) {
      // A harness fault ends the campaign: the other lanes start no new life.
      this.stopped = true;
      throw error;
    } finally {
      await Promise.all([...runners.values()].map((r) => r.close()));
    }
  }

  private async ended(lane: number, life: Life, run: ChildRun, replay: ChildRunner): Promise<void> {
    const end = run.end;
    switch (end.how) {
      case 'fault':
        throw end.error;
      case 'finished':
        this.mode.finished(lane, life, end.next);
        return;
      case 'died':
        await this.died(lane, life, end.death, run.slots, replay);
        return;
      default: {
        const never: never = end;
        return never;
      }
    }
  }

  /**
   * A death: the mode says what it means, the culprit search whom to blame, a panic that printed no
   * backtrace is signed as a replay with one signs it (retriage.ts), the record is stored.
   */
  private async died(lane: number, life: Life, death: ChildDeath, slots: readonly SlotRecord[], replay: ChildRunner): Promise<void> {
    if (slots.every((s) => s.calls === 0)) throw startError(death);
    this.restarts++;
    const report = this.mode.died(lane, life, death, slots);
    const { capture, locate } = this.config;
    const first = triageEnd(report.death, { inflight: report.inflight, spec: capture.spec });
    const blame = await findCulprit(report, first, this.book.findings.has(first.id), replay);
    const signed = await this.retriage.of(report.death, first, blame.culprit, replay);
    this.store(lane, captureDeath(capture, locate, signed.death, signed.triage, blame.inflight, blame.culprit, blame.concurrent), 'death');
  }

  private listener(lane: number): ChildListener {
    const { capture, locate } = this.config;
    return {
      message: (m) => {
        if (m.type === 'finding') this.store(lane, captureFinding(capture, locate, m.finding), 'oracle');
        else this.mode.message?.(lane, m);
      },
      tick: (calls) => {
        this.lanes[lane]!.live = calls;
        if (Date.now() - this.lastReport < PROGRESS_MS) return;
        this.lastReport = Date.now();
        this.config.events.progress(this.progress());
      },
    };
  }

  private store(lane: number, record: CrashRecord, from: 'death' | 'oracle'): void {
    this.book.store(record);
    this.mode.recorded?.(lane, record, from);
  }

  /** A life ended: its calls join the lane's total. */
  private settle(lane: number, run: ChildRun): void {
    const counters = this.lanes[lane]!;
    counters.done += counters.live.reduce((a, b) => a + b, 0);
    counters.live = [];
    counters.lives++;
    this.peakRssMb = Math.max(this.peakRssMb, run.end.peakRssMb);
  }

  private state(lane: number): LaneState {
    const { lives, done, live } = this.lanes[lane]!;
    return { lives, execs: done + live.reduce((a, b) => a + b, 0), live, deadline: this.deadline };
  }

  private states(): LaneState[] {
    return this.lanes.map((_, lane) => this.state(lane));
  }

  private progress(): CampaignProgress {
    const states = this.states();
    const status = this.mode.status?.(states);
    return {
      execs: states.reduce((n, s) => n + s.execs, 0),
      elapsedMs: Date.now() - this.started,
      restarts: this.restarts,
      buckets: this.book.findings.size,
      positions: this.mode.positions(states),
      ...(status === undefined ? {} : { coverage: status }),
    };
  }
}
