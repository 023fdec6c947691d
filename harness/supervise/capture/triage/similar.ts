import { locationWithoutColumn } from './normalize.js';
import type { Triage } from './triage.js';

// Signatures are deliberately strict (the location is part of them), so one bug can still
// land in a few buckets: a line moved between two builds, a different caller chain, a
// backtrace with or without RUST_BACKTRACE. areSimilar() tells those near-duplicates apart
// from unrelated crashes. Use it to GROUP buckets (related crashes listed together in a
// report, `repro` saying "reproduced a variant", `corpus merge` of shards built from
// different commits); never to decide that a minimized input kept its crash — that needs
// an equal signature.

/** How many frames two triages must share, in order, to count as similar. */
export const MIN_COMMON_FRAMES = 2;

/**
 * True when both triages have the same kind and either the same location (file:line) or at
 * least {@link MIN_COMMON_FRAMES} frame symbols in common, in the same order (longest common
 * subsequence, so an inlined or extra frame in one stack does not break the match).
 */
export function areSimilar(a: Triage, b: Triage): boolean {
  if (a.kind !== b.kind) return false;
  if (a.location !== null && b.location !== null && locationWithoutColumn(a.location) === locationWithoutColumn(b.location)) return true;
  return commonInOrder(a.frames.map(frameSymbol), b.frames.map(frameSymbol)) >= MIN_COMMON_FRAMES;
}

/** The symbol of a Triage frame string `symbol (file:line)`. */
export function frameSymbol(frame: string): string {
  return frame.replace(/ \([^()]*\)$/, '');
}

// Length of the longest common subsequence (stacks are at most a handful of frames).
function commonInOrder(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const symbol of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) row.push(symbol === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!));
    previous = row;
  }
  return previous[b.length]!;
}
