import type { EngineMessage, GenerateWork, ServeRequest } from '../../engine/protocol.js';
import type { ScoutWork } from '../../engine/stress/stress-protocol.js';
import type { SlotRecord } from '../../engine/flight-recorder.js';
import { runChild, type EngineSetup } from './engine-setup.js';
import type { EngineEnd } from './run-engine.js';

interface Spare {
  readonly ready: Promise<(message: ServeRequest) => void>;
  readonly done: Promise<{ end: EngineEnd; slots: SlotRecord[] }>;
  handlers: { onMessage: (message: EngineMessage) => void; onTick?: ((calls: readonly number[]) => void) | undefined };
}

/**
 * Keeps one single-thread engine child loaded and waiting, so the restart after a crash costs an
 * IPC message instead of a process start, a koffi load and a spec import: while one child works,
 * the next one warms up. A crash-heavy campaign (the shipped chunk-parser aborts on most
 * misaligned inputs) spends most of its time restarting without it.
 */
export class Standby {
  private spare: Spare | undefined;

  constructor(private readonly setup: EngineSetup) {}

  /** Runs `work` on the warm child (or a new one) and starts the next spare. */
  async run(
    work: GenerateWork | ScoutWork,
    onMessage: (message: EngineMessage) => void,
    onTick?: (calls: readonly number[]) => void,
  ): Promise<{ end: EngineEnd; slots: SlotRecord[] }> {
    const child = this.spare ?? this.spawn();
    this.spare = this.spawn();
    child.handlers = { onMessage, onTick };
    const send = await Promise.race([child.ready, child.done.then(() => undefined)]);
    send?.({ type: 'work', work });
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
      handlers: { onMessage: () => undefined },
      done: runChild(
        this.setup,
        1,
        { kind: 'standby' },
        (m) => {
          if (m.type === 'ready' && send !== undefined) resolveReady(send);
          else spare.handlers.onMessage(m);
        },
        { onStart: (s) => (send = s), onTick: (calls) => spare.handlers.onTick?.(calls) },
      ),
    };
    return spare;
  }
}
