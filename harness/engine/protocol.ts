import type { CallInputJson } from '../model/call-input.js';
import type { Failure, Outcome } from '../model/outcome.js';
import type { TargetSource } from '../ffi/target-source.js';
import type { GuardPages } from '../model/guard-pages.js';
import type { CoverageMessage, CoverageWork, MeasureWork } from './coverage/coverage-protocol.js';
import type { StatsTarget } from './call-stats.js';
import type { KnownVerdicts } from './statefulness.js';
import type { ScoutWork } from './stress/stress-protocol.js';

/** What the supervisor hands the engine child (as a JSON file): one child's share of a campaign. */
export interface EngineJob {
  readonly runId: string;
  readonly target: TargetSource;
  readonly libraryPath: string;
  readonly recorderPath: string;
  readonly seed: number;
  readonly threads: number;
  /** Functions to call (all of the target's when empty). */
  readonly functions: readonly string[];
  readonly work: GenerateWork | ReplayWork | ServeWork | CoverageWork | MeasureWork | ScoutWork | StandbyWork | ForkServerWork;
  /** ffi-fuzz's fatal-signal handler, a shared library built by the supervisor (fault-guard.c); absent or null: none. */
  readonly faultShim?: string | null;
  /** Which buffers end against a PROT_NONE page (guard-pages.ts). @defaultValue 'off' when absent */
  readonly guardPages?: GuardPages;
  /** The coverage shim (native/sancov-shim.c), loaded globally before an instrumented library; absent or null: none. */
  readonly coverageShim?: string | null;
  /** This life's call statistics file (call-stats.ts): per function, calls, error returns, values, skipped calls; absent or null: none. */
  readonly stats?: StatsTarget | null;
}

/** Run inputs the supervisor sends one request at a time, until it says stop (one thread). */
export interface ServeWork {
  readonly kind: 'serve';
}

/** Supervisor → serving engine, over IPC. */
export type ServeRequest =
  | { readonly type: 'run'; readonly id: number; readonly inputs: readonly CallInputJson[] }
  | { readonly type: 'work'; readonly work: GenerateWork | ScoutWork }
  | { readonly type: 'stop' };

/** Everything the supervisor sends an engine child over IPC. */
export type EngineRequest = ServeRequest | ForkServerRequest;

/** Load the target on every thread, say ready, then wait for the generate or scout work to do: a warm spare for restarts. */
export interface StandbyWork {
  readonly kind: 'standby';
  /** The work it waits for is stress mode's: its worker threads get stress mode's small heaps. @defaultValue false */
  readonly stress?: boolean;
}

/** Generate inputs: worker w runs indexes [starts[w], ends[w]) of its stream, until the deadline. */
export interface GenerateWork {
  readonly kind: 'generate';
  readonly starts: readonly number[];
  /** Exclusive end per worker; null = until the deadline. */
  readonly ends: readonly (number | null)[];
  /** Epoch ms after which workers stop; null = no deadline. */
  readonly deadline: number | null;
  /** Stress mode: workers run in bursts released together, each result compared with the input's result alone (engine/stress/). */
  readonly stress?: StressSettings;
  /** What earlier lives learned about each function's results (statefulness.ts): threads start from it. @defaultValue {} */
  readonly learned?: KnownVerdicts;
  /**
   * Property lane of an auto campaign: each input that reaches new coverage of the instrumented
   * library is posted as a corpus entry (coverage-protocol.ts), for the coverage jobs to mutate.
   */
  readonly feedsCorpus?: boolean;
  /**
   * Functions whose contract zero-config guessed and that already have a finding: their inputs
   * are drawn (the stream stays the same) but not called, since nothing more they do can be
   * judged, and a guessed range that hangs costs the whole timeout every time. @defaultValue []
   */
  readonly setAside?: readonly string[];
}

/** How stress mode runs its bursts (engine/stress/stress-protocol.ts has the whole picture). */
export interface StressSettings {
  /** Inputs each worker runs per burst, all workers released together. */
  readonly burst: number;
  /** Times each burst runs together (more overlap per generated input). @defaultValue 1 */
  readonly rounds?: number;
  /**
   * Per worker, a JSON file of its inputs to run and what each did alone (AloneEntry[], from the
   * scout), in stream order. Files, not job data: every worker thread gets a copy of the job.
   */
  readonly alone?: readonly string[];
  /**
   * Functions whose results a call made together is compared with: those the scout learned are
   * pure (statefulness.ts). Absent: every function the spec calls deterministic (a replay).
   */
  readonly compared?: readonly string[];
}

