import fs from 'node:fs';
import path from 'node:path';
import type { GenerateWork } from '../../engine/protocol.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import { STRESS_BURST, STRESS_ROUNDS } from '../../engine/stress/stress-loop.js';
import { parseScoutResults, unpackScoutIndex, type AloneEntry, type ScoutWork } from '../../engine/stress/stress-protocol.js';
import type { ChildDeath } from '../child/child-end.js';
import { inflightOf, latestOf } from '../child/inflight.js';
import { sharesOf } from './campaign-budget.js';
import type { CampaignMode, DeathReport, LaneState, Life } from './campaign-mode.js';
import { Screening } from './stress-screening.js';

/** Longest one scout child runs (it then reports, and the cycle decides whether to go on scouting). */
const SCOUT_SLICE_MS = 4000;
/** Bursts screened ahead per cycle: the stress child's start (all its threads) is spread over them. */
const BURSTS_PER_CYCLE = 64;
/**
 * A target that crashes alone on many inputs screens slowly (a scout restart per crash). The
 * stress child starts as soon as every thread has this many screened inputs, rather than waiting
 * for the whole cycle.
 */
const MIN_READY = 4;

/** How stress mode runs its bursts. */
export interface StressPlan {
  /** Inputs each thread runs per burst, all threads released together. @defaultValue STRESS_BURST */
  readonly burst?: number;
  /** Times each burst runs together. @defaultValue STRESS_ROUNDS */
  readonly rounds?: number;
}

/** One cycle: scout ahead to `targets`, then run what was screened together. */
interface Cycle {
  readonly targets: readonly number[];
  readonly sliceEnd: number;
  /** Set when scouting is over: each stream's screened inputs, and where its resolved run stops. */
  together?: { lists: AloneEntry[][]; stops: number[]; files: string[]; finished: boolean };
}

/**
 * Stress mode (`--mode stress`). Each cycle:
 *   1. a one-thread scout child runs the next bursts' inputs of every thread's stream alone, with
 *      the sequential oracles. An input that crashes alone is an ordinary finding, recorded and
 *      isolated as in property mode, and left out; the scout restarts past it (cheap: one thread);
 *   2. the stress child runs the screened inputs on `threads` threads released together, in
 *      bursts, and compares every call with its result alone. Anything that fails there failed
 *      only because other threads were calling the library: a race. Results are compared only for
 *      functions the scout learned are pure (engine/statefulness.ts): a stateful function's result
 *      legitimately depends on the other threads' calls; its calls are judged by every other oracle.
 * Budget: `runs` counts inputs (each runs alone once, then together `rounds` times); `execs`
 * counts native calls. Positions are each thread's first input not yet run together.
 */
export class StressMode implements CampaignMode {
  readonly lanes = 1;
  private readonly ends: number[];
  private readonly at: number[];
  private readonly screening: Screening;
  private readonly burst: number;
  private readonly rounds: number;
  private cycle: Cycle | undefined;
  private scouts = 0;

  constructor(
    private readonly threads: number,
    runs: number | null,
    private readonly workDir: string,
    plan: StressPlan = {},
    startAt: readonly number[] = [],
  ) {
    this.ends = sharesOf(runs, threads).map((share) => share ?? Number.POSITIVE_INFINITY);
    this.at = Array.from({ length: threads }, (_, w) => startAt[w] ?? 0);
    this.screening = new Screening(threads);
    this.burst = plan.burst ?? STRESS_BURST;
    this.rounds = plan.rounds ?? STRESS_ROUNDS;
  }

  next(_lane: number, state: LaneState): Life | null {
    for (;;) {
      if (this.cycle === undefined) {
        if (!this.at.some((p, w) => p < this.ends[w]!)) return null;
        const targets = this.at.map((p, w) => Math.min(this.ends[w]!, p + BURSTS_PER_CYCLE * this.burst));
        this.cycle = { targets, sliceEnd: Math.min(state.deadline ?? Number.POSITIVE_INFINITY, Date.now() + SCOUT_SLICE_MS) };
      }
      const cycle = this.cycle;
      if (cycle.together === undefined) {
        const scout = this.scoutLife(cycle);
        if (scout !== null) return scout;
        const resolved = this.screening.resolved(this.at);
        if (resolved.every(({ stop }, w) => stop === this.at[w])) return null; // the scout made no progress (deadline)
        cycle.together = { lists: resolved.map((r) => r.list), stops: resolved.map((r) => r.stop), files: [], finished: false };
      }
      const together = cycle.together;
      if (!together.finished && together.lists.some((l) => l.length > 0)) return this.togetherLife(together, state);
      together.stops.forEach((stop, w) => {
        this.screening.forget(w, this.at[w]!, stop);
        this.at[w] = stop;
      });
      this.cycle = undefined;
    }
  }

