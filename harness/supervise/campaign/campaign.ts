import type { EngineFinding, EngineMessage, GenerateWork, StressSettings } from '../../engine/protocol.js';
import type { CrashRecord, InflightInput } from '../../store/crash-record.js';
import { FindingsBook } from '../capture/findings-book.js';
import { captureDeath, captureFinding, triageEnd, type CaptureContext, type RecordLocator } from '../capture/crash-capture.js';
import { WarmRunner } from '../child/warm-runner.js';
import { FreshRunner } from '../child/fresh-runner.js';
import { replayWork, type EngineSetup } from '../child/engine-setup.js';
import { inflightOf } from '../child/inflight.js';
import { startError, type ChildDeath } from '../child/child-end.js';
import type { Triage } from '../capture/triage/classify.js';
import { concatSequences } from '../../engine/handle-refs.js';
import type { CoverageStatus } from '../../report/coverage-status.js';

/** A campaign's budget and where its findings go. */
export interface CampaignConfig {
  readonly setup: EngineSetup;
  readonly threads: number;
  /** Total calls across threads and restarts; null = until the deadline. */
  readonly runs: number | null;
  readonly durationMs: number | null;
  readonly capture: CaptureContext;
  readonly locate: RecordLocator;
  readonly events: CampaignEvents;
  /** Stream position of each worker to start from (a resumed checkpoint); 0 when absent. */
  readonly startAt?: readonly number[];
  /** Stress mode (stress-campaign.ts): how the bursts run. */
  readonly stress?: StressSettings;
}

export interface CampaignEvents {
  /** A finding was stored (`isNew`: its bucket was not seen before in this campaign). */
  readonly finding: (record: CrashRecord, file: string, isNew: boolean) => void;
  readonly progress: (progress: CampaignProgress) => void;
  readonly warn: (line: string) => void;
}

export interface CampaignProgress {
  readonly execs: number;
  readonly elapsedMs: number;
  readonly restarts: number;
  readonly buckets: number;
  /** Where each worker would resume: its next stream index (an input in flight runs again). */
  readonly positions: readonly number[];
  /** Coverage mode (coverage-campaign.ts): edges, corpus, per-job rates. */
  readonly coverage?: CoverageStatus;
}

export interface CampaignResult extends CampaignProgress {
  readonly findings: ReadonlyMap<string, { readonly record: CrashRecord; readonly file: string }>;
  readonly peakRssMb: number;
}

/**
 * Runs a campaign: starts the engine child on its share of the input streams, turns each death
 * and each oracle failure into a record, deduplicates by signature, and restarts the child past
 * the inputs that were in flight, until the run budget or the deadline is spent.
 */
export async function runCampaign(config: CampaignConfig): Promise<CampaignResult> {
  const { setup, threads, events } = config;
  const started = Date.now();
  const deadline = config.durationMs === null ? null : started + config.durationMs;
  const share = config.runs === null ? null : Math.ceil(config.runs / threads);
  const ends = Array.from({ length: threads }, (_, w) =>
    config.runs === null ? null : Math.max(0, Math.min(share!, config.runs - w * share!)),
  );
  const starts = Array.from({ length: threads }, (_, w) => config.startAt?.[w] ?? 0);
  const book = new FindingsBook(config.locate, events);
  const findings = book.findings;
  let execsBefore = 0;
  let restarts = 0;
  let peakRssMb = 0;
  let liveExecs = 0;
  let liveCalls: readonly number[] = [];

  const progress = (): CampaignProgress => ({
    execs: execsBefore + liveExecs,
    elapsedMs: Date.now() - started,
    restarts,
    buckets: findings.size,
    positions: starts.map((s, w) => s + Math.max(0, (liveCalls[w] ?? 0) - 1)),
  });
  const store = (record: CrashRecord): void => book.store(record);
  const onFinding = (finding: EngineFinding) => store(captureFinding(config.capture, config.locate, finding));

  let lastReport = 0;
  const remaining = () => ends.some((end, w) => end === null || starts[w]! < end);
  const onMessage = (m: EngineMessage) => {
    if (m.type === 'finding') onFinding(m.finding);
  };
  const onTick = (calls: readonly number[]) => {
    liveExecs = calls.reduce((a, b) => a + b, 0);
    liveCalls = calls;
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      events.progress(progress());
    }
  };
  // One thread restarts on a warm spare child; several threads start afresh (worker threads are per process).
  const runner = threads === 1 ? new WarmRunner(setup) : new FreshRunner(setup, threads);
  try {
    while (remaining() && (deadline === null || Date.now() < deadline)) {
      const work: GenerateWork = { kind: 'generate', starts: [...starts], ends, deadline };
      const { end, slots } = await runner.run(work, { message: onMessage, tick: onTick });
      execsBefore += liveExecs;
      liveExecs = 0;
      liveCalls = [];
      peakRssMb = Math.max(peakRssMb, end.peakRssMb);
      if (end.how === 'fault') throw end.error;
      if (end.how === 'finished') {
        for (const [w, n] of end.next.entries()) starts[w] = n;
        break;
      }
      const death = end.death;
      // Died: every slot resumes after its last input (the in-flight ones are the finding's).
      for (const s of slots) if (s.calls > 0) starts[s.slot] = Math.max(starts[s.slot]!, s.streamIndex + 1);
      const inflight = inflightOf(slots);
      if (inflight.length === 0 && slots.every((s) => s.calls === 0)) throw startError(death);
      const triage = triageEnd(death, { inflight, spec: config.capture.spec });
      const { culprit, concurrent } = findings.has(triage.id)
        ? { culprit: pickObvious(death, inflight), concurrent: false }
        : await isolate(setup, death, triage, inflight);
      store(captureDeath(config.capture, config.locate, death, triage, inflight, culprit, concurrent));
      restarts++;
    }
  } finally {
    await runner.close();
  }
  book.flush();
  events.progress(progress());
  return { ...progress(), findings, peakRssMb };
}

/** The culprit without running anything: the hung slot, or the only input in flight. */
export function pickObvious(end: ChildDeath, inflight: readonly InflightInput[]): InflightInput | null {
  if (end.hungWorker !== null) return inflight.find((i) => i.worker === end.hungWorker) ?? null;
  return inflight.length === 1 ? inflight[0]! : null;
}

/**
 * Finds which in-flight input reproduces a new crash alone: replays them one after another in a
 * fresh child; the one it dies on, with the same signature, is the culprit. If none does, the
 * crash needs them together (a race): the record keeps the whole set, marked concurrent.
 */
export async function isolate(
  setup: EngineSetup,
  end: ChildDeath,
  triage: Triage,
  inflight: readonly InflightInput[],
): Promise<{ culprit: InflightInput | null; concurrent: boolean }> {
  const obvious = pickObvious(end, inflight);
  if (obvious !== null || end.oom) return { culprit: obvious, concurrent: false };
  // A call sequence replays with its prefix, its handle references moved to where it lands in the list.
  const { calls, owner } = concatSequences(inflight.map((i) => [...(i.preceding ?? []), i.input]));
  const { threads, work } = replayWork(calls, false);
  const replay = await new FreshRunner(setup, threads).run(work, { message: () => undefined });
  if (replay.end.how !== 'died') return { culprit: null, concurrent: true };
  const died = replay.slots[0];
  const same = triageEnd(replay.end.death).id === triage.id;
  return same && died !== undefined
    ? { culprit: inflight[owner[died.streamIndex] ?? -1] ?? null, concurrent: false }
    : { culprit: null, concurrent: true };
}