/** Replay given inputs: worker w runs inputs[w] in order; `concurrent` releases all workers together. */
export interface ReplayWork {
  readonly kind: 'replay';
  readonly inputs: readonly (readonly CallInputJson[])[];
  readonly concurrent: boolean;
  /** Concurrent replays: each worker runs its inputs this many times after the release (a race needs repetition). @defaultValue 1 */
  readonly rounds?: number;
  /** Concurrent replays: also run each input alone first and compare (stress mode's differential and last-error oracles). */
  readonly differential?: boolean;
}

/** A finding the engine saw without dying (an oracle failed). */
export interface EngineFinding {
  readonly worker: number;
  readonly streamIndex: number;
  readonly input: CallInputJson;
  /** Calls that ran just before on the same thread and are part of the failure (e.g. whose error message went stale). */
  readonly preceding: readonly CallInputJson[];
  readonly outcome: Failure;
  /** Stress mode: every input of the burst the failing call ran in, on every thread (the concurrent set). */
  readonly concurrentWith?: readonly ConcurrentInput[];
}

/** A harness fault raised inside the child, carried as data (HarnessError does not survive structured clone). */
export interface EngineFault {
  readonly code: string;
  readonly message: string;
  readonly where?: string | undefined;
  readonly hint?: string | undefined;
}

/** Worker → engine main, and engine main → supervisor (over the execa IPC channel). */
export type EngineMessage =
  | { readonly type: 'ready'; readonly runId: string; readonly worker: number }
  | { readonly type: 'finding'; readonly runId: string; readonly finding: EngineFinding }
  | { readonly type: 'replayed'; readonly runId: string; readonly worker: number; readonly index: number; readonly outcome: Outcome }
  | { readonly type: 'served'; readonly runId: string; readonly id: number; readonly outcomes: readonly Outcome[] }
  | { readonly type: 'done'; readonly runId: string; readonly worker: number; readonly next: number }
  | { readonly type: 'fault'; readonly runId: string; readonly fault: EngineFault }
  | CoverageMessage
  | ForkServerMessage;

/** workerData of each engine worker thread. */
export interface WorkerData {
  readonly job: EngineJob;
  readonly worker: number;
  /** Shared words: [arrived, generation] of the replay barrier, then stress mode's (engine/stress/stress-sync.ts). */
  readonly barrier: SharedArrayBuffer;
}

/** One input of a concurrent set: which thread ran it, at which index of its stream. */
export interface ConcurrentInput {
  readonly worker: number;
  readonly streamIndex: number;
  readonly input: CallInputJson;
}

/**
 * The fork server's share of the engine protocol (the unions in protocol.ts include these).
 *
 * A fork server is an engine child of one thread that loads the target once, then forks a
 * *runner* for each life the supervisor asks for (engine/fork-server.ts). The runner runs the
 * life's work synchronously on the inherited thread; its messages reach the server through a
 * pipe and the server relays them, in order, before it reports the life's end. Lives run one at
 * a time: the supervisor asks for the next only after the last one ended.
 */

/** Load the target, check that forking works, then wait for lives (one thread). */
export interface ForkServerWork {
  readonly kind: 'fork-server';
  /** The fork helper (native/fork-helper.c), built by the supervisor. */
  readonly helper: string;
  /** The dofork shim (native/dofork-shim.c): it must be preloaded into this process. */
  readonly shim: string;
  /** Each runner's stderr, truncated at every fork: the supervisor reads it after the life. */
  readonly stderrPath: string;
}

/** Work a runner can run: anything one thread does to its end without waiting for the supervisor. */
export type RunnerWork = GenerateWork | ReplayWork | ScoutWork | CoverageWork;

/** Supervisor → fork server, over IPC. */
export type ForkServerRequest =
  /** Fork a runner for this work. */
  | { readonly type: 'life'; readonly life: number; readonly work: RunnerWork }
  /** The life's runner is hung or over its memory limit: the server signals it (it is its parent: no pid reuse). */
  | { readonly type: 'kill-runner'; readonly life: number; readonly signal: 'SIGTERM' | 'SIGKILL' }
  | { readonly type: 'stop' };

/** Fork server → supervisor, between the runners' own messages. */
export type ForkServerMessage =
  /** Forking does not work here (a runner of the start-up probe died); the supervisor falls back to whole-process restarts. */
  | { readonly type: 'unforkable'; readonly runId: string; readonly reason: string }
  | { readonly type: 'life-start'; readonly runId: string; readonly life: number; readonly pid: number }
  /**
   * The runner was reaped and every message it wrote was relayed. `next` comes from its `done`
   * (null: it never finished its work), `fault` from its `fault` message.
   */
  | {
      readonly type: 'life-end';
      readonly runId: string;
      readonly life: number;
      readonly signal: string | null;
      readonly exitCode: number | null;
      readonly next: number | null;
      readonly fault: EngineFault | null;
    };
