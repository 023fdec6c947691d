import type { CallInputJson } from '../../model/call-input.js';
import type { ReplayWork } from '../../engine/protocol.js';
import type { CrashRecord } from '../../store/crash-record.js';

/**
 * Replaying a concurrent record (`concurrent: true`: no input fails alone). The set runs again as
 * it ran: one engine thread per recorded thread, each with its inputs in stream order, released
 * together. A race needs the calls to overlap, so each thread runs its inputs many times per
 * replay; `repro --times N` then reports how many replays reproduced it.
 */

/** Times each thread runs its inputs in one replay of a concurrent set. */
export const CONCURRENT_REPLAY_ROUNDS = 200;

/** The concurrent set of a record: one list per recorded thread, in stream order. */
export function concurrentSet(record: CrashRecord): CallInputJson[][] {
  const byWorker = new Map<number, { streamIndex: number; input: CallInputJson }[]>();
  for (const entry of record.inflight) {
    const list = byWorker.get(entry.worker) ?? byWorker.set(entry.worker, []).get(entry.worker)!;
    list.push({ streamIndex: entry.streamIndex, input: entry.input });
  }
  return [...byWorker.keys()]
    .sort((a, b) => a - b)
    .map((w) =>
      byWorker
        .get(w)!
        .sort((a, b) => a.streamIndex - b.streamIndex)
        .map((e) => e.input),
    );
}

/**
 * Whether replays judge each concurrent call against the same input alone: true for the races
 * stress mode's differential and last-error oracles found; false for a concurrent crash.
 */
export function isDifferential(record: CrashRecord): boolean {
  return record.kind === 'race' && (record.oracle === 'differential' || record.oracle === 'last-error-foreign');
}

/** Engine work that replays a concurrent record. */
export function concurrentReplayWork(
  record: CrashRecord,
  rounds: number = CONCURRENT_REPLAY_ROUNDS,
): { threads: number; work: ReplayWork } {
  const inputs = concurrentSet(record);
  return {
    threads: Math.max(1, inputs.length),
    work: { kind: 'replay', inputs, concurrent: true, rounds, differential: isDifferential(record) },
  };
}
