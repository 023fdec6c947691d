import crypto from 'node:crypto';
import { HarnessError } from '../model/harness-error.js';

/** Shard `index` of `count` (1-based, as CI matrices count: `--shard 2/4`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n`; errors name the flag. */
export function parseShard(text: string, where = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(count >= 1 && count <= 1000 && index >= 1 && index <= count)) {
    throw new HarnessError('usage', `${where} expects i/n with 1 ≤ i ≤ n ≤ 1000, got '${text}'`, {
      where,
      hint: 'e.g. --shard 2/4 runs the second quarter of the entries',
    });
  }
  return { index, count };
}

/**
 * The shard an entry belongs to, from a hash of its stable key: each key lands in exactly one
 * shard whatever else is in the list, so shards are disjoint and together complete, and an entry
 * stays in its shard when others are added.
 */
export function shardOfKey(key: string, count: number): number {
  const digest = crypto.createHash('sha1').update(key).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** The items of one shard (all of them when `shard` is null), in their original order. */
export function selectShard<T>(items: readonly T[], keyOf: (item: T) => string, shard: Shard | null): T[] {
  if (shard === null) return [...items];
  return items.filter((item) => shardOfKey(keyOf(item), shard.count) === shard.index);
}
