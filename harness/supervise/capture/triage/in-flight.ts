// A death with nothing to locate it (no in-target frame, no source location) during a concurrent
// burst is named by what was running: the set of functions in flight. The set, not the count or the
// order: the same race kills the process with 3 or 8 threads inside, in any order.

/** The signature part for the functions in flight: `in flight: a, b` (sorted, each once). */
export function inflightKey(functions: readonly string[]): string {
  return `in flight: ${[...new Set(functions)].sort().join(', ')}`;
}

/**
 * How a headline names what was running: "while `event_push` ran on 8 threads",
 * "while `a` and `b` ran on 3 threads", "while `f` ran".
 */
export function whileRunning(functions: readonly string[]): string {
  const names = [...new Set(functions)].sort().map((fn) => `\`${fn}\``);
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return functions.length <= 1 ? `while ${list} ran` : `while ${list} ran on ${functions.length} threads`;
}
