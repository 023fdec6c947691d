import fs from 'node:fs';
import path from 'node:path';
import type { AloneResult } from '../../engine/stress/differential.js';
import { STRESS_BURST, STRESS_ROUNDS } from '../../engine/stress/stress-loop.js';
import { parseScoutResults, unpackScoutIndex, type AloneEntry, type ScoutRange } from '../../engine/stress/stress-protocol.js';
import type { EngineMessage } from '../../engine/protocol.js';
import type { SlotRecord } from '../../engine/flight-recorder.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { FindingsBook } from '../capture/findings-book.js';
import {
  faultError,
  isolate,
  loadCrashError,
  pickObvious,
  type CampaignConfig,
  type CampaignProgress,
  type CampaignResult,
} from './campaign.js';
import { captureDeath, captureFinding, triageEnd } from '../capture/crash-capture.js';
import { inflightOf, latestOf, replayWork, runChild } from '../child/engine-setup.js';
import type { InflightInput } from '../../store/crash-record.js';
import type { Triage } from '../capture/triage/classify.js';
import type { EngineEnd } from '../child/run-engine.js';
import { Standby } from '../child/standby.js';

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

/**
 * A stress campaign (`--mode stress`), a drop-in for runCampaign. Each cycle:
 *   1. a one-thread scout child runs the next bursts' inputs of every thread's stream alone, with
 *      the sequential oracles. An input that crashes alone is an ordinary finding, recorded and
 *      isolated as in property mode, and left out; the scout restarts past it (cheap: one thread);
 *   2. the stress child runs the screened inputs on `threads` threads released together, in
 *      bursts, and compares every call with its result alone. Anything that fails there failed
 *      only because other threads were calling the library: a race.
 * Budget: `runs` counts inputs (each runs alone once, then together `rounds` times); `execs`
 * counts native calls.
 */
