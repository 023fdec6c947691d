import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../model/call-input.js';
import { concatSequences, mapHandleRefs } from './handle-refs.js';

const create: CallInputJson = { fn: 'new', args: [] };
const free = (from: number): CallInputJson => ({ fn: 'free', args: [{ kind: 'handle', from }] });

describe('handle references', () => {
  it('should map references and keep "no handle" as it is', () => {
    expect(mapHandleRefs(free(2), (f) => f + 10)).toEqual(free(12));
    expect(mapHandleRefs(free(-1), (f) => f + 10)).toEqual(free(-1));
    expect(mapHandleRefs(create, (f) => f + 10)).toBe(create);
  });

  it('should keep each sequence pointing into itself when several run in one list', () => {
    const { calls, owner } = concatSequences([
      [create, free(0)],
      [create, create, free(1)],
    ]);

    expect(calls).toEqual([create, free(0), create, create, free(3)]);
    expect(owner).toEqual([0, 0, 1, 1, 1]);
  });
});
