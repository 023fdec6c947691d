/**
 * Part `index` of a `runs` budget split into `parts` shares (threads, jobs): each takes the
 * rounded-up share until the budget is spent, so the parts add up to exactly `runs`. Null
 * (no budget: until the deadline) stays null.
 */
export function shareOf(runs: number | null, parts: number, index: number): number | null {
  if (runs === null) return null;
  const share = Math.ceil(runs / parts);
  return Math.max(0, Math.min(share, runs - index * share));
}

/** Every part's share of `runs` (see {@link shareOf}). */
export function sharesOf(runs: number | null, parts: number): (number | null)[] {
  return Array.from({ length: parts }, (_, index) => shareOf(runs, parts, index));
}

/** Epoch ms a campaign of `durationMs` started at `started` stops; null = no deadline. */
export function deadlineOf(started: number, durationMs: number | null): number | null {
  return durationMs === null ? null : started + durationMs;
}
