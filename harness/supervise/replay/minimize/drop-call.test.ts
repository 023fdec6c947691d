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

    const dropped = dropCall(sequence, 1);

    expect(dropped).toEqual({ preceding: [create, create, free(1)], input: use(1) });
  });

  it('should turn a reference to the dropped call into no handle instead of another creation', () => {
    const sequence = { preceding: [create, create, free(1)], input: free(1) };

    const dropped = dropCall(sequence, 1);

    expect(dropped).toEqual({ preceding: [create, free(-1)], input: free(-1) });
  });

  it('should leave earlier references, non-handle arguments and the original untouched', () => {
    const sequence = { preceding: [create, free(0), create], input: use(0) };
    const before = JSON.stringify(sequence);

    const dropped = dropCall(sequence, 2);

    expect(dropped).toEqual({ preceding: [create, free(0)], input: use(0) });
    expect(JSON.stringify(sequence)).toBe(before);
  });
});
