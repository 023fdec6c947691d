import { concatSequences } from '../../engine/handle-refs.js';
import type { InflightInput } from '../../store/crash-record.js';
import { triageEnd } from '../capture/crash-capture.js';
import type { Triage } from '../capture/triage/classify.js';
import type { ChildDeath } from '../child/child-end.js';
import { IGNORE_MESSAGES, type ChildRunner } from '../child/child-runner.js';
import { replayWork } from '../child/engine-setup.js';
import type { DeathReport } from './campaign-mode.js';

/** What a death was triaged with: the inputs whose functions name a frameless death, and the spec. */
export type TriageContext = Parameters<typeof triageEnd>[1] & object;

/** Who a death's record blames, and which inputs it lists. */
export interface Blame {
  /** The input that reproduces the death alone (with its sequence prefix); null when none is known. */
  readonly culprit: InflightInput | null;
  /** No single input reproduces it: the record's inputs are a set that failed together. */
  readonly concurrent: boolean;
  /** The inputs the record lists. */
  readonly inflight: readonly InflightInput[];
}

/**
 * The one culprit search of every campaign mode. Without running anything when it can: a hang
 * blames the hung slot, a single input in flight blames itself, a known bucket or a memory death
 * needs no more. Otherwise the suspects are replayed one after another, alone, in a fresh child
 * (`replay`, one thread): the one it dies on with the same signature is the culprit. If none
 * does, the death needs them together (a race) and the record keeps the whole set.
 */
export async function findCulprit(
  report: DeathReport,
  triage: Triage,
  known: boolean,
  replay: ChildRunner,
  context: TriageContext,
): Promise<Blame> {
  const { death, inflight, suspects } = report;
  if (suspects.kind === 'together') {
    if (known || death.oom) return { culprit: null, concurrent: !death.oom, inflight: death.oom ? inflight : suspects.set };
    const alone = await replayAlone(suspects.set, triage, replay, context);
    return alone === null ? { culprit: null, concurrent: true, inflight: suspects.set } : { ...alone, concurrent: false, inflight };
  }
  const obvious = pickObvious(death, inflight);
  if (known || obvious !== null || death.oom) return { culprit: obvious, concurrent: false, inflight };
  const alone = await replayAlone(inflight, triage, replay, context);
  return alone === null ? { culprit: null, concurrent: true, inflight } : { ...alone, concurrent: false, inflight };
}

/** The culprit without running anything: the hung slot's input, or the only input in flight. */
export function pickObvious(death: ChildDeath, inflight: readonly InflightInput[]): InflightInput | null {
  if (death.hungWorker !== null) return inflight.find((i) => i.worker === death.hungWorker) ?? null;
  return inflight.length === 1 ? inflight[0]! : null;
}

/** Replays the suspects in order on one thread; null when the child does not die the same way. */
async function replayAlone(
  suspects: readonly InflightInput[],
  triage: Triage,
  replay: ChildRunner,
  context: TriageContext,
): Promise<{ culprit: InflightInput | null } | null> {
  // A call sequence replays with its prefix, its handle references moved to where it lands in the list.
  const { calls, owner } = concatSequences(suspects.map((i) => [...(i.preceding ?? []), i.input]));
  const { end, slots } = await replay.run(replayWork(calls, false).work, IGNORE_MESSAGES);
  if (end.how === 'fault') throw end.error;
  const died = slots[0];
  // Triaged as the campaign's death was (the same functions in flight), so a frameless death can match.
  if (end.how !== 'died' || died === undefined || triageEnd(end.death, context).id !== triage.id) return null;
  return { culprit: suspects[owner[died.streamIndex] ?? -1] ?? null };
}
