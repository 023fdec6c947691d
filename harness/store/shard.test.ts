import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardOfKey } from './shard.js';

describe('selectShard', () => {
  it('should split any set of entries into disjoint shards that together hold every entry', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 12 }),
        (keys, count) => {
          const shards = Array.from({ length: count }, (_, i) => selectShard(keys, (k) => k, { index: i + 1, count }));
          const seen = shards.flat();
          expect(seen.length).toBe(keys.length);
          expect(new Set(seen)).toEqual(new Set(keys));
        },
      ),
    );
  });

  it('should keep an entry in its shard whatever else is in the list (deterministic by key)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.string()), fc.integer({ min: 1, max: 9 }), (key, others, count) => {
        const shard = { index: shardOfKey(key, count), count };
        expect(selectShard([...others, key], (k) => k, shard)).toContain(key);
      }),
    );
  });

  it('should spread realistic ids over every shard', () => {
    const keys = Array.from({ length: 400 }, (_, i) => `chunk-parser/parse_chunk/panic-${i.toString(16).padStart(12, '0')}`);
    const sizes = [1, 2, 3, 4].map((index) => selectShard(keys, (k) => k, { index, count: 4 }).length);
    for (const size of sizes) expect(size).toBeGreaterThan(60);
  });

  it('should return everything without a shard', () => {
    expect(selectShard(['a', 'b'], (k) => k, null)).toEqual(['a', 'b']);
  });
});

describe('parseShard', () => {
  it('should read i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });

  it.each(['0/3', '4/3', '1/0', 'a/b', '1', '-1/2', '1/2/3'])('should reject %s naming the flag', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard expects i\/n/);
  });
});
