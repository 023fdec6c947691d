import type { GenerateWork } from '../../engine/protocol.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { ChildDeath } from '../child/child-end.js';
import { inflightOf } from '../child/inflight.js';
import { sharesOf } from './campaign-budget.js';
import type { CampaignMode, DeathReport, LaneState, Life } from './campaign-mode.js';

/**
 * Property mode (also the call sequences of a target with a lifecycle): `threads` engine threads
 * each walk their own seeded input stream, indexes [start, end) with the run budget split between
 * them. A death moves every thread past its last input (the ones in flight are the finding's) and
 * the next life starts there. Positions (and a checkpoint's) are each thread's next stream index.
 * With `feedsCorpus` (an auto campaign's property lane) the children also post the inputs that
 * reach new coverage of an instrumented library, for the coverage jobs to mutate.
 */
export class PropertyMode implements CampaignMode {
  readonly lanes = 1;
  private readonly starts: number[];
  private readonly ends: readonly (number | null)[];
  private done = false;

  /** @param startAt - each thread's stream index to start from (a resumed checkpoint's positions). */
  constructor(
    private readonly threads: number,
    runs: number | null,
    startAt: readonly number[] = [],
    private readonly feedsCorpus = false,
  ) {
    this.ends = sharesOf(runs, threads);
    this.starts = Array.from({ length: threads }, (_, w) => startAt[w] ?? 0);
  }

  next(_lane: number, state: LaneState): Life | null {
    const remaining = this.ends.some((end, w) => end === null || this.starts[w]! < end);
    if (this.done || !remaining) return null;
    const work: GenerateWork = {
      kind: 'generate',
      starts: [...this.starts],
      ends: this.ends,
      deadline: state.deadline,
      learned: state.learned,
      ...(state.setAside.length === 0 ? {} : { setAside: state.setAside }),
    };
    return { threads: this.threads, work: this.feedsCorpus ? { ...work, feedsCorpus: true } : work };
  }

  finished(_lane: number, _life: Life, next: readonly number[]): void {
    for (const [w, n] of next.entries()) this.starts[w] = n;
    this.done = true;
  }

  died(_lane: number, _life: Life, death: ChildDeath, slots: readonly SlotRecord[]): DeathReport {
    for (const s of slots) if (s.calls > 0) this.starts[s.slot] = Math.max(this.starts[s.slot]!, s.streamIndex + 1);
    return { death, inflight: inflightOf(slots), suspects: { kind: 'alone' } };
  }

  /** While a life runs, each thread is at its start plus the calls it began (the one in flight runs again). */
  positions(lanes: readonly LaneState[]): readonly number[] {
    const live = lanes[0]?.live ?? [];
    return this.starts.map((s, w) => s + Math.max(0, (live[w] ?? 0) - 1));
  }
}
