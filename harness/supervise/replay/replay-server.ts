import type { CallInputJson } from '../../model/call-input.js';
import type { Outcome } from '../../model/outcome.js';
import type { ServeRequest } from '../../engine/protocol.js';
import { triageEnd } from '../capture/crash-capture.js';
import type { EngineSetup } from '../child/engine-setup.js';
import type { ChildDeath, ChildEnd } from '../child/child-end.js';
import { FreshRunner } from '../child/fresh-runner.js';
import type { Triage } from '../capture/triage/classify.js';

/** What one request did: every call returned (with its outcome), or the child died on one. */
export type ServeResult =
  | { readonly kind: 'survived'; readonly outcomes: readonly Outcome[] }
  | { readonly kind: 'died'; readonly death: ChildDeath; readonly triage: Triage };

interface Serving {
  readonly ended: Promise<ChildEnd>;
  readonly ready: Promise<(message: ServeRequest) => void>;
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
  /** Engine children started so far (the cost of the crashes seen). */
  started = 0;

  /**
   * @param fresh - one process per request: for findings that depend on the process's history
   * (a last-error message left by an earlier call), where reuse would change the verdict.
   */
  private readonly runner: FreshRunner;

  constructor(
    setup: EngineSetup,
    private readonly fresh = false,
  ) {
    this.runner = new FreshRunner(setup, 1);
  }

  async run(inputs: readonly CallInputJson[]): Promise<ServeResult> {
    this.serving ??= this.spawn();
    const serving = this.serving;
    const id = ++this.nextId;
    const reply = new Promise<readonly Outcome[]>((resolve) => serving.replies.set(id, resolve));
    const died = serving.ended.then((end) => ({ end }));
    const send = await Promise.race([serving.ready, died]);
    if (typeof send === 'function') send({ type: 'run', id, inputs });
    const first = typeof send === 'function' ? await Promise.race([reply.then((outcomes) => ({ outcomes })), died]) : send;
    if ('outcomes' in first) {
      if (this.fresh) await this.close();
      return { kind: 'survived', outcomes: first.outcomes };
    }
    this.serving = this.spawn();
    switch (first.end.how) {
      case 'fault':
        throw first.end.error;
      case 'died':
        return { kind: 'died', death: first.end.death, triage: triageEnd(first.end.death) };
      case 'finished':
        throw new Error('the replay engine stopped serving before it was told to stop');
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
    if (serving === undefined) return;
    const send = await Promise.race([serving.ready, serving.ended.then(() => undefined)]);
    send?.({ type: 'stop' });
    await serving.ended;
  }

  private spawn(): Serving {
    this.started++;
    const replies = new Map<number, (outcomes: readonly Outcome[]) => void>();
    // Requests go out only after the child said 'ready' (target loaded, inbox listening).
    let send: ((message: ServeRequest) => void) | undefined;
    let resolveReady!: (send: (message: ServeRequest) => void) => void;
    const ready = new Promise<(message: ServeRequest) => void>((r) => (resolveReady = r));
    const ended = this.runner
      .run(
        { kind: 'serve' },
        {
          message: (m) => {
            if (m.type === 'ready' && send !== undefined) resolveReady(send);
            if (m.type === 'served') replies.get(m.id)?.(m.outcomes);
          },
          started: (s) => (send = s),
        },
      )
      .then((r) => r.end);
    return { ended, ready, replies };
  }
}
