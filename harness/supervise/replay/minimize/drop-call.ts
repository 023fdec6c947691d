import { mapHandleRefs } from '../../../engine/handle-refs.js';
import type { CallInputJson } from '../../../model/call-input.js';
import type { Sequence } from './sequence.js';

/**
 * The sequence without preceding call `index`, its handle references re-indexed so no call
 * silently takes its handle from a different creation. What becomes of the calls that took the
 * dropped call's handle depends on what the generator could have made:
 *  - `rejectsStale`: the API promises to reject invalid handles, and the generator passes them on
 *    purpose; those calls stay, with "no handle" (-1);
 *  - otherwise a call only ever receives a live handle: those calls go too, and when the failing
 *    call itself took it there is no candidate (undefined).
 */
export function dropCall(sequence: Sequence, index: number, rejectsStale: boolean): Sequence | undefined {
  const takes = (call: CallInputJson) => call.args.some((a) => a.kind === 'handle' && a.from === index);
  if (!rejectsStale && takes(sequence.input)) return undefined;
  const gone = new Set([index, ...sequence.preceding.flatMap((call, k) => (!rejectsStale && takes(call) ? [k] : []))]);
  const below = (from: number) => [...gone].filter((k) => k < from).length;
  const map = (from: number) => (gone.has(from) ? -1 : from - below(from));
  return {
    preceding: sequence.preceding.flatMap((call, k) => (gone.has(k) ? [] : [mapHandleRefs(call, map)])),
    input: mapHandleRefs(sequence.input, map),
  };
}
