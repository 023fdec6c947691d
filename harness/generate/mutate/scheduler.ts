import type { CallInput } from '../../model/call-input.js';
import type { CompareOperands } from './mutator.js';
import type { Rng } from './rng.js';

/** One input of the in-memory corpus, with what the scheduler learns about it. */
export interface CorpusItem {
  readonly input: CallInput;
  /** sha1 of its JSON form (the queue file name). */
  readonly hash: string;
  /** Features it brought when it was added. */
  readonly gain: number;
  /** Times picked as a parent, and mutants of it that found new coverage. */
  picks: number;
  finds: number;
  /** Its compare log, captured the first time it is picked. */
  compares: CompareOperands[] | undefined;
  /** Its mutants crashed the process before: picked rarely (each crash costs a restart). */
  penalized: boolean;
  /** The hash as raw bytes (for the round marker). */
  readonly raw: Uint8Array;
}

/**
 * Picks the next corpus entry to mutate. Energy comes from coverage: an entry that brought many
 * new features, or whose mutants keep finding more, is picked more often; one picked many times
 * for nothing fades (AFL's and libFuzzer's schedules, reduced to one formula). A pick costs
 * O(corpus) but starts a round of mutants, so it is paid once per round, not per execution.
 */
export class Scheduler {
  private readonly items: CorpusItem[] = [];
  private readonly byFn = new Map<string, CorpusItem[]>();

  /** `penalties`: hashes of entries whose mutants crashed an earlier child. */
  constructor(private readonly penalties: ReadonlySet<string> = new Set()) {}

  get size(): number {
    return this.items.length;
  }

  has(fn: string): boolean {
    return (this.byFn.get(fn)?.length ?? 0) > 0;
  }

  add(input: CallInput, hash: string, gain: number): CorpusItem {
    const item: CorpusItem = {
      input,
      hash,
      gain,
      picks: 0,
      finds: 0,
      compares: undefined,
      penalized: this.penalties.has(hash),
      raw: Uint8Array.from(Buffer.from(hash, 'hex')),
    };
    this.items.push(item);
    const same = this.byFn.get(input.fn);
    if (same === undefined) this.byFn.set(input.fn, [item]);
    else same.push(item);
    return item;
  }

  /** A parent for the next round, by energy. */
  pick(rng: Rng): CorpusItem {
    let total = 0;
    const weights = new Float64Array(this.items.length);
    for (let i = 0; i < this.items.length; i++) {
      total += weights[i] = energy(this.items[i]!);
    }
    let x = (rng.u32() / 0x100000000) * total;
    for (let i = 0; i < this.items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return this.items[i]!;
    }
    return this.items[this.items.length - 1]!;
  }

  /** The bytes of parameter `param` of another entry of the same function (for splicing). */
  otherBytes(rng: Rng, fn: string, param: number): Uint8Array | undefined {
    const same = this.byFn.get(fn);
    if (same === undefined || same.length < 2) return undefined;
    const arg = rng.pick(same).input.args[param];
    return arg?.kind === 'buffer' ? arg.bytes : undefined;
  }
}

/** Energy of an entry: what it brought and what its mutants found, fading with fruitless picks. */
export function energy(item: CorpusItem): number {
  return ((1 + item.gain + 8 * item.finds) / (1 + item.picks / 16)) * (item.penalized ? 1 / 256 : 1);
}
