import type { Dictionary } from './dictionary.js';
import type { Rng } from './rng.js';

/**
 * One compare the target made while running the entry being mutated (from the coverage shim's
 * tables). One operand usually came from the input; the other is what the target wanted there (a
 * magic, a checksum, a tag, a keyword).
 * - `int`: an integer compare (SanitizerCoverage compare tracing), both little-endian, `size` bytes each.
 * - `bytes`: a byte-string compare (`memcmp`, `bcmp`, `strcmp`…, engine/native/compare-hooks.c),
 *   up to 64 bytes each; an empty `a` means `b` is a needle the target searched for (`strstr`,
 *   `memmem`) and did not find.
 */
export type CompareOperands =
  | { readonly kind: 'int'; readonly size: 1 | 2 | 4 | 8; readonly a: Uint8Array; readonly b: Uint8Array }
  | { readonly kind: 'bytes'; readonly a: Uint8Array; readonly b: Uint8Array };

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
  /**
   * The tokens the token mutators wrote into the current mutant, in order (cleared per mutant): a
   * mutant that pays off has every one of them kept, as libFuzzer keeps a mutation sequence's
   * dictionary entries.
   */
  readonly used: Uint8Array[];
  /**
   * How long ordinary mutants may grow, in bytes (length-control.ts); set per round. Long mutants
   * (repeat-mutators.ts) may go up to the buffer's own maximum.
   */
  maxLength: number;
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
