import type { EngineFault, EngineJob, EngineMessage, ServeRequest } from '../../engine/protocol.js';
import type { ChildExit } from './child-end.js';
import { startEngine } from './engine-process.js';
import { LifeWatch } from './life-watch.js';

export interface RunEngineOptions {
  readonly workDir: string;
  readonly slotSize: number;
  /** A call that makes no progress this long is a hang. */
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  /** Grace between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  readonly onMessage: (message: EngineMessage) => void;
  /** Called on every watch tick with the per-slot call counters (progress). */
  readonly onTick?: (calls: readonly number[]) => void;
  /** Extra arguments before the engine entry (e.g. gdb). */
  readonly wrap?: readonly string[];
  /** Receives a function that sends IPC messages to the running child (serve work). */
  readonly onStart?: (send: (message: ServeRequest) => void) => void;
  /** Extra environment of the child (e.g. the ASan runtime preloaded for an ASan build). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the child when it fires (SIGTERM, then SIGKILL after the grace period), as a phase's end or an interrupt asks. */
  readonly stop?: AbortSignal;
}

/**
 * Runs one engine child to its end (engine-process.ts) and watches it (life-watch.ts): a call
 * stuck longer than the timeout is a hang, RSS over the limit is out of memory; either ends it,
 * SIGTERM → SIGKILL, recorded.
 */
export async function runEngine(job: EngineJob, options: RunEngineOptions): Promise<ChildExit> {
  let next: number[] | null = null;
  let fault: EngineFault | null = null;
  const child = startEngine(job, {
    ...options,
    onMessage: (message) => {
      if (message.type === 'finished') next = message.next;
      else if (message.type === 'fault') fault = message.fault;
      else options.onMessage(message);
    },
  });
  options.onStart?.(child.send);
  const watch = new LifeWatch(
    { recorderPath: job.recorderPath, timeoutMs: options.timeoutMs, rssLimitMb: options.rssLimitMb, onTick: options.onTick },
    () => child.pid,
    () => child.kill('SIGTERM'),
  );
  const end = await child.ended;
  const { stalled: _unwatched, ...verdict } = watch.stop();
  return { ...end, ...verdict, stderr: child.stderr(), finished: next, fault };
}
