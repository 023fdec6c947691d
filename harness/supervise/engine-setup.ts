import path from 'node:path';
import type { CallInputJson } from '../engine/call-input.js';
import { readRecorder, type SlotRecord } from '../engine/flight-recorder.js';
import type { EngineJob, EngineMessage, GenerateWork, ReplayWork, ServeWork } from '../engine/protocol.js';
import type { TargetSource } from '../ffi/target-source.js';
import type { InflightInput } from '../store/crash-record.js';
import { runEngine, type EngineEnd, type RunEngineOptions } from './run-engine.js';
import { inputToJson } from '../engine/call-input.js';

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
}

let runCounter = 0;

/** Runs one child on `work` and, when it died, reads what was in flight. */
export async function runChild(
  setup: EngineSetup,
  threads: number,
  work: GenerateWork | ReplayWork | ServeWork,
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
  };
  const end = await runEngine(job, {
    workDir: setup.workDir,
    slotSize: setup.slotSize,
    timeoutMs: setup.timeoutMs,
    rssLimitMb: setup.rssLimitMb,
    killGraceMs: setup.killGraceMs,
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
    .map((s) => ({ worker: s.slot, streamIndex: s.streamIndex, input: inputToJson(s.input!), truncated: s.truncated }));
}

/** Replays inputs: sequentially on one thread, or one per thread released together. */
export function replayWork(inputs: readonly CallInputJson[], concurrent: boolean): { threads: number; work: ReplayWork } {
  return concurrent
    ? { threads: inputs.length, work: { kind: 'replay', inputs: inputs.map((i) => [i]), concurrent: true } }
    : { threads: 1, work: { kind: 'replay', inputs: [inputs], concurrent: false } };
}
