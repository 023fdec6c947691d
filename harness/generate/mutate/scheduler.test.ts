import { describe, expect, it } from 'vitest';
import type { CallInput } from '../../model/call-input.js';
import { Rng } from './rng.js';
import { Scheduler } from './scheduler.js';

const input = (byte: number): CallInput => ({
  fn: 'f',
  args: [
    { kind: 'buffer', bytes: Uint8Array.of(byte), align: 0 },
    { kind: 'length', of: 0 },
  ],
});
const hash = (n: number) => n.toString(16).padStart(40, '0');

describe('Scheduler', () => {
  it('should pick entries that brought more coverage more often', () => {
    const s = new Scheduler();
    s.add(input(1), hash(1), 0);
    s.add(input(2), hash(2), 30);
    const rng = new Rng(9);
    const picks = Array.from({ length: 1000 }, () => s.pick(rng).hash);
    expect(picks.filter((h) => h === hash(2)).length).toBeGreaterThan(800);
  });

  it('should rarely pick an entry whose mutants crashed the engine before', () => {
    const s = new Scheduler(new Set([hash(2)]));
    s.add(input(1), hash(1), 1);
    s.add(input(2), hash(2), 1);
    const rng = new Rng(9);
    const picks = Array.from({ length: 1000 }, () => s.pick(rng).hash);
    expect(picks.filter((h) => h === hash(2)).length).toBeLessThan(30);
  });

  it('should offer another entry of the same function for splicing', () => {
    const s = new Scheduler();
    expect(s.otherBytes(new Rng(1), 'f', 0)).toBeUndefined();
    s.add(input(1), hash(1), 1);
    s.add(input(2), hash(2), 1);
    expect([1, 2]).toContain(s.otherBytes(new Rng(1), 'f', 0)![0]);
  });
});
