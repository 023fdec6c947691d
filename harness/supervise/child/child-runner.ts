import type { CallStats } from '../../engine/call-stats-reader.js';
import type { SlotRecord } from '../../engine/recorder-reader.js';
import type { ForkServerWork } from '../../engine/protocol.js';
import type { EngineJob, EngineMessage, ServeRequest, StandbyWork } from '../../engine/protocol.js';
import type { ChildEnd } from './child-end.js';

/**
 * The seam between what runs (campaigns, replays) and how engine children are kept: every
 * campaign and replay asks a ChildRunner for child *lives*, never for processes.
 *
 * A **life** is one piece of engine work from its start to its end: the child loads the target
 * (or already has), runs the work on the runner's threads, and ends by finishing it, by dying
 * (the target crashed, or the runner killed it), or by a harness fault. A life never outlives its
 * `run` promise, and nothing of it is reused by the next life but what the implementation keeps
 * warm (a loaded spare, a fork server's parent).
 *
 * **Who kills a hung child**: the runner. While a life runs, it watches the flight recorder's
 * heartbeats and the child's memory; a call that makes no progress for the setup's timeout, or
 * resident memory over the limit, ends the life (SIGTERM, then SIGKILL after the grace period),
 * reported as a death with `timedOut` / `oom` set. Callers never kill children themselves.
 *
 * Implementations: {@link FreshRunner} (a new process per life, any number of threads),
 * {@link WarmRunner} (the next life's child, of as many threads, is loaded while this one works)
 * and {@link ForkServerRunner} (one thread; each life a runner forked from one loaded child).
 */
export interface ChildRunner {
  /** Threads (flight-recorder slots) of every life this runner starts. */
  readonly threads: number;
  /** Runs `work` in one life and resolves when the life has ended; never rejects for a target failure. */
  run(work: ChildWork, listener: ChildListener): Promise<ChildRun>;
  /** Stops whatever the runner keeps warm and waits for it; the runner is not used afterwards. */
  close(): Promise<void>;
}

/** Opens the runner for lives of `threads` threads (campaigns receive this; unit tests pass a fake). */
export type OpenRunner = (threads: number) => ChildRunner;

/** Engine work a life runs: any work but a warm spare's or a fork server's own wait. */
export type ChildWork = Exclude<EngineJob['work'], StandbyWork | ForkServerWork>;

/** What the caller hears during a life. */
export interface ChildListener {
  /** Every engine message of this life except `finished` and `fault` (those make its end). */
  readonly message: (message: EngineMessage) => void;
  /** About every 50 ms, and once at the end: calls started so far per slot (progress). */
  readonly tick?: (calls: readonly number[]) => void;
  /** Once the child runs: a function that sends it requests (serve work takes requests one at a time). */
  readonly started?: (send: (request: ServeRequest) => void) => void;
}

/** One life's result. */
export interface ChildRun {
  readonly end: ChildEnd;
  /**
   * The flight recorder after the life ended, one slot per thread: how many calls the thread
   * started, the stream index of its last one, and that input, still marked in-call when the
   * child died inside the target (the in-flight input of a finding).
   */
  readonly slots: readonly SlotRecord[];
  /** The life's call statistics per function (engine/call-stats.ts), read after it ended, however it ended. */
  readonly stats: CallStats;
}

/** A listener that ignores everything (culprit replays, measurements that only need the end). */
export const IGNORE_MESSAGES: ChildListener = { message: () => undefined };
