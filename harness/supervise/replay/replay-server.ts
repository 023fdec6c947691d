import type { CallInputJson } from '../../model/call-input.js';
import { HarnessError } from '../../model/harness-error.js';
import type { Outcome } from '../../model/outcome.js';
import { triageEnd } from '../capture/crash-capture.js';
import type { EngineSetup } from '../child/engine-setup.js';
import type { ChildDeath } from '../child/child-end.js';
import { ServingChild } from '../child/serving-child.js';
import { FreshRunner } from '../child/fresh-runner.js';
import type { Triage } from '../capture/triage/classify.js';
import { inflightOf } from '../child/inflight.js';

/** What one request did: every call returned (with its outcome), or the child died on one. */
export type ServeResult =
  | { readonly kind: 'survived'; readonly outcomes: readonly Outcome[] }
  | { readonly kind: 'died'; readonly death: ChildDeath; readonly triage: Triage };

interface Serving {
  readonly child: ServingChild;
  readonly replies: Map<number, (outcomes: readonly Outcome[]) => void>;
}

/**
 * Runs inputs in a fresh-process engine that is reused until it dies (minimisation runs many
 * candidates; most return, and those need no new process). After a death the next child is
 * started at once, so it is warming up while the caller looks at the result.
 */
export class ReplayServer {
  private serving: Serving | undefined;
  private nextId = 0;
  private readonly runner: FreshRunner;
  /** Engine children started so far (the cost of the crashes seen). */
  started = 0;

  /**
   * @param fresh - one process per request: for findings that depend on the process's history
   * (a last-error message left by an earlier call), where reuse would change the verdict.
   */
  constructor(
    setup: EngineSetup,
    private readonly fresh = false,
  ) {
    this.runner = new FreshRunner(setup, 1);
  }

  async run(inputs: readonly CallInputJson[]): Promise<ServeResult> {
    this.serving ??= this.spawn();
    const { child, replies } = this.serving;
    const id = ++this.nextId;
    const reply = new Promise<readonly Outcome[]>((resolve) => replies.set(id, resolve));
    // A child that could not even start rejects `ready` (thrown here) before anything waits on `done`.
    const send = await child.ready;
    const died = child.done.then(({ end, slots }) => ({ end, slots }));
    send?.({ type: 'run', id, inputs });
    const first = send === undefined ? await died : await Promise.race([reply.then((outcomes) => ({ outcomes })), died]);
    if ('outcomes' in first) {
      if (this.fresh) await this.close();
      return { kind: 'survived', outcomes: first.outcomes };
    }
    this.serving = this.spawn();
    switch (first.end.how) {
      case 'fault':
        throw first.end.error;
      case 'died':
        // The call in flight names a death nothing else locates, as it did in the campaign.
        return { kind: 'died', death: first.end.death, triage: triageEnd(first.end.death, { inflight: inflightOf(first.slots) }) };
      case 'finished':
        throw new HarnessError('internal', 'the replay engine stopped serving before it was told to stop');
      default: {
        const never: never = first.end;
        return never;
      }
    }
  }

  /** Stops the serving child (if any) and waits for it. */
  async close(): Promise<void> {
    const serving = this.serving;
    this.serving = undefined;
    await serving?.child.stop();
  }

  private spawn(): Serving {
    this.started++;
    const replies = new Map<number, (outcomes: readonly Outcome[]) => void>();
    const child = new ServingChild((listener) => this.runner.run({ kind: 'serve' }, listener), {
      message: (m) => {
        if (m.type === 'served') replies.get(m.id)?.(m.outcomes);
      },
    });
    return { child, replies };
  }
}
