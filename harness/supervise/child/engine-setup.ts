import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import type { CallInputJson } from '../../model/call-input.js';
import { readRecorder, slotSizeFor, type SlotRecord } from '../../engine/flight-recorder.js';
import type { EngineJob, EngineMessage, ReplayWork } from '../../engine/protocol.js';
import type { TargetSource } from '../../ffi/target-source.js';
import type { InflightInput } from '../../store/crash-record.js';
import { runEngine, type EngineEnd, type RunEngineOptions } from './run-engine.js';
import { inputToJson } from '../../model/call-input.js';
import { MAX_SEQUENCE_LENGTH } from '../../generate/sequence-arbitrary.js';
import type { GuardPages } from '../../model/guard-pages.js';
import { engineEnvFor } from '../../toolchain/sanitizer-runtime.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { coverageShimFor } from '../../toolchain/sancov-build.js';

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
  /** A call statistics file (engine/call-stats.ts) every child's generate work adds to (`compare`); absent: none. */
  readonly statsPath?: string;
}

let runCounter = 0;

/** Runs one child on `work` and, when it died, reads what was in flight. */
export async function runChild(
  setup: EngineSetup,
  threads: number,
  work: EngineJob['work'],
  onMessage: (message: EngineMessage) => void,
  extra: Pick<RunEngineOptions, 'onTick' | 'wrap' | 'onStart'> = {},
): Promise<{ end: EngineEnd; slots: SlotRecord[] }> {
  const runId = `${process.pid}-${++runCounter}`;
  const job: EngineJob = {
    runId,
    target: setup.source,
    libraryPath: setup.libraryPath,
    recorderPath: path.join(setup.workDir, `recorder-${runId}.bin`),
    seed: setup.seed,
    threads,
    functions: setup.functions,
    work,
    // The fatal-signal handler (built once, cached) and the guard pages; see fault-shim.ts.
    faultShim: faultShim().path,
    guardPages: setup.guardPages ?? 'off',
    // An instrumented (--profile coverage) library loads only after the coverage shim; see sancov-build.ts.
    coverageShim: coverageShimFor(setup.libraryPath),
    statsPath: setup.statsPath ?? null,
  };
  const end = await runEngine(job, {
    workDir: setup.workDir,
    slotSize: setup.slotSize,
    timeoutMs: setup.timeoutMs,
    rssLimitMb: setup.rssLimitMb,
    killGraceMs: setup.killGraceMs,
    // A sanitizer build of the library needs its runtime preloaded (sanitizer-runtime.ts).
    env: engineEnvFor(setup.libraryPath),
    onMessage: (m) => {
      if (m.runId === runId) onMessage(m);
    },
    ...extra,
  });
  return { end, slots: readRecorder(job.recorderPath) };
}

/** The inputs inside the target when the child died. */
export function inflightOf(slots: readonly SlotRecord[]): InflightInput[] {
  return slots
    .filter((s) => s.state === 'in-call' && s.input !== undefined)
    .map((s) => ({
      worker: s.slot,
      streamIndex: s.streamIndex,
      input: inputToJson(s.input!),
      truncated: s.truncated,
      ...(s.preceding.length === 0 ? {} : { preceding: s.preceding.map(inputToJson) }),
    }));
}

/** Every thread's latest input (stress mode's concurrent set), in call or returned. */
export function latestOf(slots: readonly SlotRecord[]): InflightInput[] {
  return slots
    .filter((s) => s.calls > 0 && s.input !== undefined)
    .map((s) => ({
      worker: s.slot,
      streamIndex: s.streamIndex,
      input: inputToJson(s.input!),
      truncated: s.truncated,
      state: s.state === 'in-call' ? 'in-call' : 'returned',
    }));
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
        f.params.reduce((n, p) => n + (p.role === 'buffer' ? p.maxLength + 1 : p.role === 'output' ? p.size : 0), 0),
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
    seed,
    slotSize: slotSizeOf(ref.target),
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-')),
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
    guardPages: options.guardPages,
  };
}
