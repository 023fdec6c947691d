import { addStats, emptyStats, type CallStats } from '../../engine/call-stats-reader.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { KnownVerdicts } from '../../engine/statefulness.js';
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
  /**
   * Stops the campaign early: when it fires, no lane starts another life and the life in flight
   * (whose children the runners started with its signal) is not interpreted; the loop fires it
   * itself on a fault, so the children stop at once. Absent: only the deadline and the mode stop it.
   */
  readonly stop?: AbortController;
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
  /** Per function, what the campaign's lives did: calls, error returns, values, skipped calls (replays not included). */
  readonly stats: CallStats;
  /** What the mode adds to the run summary. */
  readonly summary: ModeSummary;
}

/** How often progress is reported while lives run. */
const PROGRESS_MS = 1000;

/**
 * Runs a campaign: the mode's lanes in parallel, each a sequence of child lives, until every lane
 * is out of work, the deadline passes or `stop` fires (then it returns what it found so far).
 * Every death and oracle failure becomes a record, deduplicated by signature; a harness fault
 * (also one raised while a record or the progress is written: a full disk) stops every lane and
 * is thrown.
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
  /** Functions of a guessed contract that have a finding (LaneState.setAside). */
  private readonly setAside = new Set<string>();
  private readonly lanes: LaneCounters[];
  private restarts = 0;
  private peakRssMb = 0;
  private stats: CallStats | undefined;
  private lastReport = 0;
  /** The first fault; set, it stops every lane. */
  private fault: unknown = undefined;
  private readonly stop: AbortController;

  constructor(
    private readonly mode: CampaignMode,
    private readonly config: CampaignConfig,
  ) {
    this.deadline = deadlineOf(this.started, config.durationMs);
    this.book = new FindingsBook(config.locate, config.events);
    this.lanes = Array.from({ length: mode.lanes }, () => ({ lives: 0, done: 0, live: [] }));
    this.stop = config.stop ?? new AbortController();
  }

  async run(): Promise<CampaignResult> {
    await Promise.all(this.lanes.map((_, lane) => this.runLane(lane)));
    this.guard(() => this.book.flush());
    const final = this.progress();
    this.guard(() => this.config.events.progress(final));
    if (this.fault !== undefined) throw this.fault;
    return {
      ...final,
      findings: this.book.findings,
      peakRssMb: this.peakRssMb,
      stats: this.stats ?? emptyStats([]),
      summary: this.mode.summary?.(this.states()) ?? {},
    };
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
      while (!this.stop.signal.aborted && (this.deadline === null || Date.now() < this.deadline)) {
        const life = this.mode.next(lane, this.state(lane));
        if (life === null) return;
        const run = await runner(life.threads).run(life.work, this.listener(lane));
        this.settle(lane, run);
        // A life the stop ended died by our hand, not the target's: it is counted, not recorded.
        if (this.stop.signal.aborted) return;
        await this.ended(lane, life, run, runner(1));
      }
    } catch (error) {
      this.fail(error);
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
    // A burst's corruption often surfaces after its calls returned: every thread's latest call names it.
    const context = { inflight: report.suspects.kind === 'together' ? report.suspects.set : report.inflight, spec: capture.spec };
    const first = triageEnd(report.death, context);
    const blame = await findCulprit(report, first, this.book.findings.has(first.id), replay, context);
    const signed = await this.retriage.of(report.death, first, blame.culprit, replay);
    this.store(lane, captureDeath(capture, locate, signed.death, signed.triage, blame.inflight, blame.culprit, blame.concurrent), 'death');
  }

  private listener(lane: number): ChildListener {
    const { capture, locate } = this.config;
    // These run in the child's event handlers: what they throw must stop the campaign, not the process.
    return {
      message: (m) =>
        this.guard(() => {
          if (m.type === 'finding') this.store(lane, captureFinding(capture, locate, m.finding), 'oracle');
          else this.mode.message?.(lane, m);
        }),
      tick: (calls) =>
        this.guard(() => {
          this.lanes[lane]!.live = calls;
          if (Date.now() - this.lastReport < PROGRESS_MS) return;
          this.lastReport = Date.now();
          this.config.events.progress(this.progress());
        }),
    };
  }

  /** Runs `body`; a fault it raises stops the campaign (every lane, every child) and is thrown by `run`. */
  private guard(body: () => void): void {
    try {
      body();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The first fault wins; the other lanes start no new life and the children in flight are stopped. */
  private fail(error: unknown): void {
    this.fault ??= error;
    this.stop.abort(error);
  }

  private store(lane: number, record: CrashRecord, from: 'death' | 'oracle'): void {
    this.book.store(record);
    this.mode.recorded?.(lane, record, from);
    const fn = record.function;
    if (record.contractUnknown === undefined || fn === null || this.setAside.has(fn)) return;
    this.setAside.add(fn);
    this.config.events.warn(
      `${fn} set aside for the rest of the campaign: its contract is unknown and it has a finding, so nothing more it does can be judged (a spec lets it be fuzzed further)`,
    );
  }

  /** A life ended: its calls join the lane's total, its call statistics the campaign's. */
  private settle(lane: number, run: ChildRun): void {
    this.stats = this.stats === undefined ? run.stats : addStats(this.stats, run.stats);
    const counters = this.lanes[lane]!;
    counters.done += counters.live.reduce((a, b) => a + b, 0);
    counters.live = [];
    counters.lives++;
    this.peakRssMb = Math.max(this.peakRssMb, run.end.peakRssMb);
  }

  private state(lane: number): LaneState {
    const { lives, done, live } = this.lanes[lane]!;
    const execs = done + live.reduce((a, b) => a + b, 0);
    return { lives, execs, live, deadline: this.deadline, learned: this.learned(), setAside: [...this.setAside] };
  }

  /** The verdicts the lives so far reached (a stateful one from any life wins: call-stats-reader.ts). */
  private learned(): KnownVerdicts {
    const verdicts: Record<string, 'pure' | 'stateful'> = {};
    for (const f of this.stats?.functions ?? []) if (f.learned !== 'unknown') verdicts[f.name] = f.learned;
    return verdicts;
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