export async function runStressCampaign(config: CampaignConfig): Promise<CampaignResult> {
  const { setup, threads, events } = config;
  const size = config.stress?.burst ?? STRESS_BURST;
  const rounds = config.stress?.rounds ?? STRESS_ROUNDS;
  const started = Date.now();
  const deadline = config.durationMs === null ? null : started + config.durationMs;
  const share = config.runs === null ? null : Math.ceil(config.runs / threads);
  const ends = Array.from({ length: threads }, (_, w) =>
    config.runs === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.min(share!, config.runs - w * share!)),
  );
  const positions = Array.from({ length: threads }, (_, w) => config.startAt?.[w] ?? 0);
  const screened = Array.from({ length: threads }, () => new Map<number, AloneResult>());
  const crashed = Array.from({ length: threads }, () => new Set<number>());
  const book = new FindingsBook(config.locate, events);
  const findings = book.findings;
  let execsBefore = 0;
  let liveExecs = 0;
  let restarts = 0;
  let peakRssMb = 0;
  let lastReport = 0;
  let scouts = 0;
  const beforeDeadline = () => deadline === null || Date.now() < deadline;

  const progress = (): CampaignProgress => ({
    execs: execsBefore + liveExecs,
    elapsedMs: Date.now() - started,
    restarts,
    buckets: findings.size,
    positions: [...positions],
  });
  const store = (record: CrashRecord): void => book.store(record);
  const onMessage = (m: EngineMessage): void => {
    if (m.type === 'finding') store(captureFinding(config.capture, config.locate, m.finding));
  };
  const onTick = (calls: readonly number[]): void => {
    liveExecs = calls.reduce((a, b) => a + b, 0);
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      events.progress(progress());
    }
  };
  // The scout restarts after every input that crashes alone: it runs on a warm standby child.
  const standby = new Standby(setup);
  const run = async (count: number, work: Parameters<typeof runChild>[2]): Promise<{ end: EngineEnd; slots: SlotRecord[] }> => {
    const child =
      work.kind === 'scout' ? await standby.run(work, onMessage, onTick) : await runChild(setup, count, work, onMessage, { onTick });
    execsBefore += liveExecs;
    liveExecs = 0;
    peakRssMb = Math.max(peakRssMb, child.end.peakRssMb);
    if (child.end.how === 'fault') throw faultError(child.end);
    return child;
  };
  // A death of the scout is a property-mode death (one thread: its input is the culprit). A death
  // of the stress child ran only inputs that survived alone: each thread's latest input is
  // replayed alone to be sure, and if none dies the same way the record is the concurrent set.
  const onDeath = async (end: EngineEnd, slots: readonly SlotRecord[], together: boolean): Promise<void> => {
    const inflight = inflightOf(slots);
    if (inflight.length === 0 && slots.every((s) => s.calls === 0)) throw loadCrashError(end);
    // A burst's calls end together: corruption they caused often surfaces just after they return.
    const triage = triageEnd(end, { inflight: together ? latestOf(slots) : inflight, spec: config.capture.spec });
    const known = findings.has(triage.id);
    if (!together) {
      const { culprit, concurrent } = known
        ? { culprit: pickObvious(end, inflight), concurrent: false }
        : await isolate(setup, end, triage, inflight);
      store(captureDeath(config.capture, config.locate, end, triage, inflight, culprit, concurrent));
    } else {
      const set = latestOf(slots);
      const { culprit, concurrent } = known || end.oom ? { culprit: null, concurrent: !end.oom } : await isolateAlone(set, triage);
      store(captureDeath(config.capture, config.locate, end, triage, concurrent ? set : inflight, culprit, concurrent));
    }
    restarts++;
  };
  const isolateAlone = async (
    set: readonly InflightInput[],
    triage: Triage,
  ): Promise<{ culprit: InflightInput | null; concurrent: boolean }> => {
    const { threads: one, work } = replayWork(
      set.map((i) => i.input),
      false,
    );
    const replay = await runChild(setup, one, work, () => undefined);
    if (replay.end.how !== 'died' || triageEnd(replay.end).id !== triage.id) return { culprit: null, concurrent: true };
    const died = replay.slots[0];
    return { culprit: died === undefined ? null : (set[died.streamIndex] ?? null), concurrent: false };
  };
  /** Screened inputs of stream w in its resolved prefix. */
  const screenedFrom = (w: number): number => {
    let n = 0;
    for (let i = positions[w]!; screened[w]!.has(i) || crashed[w]!.has(i); i++) if (screened[w]!.has(i)) n++;
    return n;
  };
  /** First index of stream w from `from` on that the scout has not resolved (screened or crashed). */
  const unresolved = (w: number, from: number): number => {
    let i = from;
    while (screened[w]!.has(i) || crashed[w]!.has(i)) i++;
    return i;
  };

  // 1. Scout [positions, targets) of every stream, until all is screened, or every stream has a
  //    few screened inputs and the scouting slice is over.
  const scout = async (targets: readonly number[]): Promise<void> => {
    const sliceEnd = Math.min(deadline ?? Number.POSITIVE_INFINITY, Date.now() + SCOUT_SLICE_MS);
    const enough = () => targets.every((t, w) => screenedFrom(w) >= Math.min(MIN_READY, t - positions[w]!));
    while (beforeDeadline() && (Date.now() < sliceEnd || !enough())) {
      const from = targets.map((_, w) => unresolved(w, positions[w]!));
      // The least screened stream first: a scout that dies every few inputs still advances all of them.
      const ranges = targets
        .map(
          (to, stream): ScoutRange => ({
            stream,
            start: from[stream]!,
            end: to,
            skip: [...crashed[stream]!].filter((i) => i >= from[stream]! && i < to),
          }),
        )
        .filter((r) => r.start < r.end)
        .sort((a, b) => screenedFrom(a.stream) - screenedFrom(b.stream) || a.stream - b.stream);
      if (ranges.length === 0) return;
      const resultsPath = path.join(setup.workDir, `scout-${process.pid}-${++scouts}.jsonl`);
      fs.writeFileSync(resultsPath, '');
      const child = await run(1, { kind: 'scout', ranges, deadline: Math.max(sliceEnd, Date.now() + 1000), resultsPath });
      for (const { stream, index, alone } of parseScoutResults(fs.readFileSync(resultsPath, 'utf8'))) screened[stream]?.set(index, alone);
      fs.rmSync(resultsPath, { force: true });
      const { end, slots } = child;
      if (end.how === 'finished') continue;
      const slot = slots[0];
      const where = slot === undefined || slot.calls === 0 ? undefined : unpackScoutIndex(slot.streamIndex);
      if (where !== undefined) crashed[where.stream]!.add(where.index);
      // The scout's one slot ran every stream: name the input by its stream (thread) and index.
      const named = where === undefined ? end : { ...end, hungWorker: end.hungWorker === null ? null : where.stream };
      await onDeath(named, where === undefined ? slots : [{ ...slot!, slot: where.stream, streamIndex: where.index }], false);
    }
  };

  // 2. Run the screened inputs together until done, restarting past each death.
  const stress = async (lists: AloneEntry[][]): Promise<void> => {
    while (lists.some((l) => l.length > 0) && beforeDeadline()) {
      const alone = lists.map((list, w) => {
        const file = path.join(setup.workDir, `alone-${process.pid}-${scouts}-${w}.json`);
        fs.writeFileSync(file, JSON.stringify(list));
        return file;
      });
      const { end, slots } = await run(threads, {
        kind: 'generate',
        starts: [...positions],
        ends: ends.map((e) => (Number.isFinite(e) ? e : null)),
        deadline,
        stress: { burst: size, rounds, alone },
      });
      for (const file of alone) fs.rmSync(file, { force: true });
      if (end.how === 'finished') return;
      for (const s of slots) if (s.calls > 0) lists[s.slot] = lists[s.slot]!.filter((e) => e.index > s.streamIndex);
      await onDeath(end, slots, true);
    }
  };

  try {
    while (positions.some((p, w) => p < ends[w]!) && beforeDeadline()) {
      const targets = positions.map((p, w) => Math.min(ends[w]!, p + BURSTS_PER_CYCLE * size));
      await scout(targets);
      // What is resolved, in order from each position: the screened inputs run together.
      const lists = positions.map((p, w) => {
        const stop = unresolved(w, p);
        const list: AloneEntry[] = [];
        for (let i = p; i < stop; i++) if (screened[w]!.has(i)) list.push({ index: i, alone: screened[w]!.get(i)! });
        return { list, stop };
      });
      if (lists.every(({ stop }, w) => stop === positions[w])) break; // the scout made no progress (deadline)
      await stress(lists.map(({ list }) => list));
      lists.forEach(({ stop }, w) => {
        for (let i = positions[w]!; i < stop; i++) screened[w]!.delete(i);
        positions[w] = stop;
      });
    }
  } finally {
    await standby.close();
  }
  book.flush();
  events.progress(progress());
  return { ...progress(), findings, peakRssMb };
}