  finished(_lane: number, life: Life): void {
    if (life.work.kind === 'scout') this.readScout(life.work);
    else this.endTogether().finished = true;
  }

  /**
   * A death of the scout is a property-mode death (one thread: its input is the culprit). A death
   * of the stress child ran only inputs that survived alone: the set of every thread's latest
   * input is the finding, unless one of them now fails alone.
   */
  died(_lane: number, life: Life, death: ChildDeath, slots: readonly SlotRecord[]): DeathReport {
    if (life.work.kind === 'scout') {
      this.readScout(life.work);
      const slot = slots[0];
      const where = slot === undefined || slot.calls === 0 ? undefined : unpackScoutIndex(slot.streamIndex);
      if (slot === undefined || where === undefined) return { death, inflight: inflightOf(slots), suspects: { kind: 'alone' } };
      this.screening.crash(where.stream, where.index);
      // The scout's one slot ran every stream: name the input by its stream (thread) and index.
      const named = { ...death, hungWorker: death.hungWorker === null ? null : where.stream };
      return {
        death: named,
        inflight: inflightOf([{ ...slot, slot: where.stream, streamIndex: where.index }]),
        suspects: { kind: 'alone' },
      };
    }
    const together = this.endTogether();
    for (const s of slots) if (s.calls > 0) together.lists[s.slot] = together.lists[s.slot]!.filter((e) => e.index > s.streamIndex);
    return { death, inflight: inflightOf(slots), suspects: { kind: 'together', set: latestOf(slots) } };
  }

  positions(): readonly number[] {
    return [...this.at];
  }

  /** The next scout life, or null when scouting this cycle is over: all screened, or enough and the slice is spent. */
  private scoutLife(cycle: Cycle): Life | null {
    const enough = cycle.targets.every((t, w) => this.screening.screenedFrom(w, this.at[w]!) >= Math.min(MIN_READY, t - this.at[w]!));
    if (Date.now() >= cycle.sliceEnd && enough) return null;
    const ranges = this.screening.ranges(this.at, cycle.targets);
    if (ranges.length === 0) return null;
    const resultsPath = path.join(this.workDir, `scout-${process.pid}-${++this.scouts}.jsonl`);
    fs.writeFileSync(resultsPath, '');
    const work: ScoutWork = { kind: 'scout', ranges, deadline: Math.max(cycle.sliceEnd, Date.now() + 1000), resultsPath };
    return { threads: 1, work };
  }

  /** The stress child's life: every thread's screened inputs, each thread's list in a file of its own. */
  private togetherLife(together: NonNullable<Cycle['together']>, state: LaneState): Life {
    together.files = together.lists.map((list, w) => {
      const file = path.join(this.workDir, `alone-${process.pid}-${this.scouts}-${w}.json`);
      fs.writeFileSync(file, JSON.stringify(list));
      return file;
    });
    const work: GenerateWork = {
      kind: 'generate',
      starts: [...this.at],
      ends: this.ends.map((e) => (Number.isFinite(e) ? e : null)),
      deadline: state.deadline,
      // Results compared only for what the scouts learned pure (a stateful verdict of any scout wins).
      stress: {
        burst: this.burst,
        rounds: this.rounds,
        alone: together.files,
        compared: Object.keys(state.learned).filter((fn) => state.learned[fn] === 'pure'),
      },
    };
    return { threads: this.threads, work };
  }

  private endTogether(): NonNullable<Cycle['together']> {
    const together = this.cycle?.together;
    if (together === undefined) throw new Error('a stress life ended outside the stress phase of a cycle');
    for (const file of together.files) fs.rmSync(file, { force: true });
    return together;
  }

  /** What the scout screened, from its results file (written call by call: a death loses nothing). */
  private readScout(work: ScoutWork): void {
    for (const { stream, index, alone } of parseScoutResults(fs.readFileSync(work.resultsPath, 'utf8'))) {
      this.screening.screen(stream, index, alone);
    }
    fs.rmSync(work.resultsPath, { force: true });
  }
}
