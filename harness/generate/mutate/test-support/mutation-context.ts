import { Dictionary } from '../dictionary.js';
import type { CompareOperands, MutationContext } from '../mutator.js';
import { Rng } from '../rng.js';

/** What a test's mutation context may set; the rest is empty (no tokens, no compares, no other entry). */
export interface ContextOptions {
  readonly seed?: number;
  readonly tokens?: readonly Uint8Array[];
  readonly compares?: CompareOperands[];
  readonly other?: Uint8Array;
  readonly maxLength?: number;
}

/** A mutation context for unit tests of the mutators, seeded. */
export function mutationContext(options: ContextOptions = {}): MutationContext {
  const other = options.other;
  return {
    rng: new Rng(options.seed ?? 1),
    dictionary: new Dictionary(options.tokens ?? []),
    compares: options.compares ?? [],
    param: 0,
    other: () => other,
    used: [],
    maxLength: options.maxLength ?? 4096,
  };
}
