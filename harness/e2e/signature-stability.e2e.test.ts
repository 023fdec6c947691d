import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir } from './helpers.js';

// One bug, one signature, whatever input reached it: five seeds reach chunk-parser's bugs through
// different inputs (lengths, alignments, JSON shapes) and must name each bug with the same id.

const SEEDS = ['1', '2', '3', '4', '5'];
const BUGS = {
  misaligned: (m: string) => m.includes('slice::from_raw_parts requires the pointer to be aligned'),
  unwrap: (m: string) => m.includes('called `Option::unwrap()` on a `None` value'),
  staleLastError: (m: string, oracle: string | null) => oracle === 'last-error-stale' && m.length > 0,
};

describe('signature stability across seeds (chunk-parser)', () => {
  const idsByBug = new Map<string, Set<string>>(Object.keys(BUGS).map((b) => [b, new Set<string>()]));
  const inputsByBug = new Map<string, Set<string>>(Object.keys(BUGS).map((b) => [b, new Set<string>()]));

  // One campaign per test: each seed has the whole timeout of its own.
  it.each(SEEDS)('should find each bug once under seed %s', async (seed) => {
    const dir = scratchDir();
    const result = await runCli([
      'fuzz',
      'chunk-parser',
      '--seed',
      seed,
      '--runs',
      '300',
      '--align-sweep',
      '0',
      '--minimize-runs',
      '0',
      '--out',
      path.join(dir, 'corpus'),
      '--reports',
      path.join(dir, 'reports'),
    ]);
    expect(result.exitCode, `seed ${seed}: ${result.stderr.slice(-600)}`).toBe(1);
    const records = crashRecords(path.join(dir, 'corpus')).map((r) => r.record);
    for (const [bug, matches] of Object.entries(BUGS)) {
      const found = records.filter((r) => matches(r.message ?? '', r.oracle));
      expect(found.length, `seed ${seed}: ${bug}`).toBe(1);
      idsByBug.get(bug)!.add(found[0]!.id);
      inputsByBug.get(bug)!.add(JSON.stringify(found[0]!.input));
    }
  });

  it('should name each bug with one signature across the seeds, reached by different inputs', () => {
    for (const [bug, ids] of idsByBug) {
      expect(ids.size, bug).toBeGreaterThan(0);
      expect([...ids], bug).toHaveLength(1);
      // Different inputs reached it: the signature does not depend on the input.
      expect(inputsByBug.get(bug)!.size, bug).toBeGreaterThan(1);
    }
    expect(new Set([...idsByBug.values()].map((s) => [...s][0])).size).toBe(Object.keys(BUGS).length);
  });
});
