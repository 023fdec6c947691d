import type { SlotRecord } from '../../engine/recorder-reader.js';
import { inputToJson } from '../../model/call-input.js';
import type { InflightInput } from '../../store/crash-record.js';

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
