import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir } from './helpers.js';

// rure 0.2.5 (the regex crate's C API) from the crates registry (scripts/fetch-rure.sh, run by the
// global setup), through its header's spec: compile (which may fail), is_match, find, free.
const scratch = scratchDir();

async function fuzz(spec: string, name: string, ...args: string[]) {
  const out = path.join(scratch, name);
  const run = await runCli(['fuzz', spec, '--seed', '1', '--out', out, '--reports', path.join(out, 'reports'), ...args]);
  return { ...run, out };
}

describe('rure called within its contract', () => {
  it('should report no finding on call sequences of patterns from the grammar, compiled or not', async () => {
    const run = await fuzz('examples/real/rure/target.ts', 'property', '--runs', '400', '--align-sweep', '2');
    expect(run.stderr).toContain('ABI check: rure_match agrees with librure.so and rure.h');
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
  });

  it('should report no finding in coverage mode on a coverage build of rure_compile', async () => {
    const run = await fuzz('examples/real/rure/compile-only.ts', 'coverage', '--mode', 'coverage', '--jobs', '1', '--runs', '1500');
    expect(run.stderr).toMatch(/edges [1-9]\d*\//);
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
  });

  it('should still find a planted misuse: the same regex freed twice', async () => {
    const run = await fuzz(
      'examples/real/rure/double-free.ts',
      'double-free',
      '--runs',
      '40',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
    );
    expect(run.exitCode).toBe(1);
    const doubleFree = crashRecords(run.out).filter(({ record }) => {
      const input = record.input;
      if (input?.fn !== 'rure_free' || input.args[0]?.kind !== 'handle') return false;
      const handle = input.args[0].from;
      return record.preceding.some((call) => call.fn === 'rure_free' && call.args[0]?.kind === 'handle' && call.args[0].from === handle);
    });
    expect(doubleFree.length).toBeGreaterThan(0);
    expect(doubleFree.map(({ record }) => record.kind)).toEqual(expect.arrayContaining([expect.stringMatching(/^(segv|abort)$/)]));
  });
});
