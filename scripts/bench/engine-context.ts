import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import { DEFAULT_OPTIONS } from '../../harness/config/options.js';
import { Arena } from '../../harness/engine/arena.js';
import { createRecorderFile, RecorderSlot } from '../../harness/engine/flight-recorder.js';
import { BoundFunction } from '../../harness/engine/invoke.js';
import type { LastErrorMemory } from '../../harness/engine/oracles.js';
import type { ResolvedFunction } from '../../harness/ffi/resolve-target.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { slotSizeOf } from '../../harness/supervise/child/engine-setup.js';
import { plainCaller } from './plain-call.js';
import type { CallInput } from '../../harness/model/call-input.js';

/**
 * One function set up in this process the way an engine worker sets it up (worker-loop.ts): the
 * library loaded by koffi, an arena with the default guard pages, a flight-recorder slot in a
 * real mapped file, the last-error getter; and, beside it, the same function bound plainly.
 */
export interface EngineContext {
  readonly fn: ResolvedFunction;
  readonly name: Uint8Array;
  readonly arena: Arena;
  readonly bound: BoundFunction;
  readonly recorder: RecorderSlot;
  readonly lastError: (() => string | undefined) | undefined;
  readonly memory: LastErrorMemory;
  readonly plain: (input: CallInput) => unknown;
  /** Removes the recorder file. */
  readonly close: () => void;
}

export function engineContext(ref: TargetRef, fnName: string, seed: number): EngineContext {
  const fn = ref.target.functions.find((f) => f.name === fnName);
  if (fn === undefined) throw new Error(`${ref.target.name} has no function ${fnName}`);
  const lib = koffi.load(ref.libraryPath);
  const maxBytes = Math.max(64, ...fn.params.map((p) => (p.role === 'buffer' ? p.maxLength : p.role === 'output' ? p.size : 0)));
  const arena = new Arena(Math.max(1, fn.params.length), maxBytes + 64, seed, DEFAULT_OPTIONS.guardPages);
  const call = lib.func(fn.koffiPrototype) as (...args: unknown[]) => unknown;
  const helper = fn.lastError === undefined ? undefined : ref.target.helpers.get(fn.lastError);
  const getter = helper === undefined ? undefined : (lib.func(helper.koffiPrototype) as () => string | null);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-'));
  const recorderFile = path.join(dir, 'recorder.bin');
  createRecorderFile(recorderFile, 1, slotSizeOf(ref.target));
  return {
    fn,
    name: Buffer.from(fn.name, 'latin1'),
    arena,
    bound: new BoundFunction(call, fn, arena),
    recorder: new RecorderSlot(recorderFile, 0),
    lastError: getter === undefined ? undefined : () => getter() ?? undefined,
    memory: { result: undefined, message: undefined },
    plain: plainCaller(lib, fn),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
