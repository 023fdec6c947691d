import type { CallInputJson } from '../../../model/call-input.js';
import { isFailure } from '../../../model/outcome.js';
import type { CrashRecord } from '../../../store/crash-record.js';
import { triageOutcome } from '../../capture/crash-capture.js';
import type { ReplayServer } from '../replay-server.js';
import { callSize, STRATEGIES } from './strategies.js';
import { dropCall } from './drop-call.js';
import type { Sequence } from './sequence.js';

export interface MinimizeBudget {
  readonly maxRuns: number;
  /** Epoch ms. */
  readonly deadline: number;
  /** Stops it early (the candidate in flight is not counted): the best sequence so far is kept. */
  readonly stop?: AbortSignal;
}

export interface MinimizeResult extends Sequence {
  /** Candidates executed. */
  readonly runs: number;
  /** Candidates that still failed the same way (each cost a fresh process when it crashed). */
  readonly kept: number;
  readonly sizeBefore: number;
  readonly sizeAfter: number;
  /** True when the budget ran out before no strategy could shrink it further. */
  readonly exhausted: boolean;
}

/** Does this sequence still fail with the record's signature? Crashes must die the same way; oracle findings must fail the same oracle. */
export async function stillFails(record: CrashRecord, server: ReplayServer, seq: Sequence): Promise<boolean> {
  const result = await server.run([...seq.preceding, seq.input]);
  if (result.kind === 'died') return result.triage.id === record.id;
  const last = result.outcomes[result.outcomes.length - 1];
  return last !== undefined && isFailure(last) && triageOutcome(seq.input.fn, last).id === record.id;
}

const sizeOf = (seq: Sequence) => seq.preceding.reduce((n, c) => n + callSize(c), 0) + callSize(seq.input);

/**
 * Shrinks a failing sequence while it keeps the record's signature: drops preceding calls, then
 * applies each strategy to each call (greedy, first success kept), repeating until a full pass
 * changes nothing or the budget is spent. Candidates run in a child reused until it dies.
 */
export async function minimize(
  record: CrashRecord,
  start: Sequence,
  server: ReplayServer,
  budget: MinimizeBudget,
): Promise<MinimizeResult> {
  let best = start;
  let runs = 0;
  let kept = 0;
  const spent = () => runs >= budget.maxRuns || Date.now() >= budget.deadline || budget.stop?.aborted === true;
  const attempt = async (candidate: Sequence | undefined): Promise<boolean> => {
    if (candidate === undefined || spent() || (sizeOf(candidate) >= sizeOf(best) && candidate.preceding.length >= best.preceding.length))
      return false;
    runs++;
    // A candidate whose child the stop killed did not fail on its own: it is not kept.
    if (!(await stillFails(record, server, candidate)) || budget.stop?.aborted === true) return false;
    kept++;
    best = candidate;
    return true;
  };

  // Drop preceding calls (handle references re-indexed) until none can go: dropping one can free another.
  const rejectsStale = record.target.spec.lifecycle?.rejectsStale === true;
  for (let dropped = true; dropped && !spent(); ) {
    dropped = false;
    for (let i = best.preceding.length - 1; i >= 0; i--) if (await attempt(dropCall(best, i, rejectsStale))) dropped = true;
  }
  let changed = true;
  while (changed && !spent()) {
    changed = false;
    for (let position = -1; position < best.preceding.length; position++) {
      const current = () => (position < 0 ? best.input : best.preceding[position]!);
      const place = (call: CallInputJson): Sequence =>
        position < 0
          ? { preceding: best.preceding, input: call }
          : { preceding: best.preceding.map((c, k) => (k === position ? call : c)), input: best.input };
      for (const strategy of STRATEGIES) {
        for (const candidate of strategy.apply(current)) {
          if (spent()) break;
          if (await attempt(place(candidate))) changed = true;
        }
      }
    }
  }
  return { ...best, runs, kept, sizeBefore: sizeOf(start), sizeAfter: sizeOf(best), exhausted: spent() };
}
