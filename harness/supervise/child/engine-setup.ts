import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import { maxPlacedBytes } from '../../ffi/resolve-params.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import type { CallInputJson } from '../../model/call-input.js';
import { slotSizeFor } from '../../engine/recorder-layout.js';
import type { ReplayWork } from '../../engine/protocol.js';
import type { TargetSource } from '../../ffi/target-source.js';
import { MAX_SEQUENCE_LENGTH } from '../../generate/sequence-arbitrary.js';
import type { GuardPages } from '../../model/guard-pages.js';

/** Everything needed to start engine children for one target. */
export interface EngineSetup {
  readonly source: TargetSource;
  readonly libraryPath: string;
  readonly functions: readonly string[];
  readonly seed: number;
  readonly slotSize: number;
  readonly workDir: string;
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  readonly killGraceMs: number;
  /** Buffers placed against a PROT_NONE page (engine/guard-pages.ts). @defaultValue 'off' when absent */
  readonly guardPages?: GuardPages;
  /** The functions a child calls, in order: the rows of each life's call statistics (engine/call-stats.ts). */
  readonly calledFunctions: readonly string[];
  /** Time every call (latency histograms in the call statistics): `compare`. @defaultValue false */
  readonly timed?: boolean;
  /**
   * Ends every child started for this setup when it fires (a phase's time is up, SIGINT/SIGTERM):
   * a runner must not leave one running. Such a life ends as a death the caller did not cause
   * by the target, so callers look at the signal before interpreting it. Absent: never.
   */
  readonly stop?: AbortSignal;
}

/** The functions a run of `target` calls: those `only` names, else all of them (as the engine picks them). */
export function calledFunctionsOf(target: ResolvedTarget, only: readonly string[]): string[] {
  return target.functions.filter((f) => only.length === 0 || only.includes(f.name)).map((f) => f.name);
}

/** Replays inputs: sequentially on one thread, or one per thread released together. */
export function replayWork(inputs: readonly CallInputJson[], concurrent: boolean): { threads: number; work: ReplayWork } {
  return concurrent
    ? { threads: inputs.length, work: { kind: 'replay', inputs: inputs.map((i) => [i]), concurrent: true } }
    : { threads: 1, work: { kind: 'replay', inputs: [inputs], concurrent: false } };
}

/** Bytes one recorder slot needs for the largest call of the target. */
export function slotSizeOf(target: ResolvedTarget): number {
  const one = Math.max(
    ...target.functions.map((f) =>
      slotSizeFor(
        f.params.length,
        f.params.reduce((n, p) => n + maxPlacedBytes(p), 0),
      ),
    ),
  );
  // A call sequence keeps its whole prefix in the slot: up to MAX_SEQUENCE_LENGTH calls, then as many releases.
  return target.lifecycle === undefined ? one : one * 2 * MAX_SEQUENCE_LENGTH;
}

/** Engine settings shared by fuzz, repro and minimize; the caller removes `workDir` when done. */
export function engineSetupOf(ref: TargetRef, options: ResolvedOptions, seed: number): EngineSetup {
  return {
    source: ref.source,
    libraryPath: ref.libraryPath,
    functions: options.only,
    calledFunctions: calledFunctionsOf(ref.target, options.only),
    seed,
    slotSize: slotSizeOf(ref.target),
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-')),
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
    guardPages: options.guardPages,
  };
}
