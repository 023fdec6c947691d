import type { CallInputJson } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import type { TargetSource } from '../ffi/target-source.js';
import type { GuardPages } from '../model/guard-pages.js';
import type { CoverageMessage, CoverageWork, MeasureWork } from './coverage/coverage-protocol.js';
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
  readonly work: GenerateWork | ReplayWork | ServeWork | CoverageWork | MeasureWork | ScoutWork | StandbyWork;
  /** ffi-fuzz's fatal-signal handler, a shared library built by the supervisor (fault-guard.c); absent or null: none. */
  readonly faultShim?: string | null;
  /** Which buffers end against a PROT_NONE page (guard-pages.ts). @defaultValue 'off' when absent */
  readonly guardPages?: GuardPages;
  /** The coverage shim (native/sancov-shim.c), loaded globally before an instrumented library; absent or null: none. */
  readonly coverageShim?: string | null;
  /** Call statistics file (call-stats.ts) that generate work adds to: calls, error returns, latencies (`compare`); absent or null: none. */
  readonly statsPath?: string | null;
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

/** Load the target, say ready, then wait for the generate work to do (one thread): a warm spare for restarts. */
export interface StandbyWork {
  readonly kind: 'standby';
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
  /**
   * Property lane of an auto campaign: each input that reaches new coverage of the instrumented
   * library is posted as a corpus entry (coverage-protocol.ts), for the coverage jobs to mutate.
   */
  readonly feedsCorpus?: boolean;
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
  readonly outcome: Exclude<Outcome, { kind: 'ok' }>;
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
  | CoverageMessage;

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
