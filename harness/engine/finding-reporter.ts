import { inputToJson, type CallInput } from '../model/call-input.js';
import type { Failure } from '../model/outcome.js';
import type { ConcurrentInput, EngineMessage } from './protocol.js';

/** Findings of one oracle on one function are reported a few times per thread, then only counted. */
export const REPORTS_PER_KEY = 3;

/**
 * Posts the findings of one engine thread to the supervisor: a few per (function, oracle), so a
 * bug hit on every call does not flood the IPC channel; the supervisor counts its bucket anyway.
 */
export class FindingReporter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly runId: string,
    private readonly post: (message: EngineMessage) => void,
  ) {}

  /**
   * Reports a failed call of thread `worker` at `streamIndex`. `preceding` are the calls before it
   * that are part of the failure; `concurrentWith` (built only when reported) the inputs that ran with it.
   */
  report(
    worker: number,
    streamIndex: number,
    input: CallInput,
    outcome: Failure,
    preceding: readonly CallInput[] = [],
    concurrentWith?: () => readonly ConcurrentInput[],
  ): void {
    const key = `${input.fn}:${outcome.kind === 'wrong-result' || outcome.kind === 'race' ? outcome.oracle : outcome.kind}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > REPORTS_PER_KEY) return;
    const finding = { worker, streamIndex, input: inputToJson(input), preceding: preceding.map(inputToJson), outcome };
    this.post({
      type: 'finding',
      runId: this.runId,
      finding: concurrentWith === undefined ? finding : { ...finding, concurrentWith: concurrentWith() },
    });
  }
}

/** The last-error oracles judge a call against the one before it on the same thread: that call is part of the finding. */
export function precedingOf(outcome: Failure, previous: CallInput | undefined): readonly CallInput[] {
  return outcome.kind === 'wrong-result' && outcome.oracle.startsWith('last-error') && previous !== undefined ? [previous] : [];
}
