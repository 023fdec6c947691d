import type { CallInput } from '../model/call-input.js';
import type { Learned } from './call-stats.js';

/** Probes that must come back alike before a function counts as pure. */
export const PURE_AFTER = 3;

/** Verdicts reached earlier (by earlier lives of the campaign): a thread starts from them. */
export type KnownVerdicts = Readonly<Record<string, 'pure' | 'stateful'>>;

/** What the learner knows about one function. */
interface Learning {
  verdict: Learned;
  probes: number;
  /** An earlier input of the function, its result, and the thread's call count and function mix when it ran. */
  pending: { readonly input: CallInput; readonly result: string; readonly at: number; readonly others: number } | undefined;
}

/**
 * Learns, on one thread and before any result comparison judges a function, whether its result
 * depends on earlier calls: the determinism oracle (same input twice in a row, same result) and
 * stress mode's differential oracle (same result together as alone) only hold for functions whose
 * result is a function of their input. A stateful function — an event buffer returning its
 * count, a constructor returning a fresh pointer, an id counter — would fail both while correct.
 *
 * The probe, per function: input X ran and returned r ({@link offer}); later, after calls of other
 * inputs (of another function when the thread calls several), X runs again ({@link due},
 * {@link settle}). A different result means the result depends on history: 'stateful', and
 * neither oracle judges it. {@link PURE_AFTER} probes that come back alike make it 'pure'. Until
 * then it is 'unknown' and is not judged either. Deterministic: the same calls give the same verdicts.
 */
export class StatefulnessLearner {
  private readonly functions = new Map<string, Learning>();
  /** Calls the thread made so far, and of those, calls of each function. */
  private calls = 0;
  private readonly callsOf = new Map<string, number>();

  /**
   * @param several - the thread calls more than one function: a probe then waits for a call of
   * another function (the one most likely to change shared state), not only of another input.
   * @param concluded - told each verdict once it is reached (the call statistics).
   */
  constructor(
    private readonly several: boolean,
    private readonly concluded: (fn: string, verdict: Learned) => void = () => undefined,
    known: KnownVerdicts = {},
  ) {
    for (const [fn, verdict] of Object.entries(known)) this.functions.set(fn, { verdict, probes: 0, pending: undefined });
  }

  verdict(fn: string): Learned {
    return this.functions.get(fn)?.verdict ?? 'unknown';
  }

  /** A call of `input` returned `result` (rendered): it becomes the function's next probe unless one is pending. */
  offer(input: CallInput, result: string): void {
    this.saw(input.fn);
    const learning = this.learning(input.fn);
    if (learning.verdict === 'unknown' && learning.pending === undefined)
      learning.pending = { input, result, at: this.calls, others: this.othersThan(input.fn) };
  }

  /**
   * The earlier input of `fn` to run again now, if a probe is due (other calls ran since it did):
   * the caller runs it and passes its result to {@link settle}.
   */
  due(fn: string): CallInput | undefined {
    const pending = this.learning(fn).pending;
    if (pending === undefined) return undefined;
    const between = this.several ? this.othersThan(fn) - pending.others : this.calls - pending.at;
    return between > 0 ? pending.input : undefined;
  }

  /** A call of `fn` that is not offered (a function never compared): it counts as a call between probes. */
  saw(fn: string): void {
    this.calls++;
    this.callsOf.set(fn, (this.callsOf.get(fn) ?? 0) + 1);
  }

  /** The probe `input` (from {@link next}) returned `result` this time. */
  settle(input: CallInput, result: string): void {
    const learning = this.learning(input.fn);
    const pending = learning.pending;
    if (pending === undefined || pending.input !== input) return;
    learning.pending = undefined;
    if (result !== pending.result) this.conclude(input.fn, learning, 'stateful');
    else if (++learning.probes >= PURE_AFTER) this.conclude(input.fn, learning, 'pure');
  }

  private conclude(fn: string, learning: Learning, verdict: Learned): void {
    learning.verdict = verdict;
    this.concluded(fn, verdict);
  }

  private othersThan(fn: string): number {
    return this.calls - (this.callsOf.get(fn) ?? 0);
  }

  private learning(fn: string): Learning {
    let learning = this.functions.get(fn);
    if (learning === undefined) {
      learning = { verdict: 'unknown', probes: 0, pending: undefined };
      this.functions.set(fn, learning);
    }
    return learning;
  }
}
