import type { CallInputJson } from './call-input.js';
import type { Outcome } from './outcome.js';
import type { TargetSource } from '../ffi/target-source.js';

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
  readonly work: GenerateWork | ReplayWork | ServeWork;
}

/** Run inputs the supervisor sends one request at a time, until it says stop (one thread). */
export interface ServeWork {
  readonly kind: 'serve';
}

/** Supervisor → serving engine, over IPC. */
export type ServeRequest = { readonly type: 'run'; readonly id: number; readonly inputs: readonly CallInputJson[] } | { readonly type: 'stop' };

/** Generate inputs: worker w runs indexes [starts[w], ends[w]) of its stream, until the deadline. */
export interface GenerateWork {
  readonly kind: 'generate';
  readonly starts: readonly number[];
  /** Exclusive end per worker; null = until the deadline. */
  readonly ends: readonly (number | null)[];
  /** Epoch ms after which workers stop; null = no deadline. */
  readonly deadline: number | null;
}

/** Replay given inputs: worker w runs inputs[w] in order; `concurrent` releases all workers together. */
export interface ReplayWork {
  readonly kind: 'replay';
  readonly inputs: readonly (readonly CallInputJson[])[];
  readonly concurrent: boolean;
}

/** A finding the engine saw without dying (an oracle failed). */
export interface EngineFinding {
  readonly worker: number;
  readonly streamIndex: number;
  readonly input: CallInputJson;
  /** Calls that ran just before on the same thread and are part of the failure (e.g. whose error message went stale). */
  readonly preceding: readonly CallInputJson[];
  readonly outcome: Exclude<Outcome, { kind: 'ok' }>;
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
  | { readonly type: 'fault'; readonly runId: string; readonly fault: EngineFault };

/** workerData of each engine worker thread. */
export interface WorkerData {
  readonly job: EngineJob;
  readonly worker: number;
  /** Shared barrier words: [arrived, generation]. */
  readonly barrier: SharedArrayBuffer;
}
