import type { CallInput } from '../model/call-input.js';
import type { Outcome } from '../model/outcome.js';
import type { LifecycleModel } from './lifecycle-model.js';
import type { CallJudge, RecordedCall } from './recorded-call.js';

/**
 * One call of a sequence, decided at run time: made through the recorded call with its handles
 * resolved by the model, or — when the model says its handle is not live (a failed creation, a
 * released handle, and no rejectsStale promise) — skipped: recorded in its place, counted, not made.
 * The same rule holds in a campaign and in every replay (repro, minimisation, the alignment sweep),
 * so a replayed sequence makes exactly the calls the campaign made.
 */
export function runSequenceCall(
  call: RecordedCall,
  model: LifecycleModel,
  judge: CallJudge<Outcome>,
  input: CallInput,
  streamIndex: number,
  step: number,
): Outcome {
  const reason = model.skipReason(input);
  if (reason === undefined) return call.run(input, streamIndex, judge, step, model.resolve);
  call.skip(input, streamIndex, step);
  model.skip();
  return { kind: 'skipped', result: 'null', reason };
}
