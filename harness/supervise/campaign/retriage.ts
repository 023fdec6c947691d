import type { InflightInput } from '../../store/crash-record.js';
import { triageEnd } from '../capture/crash-capture.js';
import type { Triage } from '../capture/triage/classify.js';
import type { ChildDeath } from '../child/child-end.js';
import { IGNORE_MESSAGES, type ChildRunner } from '../child/child-runner.js';
import { replayWork } from '../child/engine-setup.js';

/** What Rust prints after a panic message when RUST_BACKTRACE is off. */
const NO_BACKTRACE = 'environment variable to display a backtrace';

/** A death as it is recorded: its triage, and the death whose stderr the record keeps. */
export interface Triaged {
  readonly death: ChildDeath;
  readonly triage: Triage;
}

/**
 * Signs a panic of a life that ran without backtraces (coverage work: child/backtrace-env.ts) the
 * way `repro` and `minimize` will, which run with RUST_BACKTRACE=1: a signature holds the top
 * frames, and without a backtrace only the non-inlined ones of the fault handler's stack remain.
 * The culprit is replayed once in a child with backtraces; when it dies the same way (kind and
 * location), that triage and stderr are the record's, and every later death with the same
 * backtrace-less signature gets them without another replay. Any other death is left as it is.
 */
export class Retriage {
  private readonly signed = new Map<string, Triaged | null>();

  async of(death: ChildDeath, triage: Triage, culprit: InflightInput | null, replay: ChildRunner): Promise<Triaged> {
    if (culprit === null || !death.stderr.includes(NO_BACKTRACE)) return { death, triage };
    if (!this.signed.has(triage.id)) this.signed.set(triage.id, await this.replayed(culprit, triage, replay));
    const full = this.signed.get(triage.id) ?? null;
    return full === null ? { death, triage } : { death: { ...death, stderr: full.death.stderr }, triage: full.triage };
  }

  /** The culprit's death in a child with backtraces; null when it does not die the same way. */
  private async replayed(culprit: InflightInput, triage: Triage, replay: ChildRunner): Promise<Triaged | null> {
    const { end } = await replay.run(replayWork([...(culprit.preceding ?? []), culprit.input], false).work, IGNORE_MESSAGES);
    if (end.how === 'fault') throw end.error;
    if (end.how !== 'died') return null;
    const full = triageEnd(end.death, { inflight: [culprit] });
    return full.kind === triage.kind && full.location === triage.location ? { death: end.death, triage: full } : null;
  }
}
