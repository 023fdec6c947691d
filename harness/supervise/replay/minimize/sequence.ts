import type { CallInputJson } from '../../../model/call-input.js';

/** A failing call sequence: the calls before, then the call that fails. */
export interface Sequence {
  readonly preceding: readonly CallInputJson[];
  readonly input: CallInputJson;
}
