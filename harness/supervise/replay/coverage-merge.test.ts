import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../../model/call-input.js';
import { selectMinimal, type MeasuredInput } from './coverage-merge.js';

const input = (hex: string): CallInputJson => ({
  fn: 'f',
  args: [
    { kind: 'buffer', hex, align: 0 },
    { kind: 'length', of: 0 },
  ],
});
const m = (sha1: string, hex: string, features: number[] | null): MeasuredInput => ({ sha1, input: input(hex), features });

describe('selectMinimal', () => {
  it('should keep a subset whose features equal the union, smallest inputs first', () => {
    const all = [m('a', 'aaaaaaaa', [1, 2, 3]), m('b', 'bb', [1, 2]), m('c', 'cccc', [3]), m('d', 'dd', [2]), m('e', 'eeeeee', [4, 1])];
    const keep = selectMinimal(all);
    const union = new Set(all.flatMap((x) => x.features!));
    const kept = new Set(all.filter((x) => keep.has(x.sha1)).flatMap((x) => x.features!));
    expect(kept).toEqual(union);
    expect([...keep].sort()).toEqual(['b', 'c', 'e']);
  });

  it('should drop inputs that crashed while measuring', () => {
    expect(selectMinimal([m('a', 'aa', null), m('b', 'bb', [1])])).toEqual(new Set(['b']));
  });
});
