import { BYTE_MUTATORS } from './byte-mutators.js';
import type { ByteMutator, MutationContext } from './mutator.js';
import { REPEAT_MUTATORS } from './repeat-mutators.js';
import { TOKEN_MUTATORS } from './token-mutators.js';

/** Every byte mutator of ordinary mutants, by name: the engine draws from these. */
export const MUTATORS: readonly ByteMutator[] = [...BYTE_MUTATORS, ...TOKEN_MUTATORS];

export const MUTATOR_NAMES: readonly string[] = [...MUTATORS, ...REPEAT_MUTATORS].map((m) => m.name);

/** Most mutators stacked on one input (libFuzzer's default depth). */
export const MAX_STACK = 5;

/**
 * Applies 1..MAX_STACK random mutators to data[0, size) in place and returns the new size and the
 * names of the mutators that applied (the mutation chain kept with corpus entries). A mutator
 * that does not apply is skipped and another drawn, a bounded number of times.
 */
export function mutateBytes(data: Uint8Array, size: number, ctx: MutationContext, chain: string[]): number {
  const { rng } = ctx;
  const depth = 1 + rng.below(MAX_STACK);
  for (let step = 0, tries = 0; step < depth && tries < depth * 8; tries++) {
    const m = MUTATORS[rng.below(MUTATORS.length)]!;
    const next = m.mutate(data, size, ctx);
    if (next < 0) continue;
    size = next;
    chain.push(m.name);
    step++;
  }
  return size;
}

/**
 * Makes a long mutant: one of the repeat mutators (repeat-mutators.ts), using the room `data`
 * has, then possibly one ordinary mutation. Falls back to ordinary mutations when none applies.
 */
export function mutateLong(data: Uint8Array, size: number, ctx: MutationContext, chain: string[]): number {
  const { rng } = ctx;
  for (let tries = 0; tries < 4; tries++) {
    const m = rng.pick(REPEAT_MUTATORS);
    const next = m.mutate(data, size, ctx);
    if (next < 0) continue;
    chain.push(m.name);
    if (!rng.oneIn(2)) return next;
    const after = MUTATORS[rng.below(MUTATORS.length)]!;
    const final = after.mutate(data, next, ctx);
    if (final < 0) return next;
    chain.push(after.name);
    return final;
  }
  return mutateBytes(data, size, ctx, chain);
}
