import type { GenerateWork, ServeRequest } from '../../engine/protocol.js';
import type { ScoutWork } from '../../engine/stress/stress-protocol.js';
import type { ChildListener, ChildRun, ChildRunner, ChildWork, OpenRunner } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { FreshRunner, runLife } from './fresh-runner.js';

/** Work a loaded, waiting engine accepts over IPC (protocol.ts ServeRequest 'work'). */
type SpareWork = GenerateWork | ScoutWork;

interface Spare {
  readonly ready: Promise<(message: ServeRequest) => void>;
  readonly done: Promise<ChildRun>;
  listener: ChildListener;
}

const IDLE: ChildListener = { message: () => undefined };

/**
 * One thread, restarted on a warm spare: keeps one engine child loaded and waiting, so the life
 * after a crash costs an IPC message instead of a process start, a koffi load and a spec import:
 * while one child works, the next one warms up. A crash-heavy campaign (the shipped chunk-parser
 * aborts on most misaligned inputs) spends most of its time restarting without it. Work a
 * waiting engine cannot take (replays, coverage) runs in a fresh child, leaving the spare alone.
 */
export class WarmRunner implements ChildRunner {
  readonly threads = 1;
  private spare: Spare | undefined;

  constructor(private readonly setup: EngineSetup) {}

  async run(work: ChildWork, listener: ChildListener): Promise<ChildRun> {
    if (work.kind !== 'generate' && work.kind !== 'scout') return runLife(this.setup, 1, work, listener);
    const child = this.spare ?? this.spawn();
    this.spare = this.spawn();
    child.listener = listener;
    const send = await Promise.race([child.ready, child.done.then(() => undefined)]);
    send?.({ type: 'work', work: work satisfies SpareWork });
    return child.done;
  }

  /** Stops the spare and waits for it to exit. */
  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare === undefined) return;
    const send = await Promise.race([spare.ready, spare.done.then(() => undefined)]);
    send?.({ type: 'stop' });
    await spare.done;
  }

  private spawn(): Spare {
    let send: ((message: ServeRequest) => void) | undefined;
    let resolveReady!: (send: (message: ServeRequest) => void) => void;
    const ready = new Promise<(message: ServeRequest) => void>((r) => (resolveReady = r));
    const spare: Spare = {
      ready,
      listener: IDLE,
      done: runLife(
        this.setup,
        1,
        { kind: 'standby' },
        {
          message: (m) => {
            if (m.type === 'ready' && send !== undefined) resolveReady(send);
            else spare.listener.message(m);
          },
          tick: (calls) => spare.listener.tick?.(calls),
          started: (s) => (send = s),
        },
      ),
    };
    return spare;
  }
}

/** The runners of a campaign: one thread restarts on a warm spare; several threads start afresh (threads are per process). */
export function openRunners(setup: EngineSetup): OpenRunner {
  return (threads) => (threads === 1 ? new WarmRunner(setup) : new FreshRunner(setup, threads));
}
