import type { ChildListener, ChildRun, ChildRunner, ChildWork } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { runLife } from './fresh-runner.js';
import { ServingChild } from './serving-child.js';

const IDLE: ChildListener = { message: () => undefined };

/**
 * Restarts on a warm spare: keeps one engine child of `threads` threads loaded and waiting, so the
 * life after a crash costs an IPC message instead of a process start, a koffi load and a spec
 * import on every thread: while one child works, the next one warms up. A crash-heavy campaign
 * (the shipped chunk-parser aborts on most misaligned inputs) spends most of its time restarting
 * without it; worker threads cannot be forked, so several threads restart this way. Work a
 * waiting engine cannot take (replays, coverage) runs in a fresh child, leaving the spare alone.
 */
export class WarmRunner implements ChildRunner {
  private spare: ServingChild | undefined;

  constructor(
    private readonly setup: EngineSetup,
    readonly threads = 1,
  ) {}

  async run(work: ChildWork, listener: ChildListener): Promise<ChildRun> {
    if (work.kind !== 'generate' && work.kind !== 'scout') return runLife(this.setup, this.threads, work, listener);
    // The next life of this thread count is most likely work of the same kind (stress or not).
    const stress = work.kind === 'generate' && work.stress !== undefined;
    const child = this.spare ?? this.spawn(stress);
    child.listener = listener;
    const send = await child.ready;
    // The next spare loads while this child works, not while it loads: on few cores they would slow each other down.
    this.spare = this.spawn(stress);
    send?.({ type: 'work', work });
    return child.done;
  }

  /** Stops the spare and waits for it to exit. */
  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    await spare?.stop();
  }

  private spawn(stress: boolean): ServingChild {
    return new ServingChild((listener) => runLife(this.setup, this.threads, { kind: 'standby', stress }, listener), IDLE, this.threads);
  }
}
