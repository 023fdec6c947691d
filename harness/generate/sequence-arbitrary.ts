import fc from 'fast-check';
import { roleOf, type ResolvedLifecycle } from '../ffi/resolve-lifecycle.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { ArgValue, CallInput } from '../model/call-input.js';
import { callArbitrary } from './arbitraries.js';

/** A generated call sequence for a target with a lifecycle. */
export interface CallSequence {
  readonly calls: readonly CallInput[];
  /** A release call whose handle argument the engine fills in, once per handle the sequence left live. */
  readonly teardown: CallInput;
}

/** Longest generated sequence (teardown calls come on top). */
export const MAX_SEQUENCE_LENGTH = 16;

/** One generated call before its handle is linked: `pick` and `bias` choose which earlier creation it takes. */
interface Step {
  readonly call: CallInput;
  readonly pick: number;
  readonly bias: number;
}

/** Percent of handle choices that go to a released handle when there is one (use after release, double release). */
const STALE_BIAS = 45;
/** Percent (on top) that go to a live handle; of the rest, most take any creation and a few none at all. */
const LIVE_BIAS = 47;
const ANY_BIAS = 5;

/**
 * Call sequences for a `new / use / free` API, as in model-based testing: each step calls one
 * function, and a use or release step takes the handle of an earlier creation. When the API
 * promises to reject stale handles, steps are biased towards released ones (use after release,
 * double release) and sometimes pass none at all; otherwise they only take live handles.
 * Pure: the same random stream gives the same sequence (input-stream.ts relies on it).
 */
export function sequenceArbitrary(
  lifecycle: ResolvedLifecycle,
  fns: readonly ResolvedFunction[],
  maxLength = MAX_SEQUENCE_LENGTH,
): fc.Arbitrary<CallSequence> {
  const release = fns.find((f) => f.name === lifecycle.release);
  if (release === undefined || !fns.some((f) => f.name === lifecycle.create)) {
    throw new Error(
      `sequenceArbitrary: the lifecycle's create (${lifecycle.create}) and release (${lifecycle.release}) functions must both be loaded`,
    );
  }
  const steps = fns.map((fn) => {
    const role = roleOf(lifecycle, fn.name);
    const weight = role === 'create' || role === 'release' ? 3 : role === 'use' ? 2 : 1;
    const arbitrary = fc.record({ call: callArbitrary(fn), pick: fc.nat(), bias: fc.integer({ min: 0, max: 99 }) });
    return { weight, arbitrary };
  });
  return fc
    .tuple(fc.array(fc.oneof(...steps), { minLength: 1, maxLength }), callArbitrary(release))
    .map(([generated, teardown]) => ({ calls: linkHandles(generated, lifecycle), teardown }));
}

/** Gives every use and release step the handle of an earlier creation, following the static model of the sequence. */
export function linkHandles(steps: readonly Step[], lifecycle: ResolvedLifecycle): CallInput[] {
  const created: number[] = [];
  const released = new Set<number>();
  const calls: CallInput[] = [];
  for (const { call, pick, bias } of steps) {
    const role = roleOf(lifecycle, call.fn);
    if (role === 'create') created.push(calls.length);
    if (role !== 'use' && role !== 'release') {
      calls.push(call);
      continue;
    }
    const live = created.filter((p) => !released.has(p));
    const stale = created.filter((p) => released.has(p));
    let from: number;
    if (lifecycle.rejectsStale) {
      const pools =
        bias < STALE_BIAS
          ? [stale, live]
          : bias < STALE_BIAS + LIVE_BIAS
            ? [live, stale]
            : bias < STALE_BIAS + LIVE_BIAS + ANY_BIAS
              ? [created]
              : [];
      const pool = pools.find((p) => p.length > 0);
      from = pool === undefined ? -1 : pool[pick % pool.length]!;
    } else {
      // No promise about stale handles: passing one would be undefined behaviour, not a finding.
      if (live.length === 0) continue;
      from = live[pick % live.length]!;
    }
    if (role === 'release' && from >= 0) released.add(from);
    calls.push(withHandle(call, lifecycle.handleParams.get(call.fn)!, from));
  }
  return calls;
}

/** The call with its handle argument taken from call `from` of the sequence. */
export function withHandle(call: CallInput, param: number, from: number): CallInput {
  return { fn: call.fn, args: call.args.map((a, i): ArgValue => (i === param ? { kind: 'handle', from } : a)) };
}
