import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { defineTarget } from '../../ffi/target-spec.js';
import type { CallInput } from '../../model/call-input.js';
import { createRecorderFile, RecorderSlot } from '../flight-recorder.js';
import type { BoundFunction, CallEffects } from '../invoke.js';
import { slotSizeFor } from '../recorder-layout.js';
import { readRecorder } from '../recorder-reader.js';
import { RecordedCall, type CallObserver, type Callable } from '../recorded-call.js';

/** `int32_t count(int32_t x)`: deterministic unless `deterministic` is false. */
export function countFunction(deterministic = true) {
  return resolveTarget(
    defineTarget({
      name: 't',
      library: 'x.so',
      functions: { count: { prototype: 'int32_t count(int32_t x)', contract: { deterministic } } },
    }),
    '/tmp',
  ).functions[0]!;
}

/** An input of `count`. */
export const countInput = (x: number): CallInput => ({ fn: 'count', args: [{ kind: 'int', value: BigInt(x) }] });

/**
 * The recorded call over a real flight-recorder file, with `count` bound to a script instead of a
 * library: `results` answers each call in turn, and `seen` tells what the recorder held during it.
 */
export function scriptedCall(results: readonly unknown[], deterministic = true, observer?: CallObserver) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-call-')), 'recorder.bin');
  createRecorderFile(file, 1, slotSizeFor(1, 64));
  const fn = countFunction(deterministic);
  const seen: string[] = [];
  let calls = 0;
  const bound = {
    fn,
    invoke: (): CallEffects => {
      const [slot] = readRecorder(file);
      seen.push(`${slot?.state} ${slot?.input?.fn}#${slot?.streamIndex}`);
      const result = results[Math.min(calls++, results.length - 1)];
      return { result, damage: undefined, constChanged: undefined };
    },
  } as unknown as BoundFunction;
  const callable: Callable = { bound, name: Buffer.from('count'), lastError: undefined, row: 0 };
  const call = new RecordedCall(new RecorderSlot(file, 0), new Map([['count', callable]]), observer);
  return { call, seen, slots: () => readRecorder(file), close: () => fs.rmSync(path.dirname(file), { recursive: true, force: true }) };
}
