import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../../../model/call-input.js';
import { dropCall } from './drop-call.js';

const create: CallInputJson = { fn: 'new', args: [] };
const use = (from: number): CallInputJson => ({
  fn: 'use',
  args: [
    { kind: 'handle', from },
    { kind: 'int', value: '3' },
  ],
});
const free = (from: number): CallInputJson => ({ fn: 'free', args: [{ kind: 'handle', from }] });

describe('dropCall', () => {
  it('should move references past the dropped call down by one', () => {
    // #0 new, #1 use(#0), #2 new, #3 free(#2) → input use(#2)
    const sequence = { preceding: [create, use(0), create, free(2)], input: use(2) };

    const dropped = dropCall(sequence, 1, true);

    expect(dropped).toEqual({ preceding: [create, create, free(1)], input: use(1) });
  });

  it('should turn a reference to the dropped call into no handle when the API rejects invalid handles (rejectsStale)', () => {
    const sequence = { preceding: [create, create, free(1)], input: free(1) };

    const dropped = dropCall(sequence, 1, true);

    expect(dropped).toEqual({ preceding: [create, free(-1)], input: free(-1) });
  });

  it('should leave earlier references, non-handle arguments and the original untouched', () => {
    const sequence = { preceding: [create, free(0), create], input: use(0) };
    const before = JSON.stringify(sequence);

    const dropped = dropCall(sequence, 2, false);

    expect(dropped).toEqual({ preceding: [create, free(0)], input: use(0) });
    expect(JSON.stringify(sequence)).toBe(before);
  });

  it('should drop the calls on a dropped creation with it when the API does not reject invalid handles', () => {
    // #0 new, #1 new, #2 use(#1), #3 free(#1) → input use(#0)
    const sequence = { preceding: [create, create, use(1), free(1)], input: use(0) };

    const dropped = dropCall(sequence, 1, false);

    expect(dropped).toEqual({ preceding: [create], input: use(0) });
  });

  it('should give no candidate when the failing call itself takes the dropped handle and the API does not reject invalid ones', () => {
    const sequence = { preceding: [create, create], input: free(1) };

    expect(dropCall(sequence, 1, false)).toBeUndefined();
    expect(dropCall(sequence, 0, false)).toEqual({ preceding: [create], input: free(0) });
  });
});
