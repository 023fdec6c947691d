import type { CallInputJson } from '../model/call-input.js';

/** How the crash-mix fixture dies on an input (targets/crash-mix/src/lib.rs), or null when it returns. */
export type CrashMixWay = 'panic' | 'abort' | 'segv' | 'kill';

/** The record kind each way is triaged as: a SIGKILL from another process is an `exit` (killed). */
export const KIND_OF_WAY: Readonly<Record<CrashMixWay, string>> = { panic: 'panic', abort: 'abort', segv: 'segv', kill: 'exit' };

/** crash-mix's rule, restated: FNV-1a of the bytes; odd dies, bits 1-2 choose the way. */
function crashMixWay(bytes: Uint8Array): CrashMixWay | null {
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  if ((hash & 1) === 0) return null;
  return (['panic', 'abort', 'segv', 'kill'] as const)[(hash >>> 1) & 3]!;
}

/** The bytes crash-mix reads of a recorded input: its buffer, up to the length passed with it. */
export function bytesRead(input: CallInputJson | null): Buffer | null {
  const buffer = input?.args[0];
  if (buffer?.kind !== 'buffer') return null;
  const bytes = Buffer.from(buffer.hex, 'hex');
  return bytes.subarray(0, Math.max(0, Math.min(bytes.length, buffer.declaredLength ?? bytes.length)));
}

/** The way a recorded crash-mix input dies. */
export function wayOfInput(input: CallInputJson | null): CrashMixWay | null {
  const bytes = bytesRead(input);
  return bytes === null ? null : crashMixWay(bytes);
}
