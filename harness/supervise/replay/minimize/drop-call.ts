import { mapHandleRefs } from '../../../engine/handle-refs.js';
import type { Sequence } from './sequence.js';

/**
 * The sequence without preceding call `index`, its handle references re-indexed: a reference
 * past the dropped call moves down by one, and one to the dropped call itself becomes "no
 * handle" (-1), so no call silently takes its handle from a different creation.
 */
export function dropCall(sequence: Sequence, index: number): Sequence {
  const map = (from: number) => (from === index ? -1 : from > index ? from - 1 : from);
  return {
    preceding: sequence.preceding.flatMap((call, k) => (k === index ? [] : [mapHandleRefs(call, map)])),
    input: mapHandleRefs(sequence.input, map),
  };
}
