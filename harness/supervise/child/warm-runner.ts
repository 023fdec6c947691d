import type { ChildListener, ChildRun, ChildRunner, ChildWork, OpenRunner } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { FreshRunner, runLife } from './fresh-runner.js';
import { ServingChild } from './serving-child.js';

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
  private spare: ServingChild | undefined;

  constructor(private readonly setup: EngineSetup) {}

  async run(work: ChildWork, listener: ChildListener): Promise<ChildRun> {
    if (work.kind !== 'generate' && work.kind !== 'scout') return runLife(this.setup, 1, work, listener);
    const child = this.spare ?? this.spawn();
    child.listener = listener;
    const send = await child.ready;
    // The next spare loads while this child works, not while it loads: on few cores they would slow each other down.
    this.spare = this.spawn();
    send?.({ type: 'work', work });
    return child.done;
  }

  /** Stops the spare and waits for it to exit. */
  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    await spare?.stop();
  }

  private spawn(): ServingChild {
    return new ServingChild((listener) => runLife(this.setup, 1, { kind: 'standby' }, listener), IDLE);
  }
}

/** The runners of a campaign: one thread restarts on a warm spare; several threads start afresh (threads are per process). */
export function openRunners(setup: EngineSetup): OpenRunner {
  return (threads) => (threads === 1 ? new WarmRunner(setup) : new FreshRunner(setup, threads));
}
