import type { ArgJson, CallInputJson } from '../model/call-input.js';

// Handle arguments point at an earlier call of their sequence by index. Whoever moves calls
// around (the minimizer dropping one, the supervisor replaying several sequences in one list)
// must move the references with them, or a handle would silently come from another call.

/** The call with each handle reference `from` replaced by `map(from)`; other arguments untouched. */
export function mapHandleRefs(call: CallInputJson, map: (from: number) => number): CallInputJson {
  if (!call.args.some((a) => a.kind === 'handle')) return call;
  return {
    fn: call.fn,
    args: call.args.map((a): ArgJson => (a.kind === 'handle' ? { kind: 'handle', from: a.from < 0 ? -1 : map(a.from) } : a)),
  };
}

/**
 * Sequences run one after another in one list (one replay): each call keeps pointing into its
 * own sequence. `owner[k]` says which sequence list call k came from.
 */
export function concatSequences(sequences: readonly (readonly CallInputJson[])[]): { calls: CallInputJson[]; owner: number[] } {
  const calls: CallInputJson[] = [];
  const owner: number[] = [];
  sequences.forEach((sequence, s) => {
    const offset = calls.length;
    for (const call of sequence) {
      calls.push(mapHandleRefs(call, (from) => from + offset));
      owner.push(s);
    }
  });
  return { calls, owner };
}
