import type { Dictionary } from './dictionary.js';
import type { Rng } from './rng.js';

/**
 * One pair of operands the target compared while running the entry being mutated (from the
 * coverage shim's compare table), both little-endian, `size` bytes each. One of them usually
 * came from the input; the other is what the target wanted there (a magic, a checksum, a tag).
 */
export interface CompareOperands {
  readonly size: 1 | 2 | 4 | 8;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

/** What a byte mutator may draw on besides the bytes it changes. */
export interface MutationContext {
  readonly rng: Rng;
  /** User (`--dict`, spec) and learned tokens. */
  readonly dictionary: Dictionary;
  /** The compare log of the entry being mutated (empty for an uninstrumented target); set per round. */
  compares: readonly CompareOperands[];
  /** The parameter whose bytes are being mutated (set by the input mutator). */
  param: number;
  /** The bytes of parameter `param` in another corpus entry, for splicing (undefined when there is none). */
  readonly other: (param: number) => Uint8Array | undefined;
  /** Set by the token mutators to the token they wrote, so a token that pays off can be kept. */
  used: Uint8Array | undefined;
}

/**
 * A byte-level mutation in libFuzzer's style: changes `data[0, size)` in place, within the
 * capacity `data.length`, and returns the new size, or -1 when it does not apply to this input
 * (the engine then tries another). A mutator never allocates per call unless it must.
 */
export interface ByteMutator {
  readonly name: string;
  readonly mutate: (data: Uint8Array, size: number, ctx: MutationContext) => number;
}

/** Marks a mutator: keeps names next to the code in one place. */
export function mutator(name: string, mutate: ByteMutator['mutate']): ByteMutator {
  return { name, mutate };
}
