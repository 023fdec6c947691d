import { describe, expect, it } from 'vitest';
import { roleOf } from '../ffi/resolve-lifecycle.js';
import { resolveTarget, type ResolvedTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import { InputStream } from './input-stream.js';
import { MAX_SEQUENCE_LENGTH, sequenceArbitrary, type CallSequence } from './sequence-arbitrary.js';

function sessionTarget(rejectsStale: boolean): ResolvedTarget {
  const rejects = { errorReturn: 'negative' } as const;
  return resolveTarget(
    defineTarget({
      name: 'sessions',
      library: 'libsessions.so',
      functions: {
        s_new: { prototype: 'uint64_t s_new(void)' },
        s_push: {
          prototype: 'int32_t s_push(uint64_t s, const uint8_t *p, int32_t n)',
          params: { p: { maxLength: 8 } },
          contract: rejects,
        },
        s_free: { prototype: 'int32_t s_free(uint64_t s)', contract: rejects },
      },
      lifecycle: { create: 's_new', use: ['s_push'], release: 's_free', rejectsStale },
    }),
    '/tmp',
  );
}

const streamOf = (target: ResolvedTarget, seed: number, worker = 0) =>
  new InputStream<CallSequence>(sequenceArbitrary(target.lifecycle!, target.functions), seed, worker);

/** Where each handle argument of a sequence points, with the role of the call it points at. */
function references(sequence: CallSequence): { at: number; from: number }[] {
  return sequence.calls.flatMap((call, at) => call.args.flatMap((a) => (a.kind === 'handle' ? [{ at, from: a.from }] : [])));
}

describe('sequence arbitrary', () => {
  it('should give the same sequence for the same (seed, stream, index), in any order', () => {
    const target = sessionTarget(true);
    const forward = [0, 1, 2, 99].map((i) => streamOf(target, 5).at(i));
    const backward = [99, 2, 1, 0].map((i) => streamOf(target, 5).at(i)).reverse();

    expect(backward).toEqual(forward);
    expect(streamOf(target, 5, 1).at(2)).not.toEqual(forward[2]);
  });

  it('should take every handle from an earlier creation of the same sequence, or pass none', () => {
    const target = sessionTarget(true);
    const stream = streamOf(target, 1);

    for (let i = 0; i < 300; i++) {
      const sequence = stream.at(i);
      expect(sequence.calls.length).toBeGreaterThan(0);
      expect(sequence.calls.length).toBeLessThanOrEqual(MAX_SEQUENCE_LENGTH);
      expect(sequence.teardown.fn).toBe('s_free');
      for (const { at, from } of references(sequence)) {
        if (from === -1) continue;
        expect(from).toBeLessThan(at);
        expect(roleOf(target.lifecycle!, sequence.calls[from]!.fn)).toBe('create');
      }
    }
  });

  it('should often reuse released handles when the API promises to reject them', () => {
    const target = sessionTarget(true);
    const stream = streamOf(target, 2);
    let doubleRelease = 0;
    let useAfterRelease = 0;

    for (let i = 0; i < 300; i++) {
      const released = new Set<number>();
      for (const call of stream.at(i).calls) {
        const handle = call.args.find((a) => a.kind === 'handle');
        if (handle?.kind !== 'handle' || handle.from < 0) continue;
        if (released.has(handle.from) && call.fn === 's_free') doubleRelease++;
        if (released.has(handle.from) && call.fn !== 's_free') useAfterRelease++;
        if (call.fn === 's_free') released.add(handle.from);
      }
    }

    expect(doubleRelease).toBeGreaterThan(20);
    expect(useAfterRelease).toBeGreaterThan(20);
  });

  it('should pass only live handles when the API makes no promise about stale ones', () => {
    const target = sessionTarget(false);
    const stream = streamOf(target, 3);

    for (let i = 0; i < 300; i++) {
      const released = new Set<number>();
      for (const call of stream.at(i).calls) {
        const handle = call.args.find((a) => a.kind === 'handle');
        if (handle?.kind !== 'handle') continue;
        expect(handle.from).toBeGreaterThanOrEqual(0);
        expect(released.has(handle.from)).toBe(false);
        if (call.fn === 's_free') released.add(handle.from);
      }
    }
  });
});
