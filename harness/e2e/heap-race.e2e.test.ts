import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzSeeds, type SeedRun } from './helpers.js';

// A heap-corrupting data race: `event_push` reallocs and frees a `static mut` buffer without a
// lock. Under `--mode stress` the process dies in the allocator, a different way almost every
// time (glibc's "double free or corruption", "corrupted size vs. prev_size", a SIGSEGV inside
// realloc, …), in whichever thread allocates next. Five seeds: one bucket, named by the function
// in flight, with every thread's input kept.

const SEEDS = ['1', '2', '3', '4', '5'];
const SIGNATURE = 'heap-corruption |  |  | in flight: event_push | ';

describe('heap-race (heap corruption under concurrency)', () => {
  let runs: SeedRun[] = [];

  beforeAll(async () => {
    runs = await fuzzSeeds('heap-race', SEEDS, [
      '--mode',
      'stress',
      '--threads',
      '4',
      '--runs',
      '48',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
    ]);
  });

  it('should exit 1 under every seed and print the command that reproduces the finding', () => {
    for (const { seed, fuzz } of runs) {
      expect(fuzz.exitCode, `seed ${seed}: ${fuzz.stderr.slice(-400)}`).toBe(1);
      expect(fuzz.stderr).toMatch(/^Reproduce with: node \S+ repro \S+\/event_push\/crashes\/heap-corruption-[0-9a-f]{12}\/crash\.json$/m);
      expect(fuzz.stderr).toContain('Failing input: only reproduces with these inputs running together:');
    }
  });

  it('should put every death of every seed in exactly one bucket, named by the function in flight', () => {
    const records = runs.flatMap((r) => r.records.map((x) => x.record));
    expect(runs.map((r) => r.records.length)).toEqual(SEEDS.map(() => 1));
    expect(new Set(records.map((r) => r.id)).size).toBe(1);
    expect(records[0]!.signature).toBe(SIGNATURE);
    expect(records[0]!.headline).toMatch(/^heap-corruption: .+ while `event_push` ran on \d threads$/);
  });

  it("should keep every thread's input, as a concurrent set", () => {
    for (const { seed, records } of runs) {
      const { record } = records[0]!;
      expect(record.kind, `seed ${seed}`).toBe('heap-corruption');
      expect(record.concurrent, `seed ${seed}`).toBe(true);
      expect(record.input).toBeNull();
      expect(new Set(record.inflight.map((i) => i.worker)).size, `seed ${seed}`).toBeGreaterThan(1);
      expect(record.inflight.every((i) => i.input.fn === 'event_push')).toBe(true);
    }
  });
});
