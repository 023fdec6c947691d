import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import { DEFAULT_OPTIONS } from '../../harness/config/options.js';
import { loadEngineThread, type EngineThread } from '../../harness/engine/engine-thread.js';
import { createStatsFile } from '../../harness/engine/call-stats.js';
import { createRecorderFile } from '../../harness/engine/flight-recorder.js';
import type { EngineJob } from '../../harness/engine/protocol.js';
import { SHARED_BYTES } from '../../harness/engine/stress/stress-sync.js';
import type { ResolvedFunction } from '../../harness/ffi/resolve-target.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import type { CallInput } from '../../harness/model/call-input.js';
import { slotSizeOf } from '../../harness/supervise/child/engine-setup.js';
import { plainCaller } from './plain-call.js';

/**
 * One function loaded in this process by the engine's own loader (engine-thread.ts), as an
 * engine worker loads it: koffi, an arena with the default guard pages, a flight-recorder slot in
 * a real mapped file, the call statistics (as every engine life keeps them; `stats: false` leaves
 * them out, to measure what they cost), the last-error getter, the recorded call. Beside it, the
 * same function bound plainly: the reference.
 */
export interface EngineContext {
  readonly thread: EngineThread;
  readonly fn: ResolvedFunction;
  /** Findings the engine posted (a few per oracle: the reporter caps them). */
  readonly findings: () => number;
  readonly plain: (input: CallInput) => unknown;
  /** Removes the recorder file. */
  readonly close: () => void;
}

export async function engineContext(ref: TargetRef, fnName: string, seed: number, stats = true): Promise<EngineContext> {
  const fn = ref.target.functions.find((f) => f.name === fnName);
  if (fn === undefined) throw new Error(`${ref.target.name} has no function ${fnName}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-'));
  const recorderPath = path.join(dir, 'recorder.bin');
  createRecorderFile(recorderPath, 1, slotSizeOf(ref.target));
  const statsPath = path.join(dir, 'stats.bin');
  createStatsFile(statsPath, 1, 1);
  const job: EngineJob = {
    runId: 'bench',
    target: ref.source,
    libraryPath: ref.libraryPath,
    recorderPath,
    seed,
    threads: 1,
    functions: [fnName],
    work: { kind: 'generate', starts: [0], ends: [0], deadline: null },
    guardPages: DEFAULT_OPTIONS.guardPages,
    stats: stats ? { path: statsPath, functions: [fnName], timed: false } : null,
  };
  let findings = 0;
  const thread = await loadEngineThread({ job, worker: 0, barrier: new SharedArrayBuffer(SHARED_BYTES) }, (m) => {
    if (m.type === 'finding') findings++;
  });
  return {
    thread,
    fn,
    findings: () => findings,
    plain: plainCaller(koffi.load(ref.libraryPath), fn),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
