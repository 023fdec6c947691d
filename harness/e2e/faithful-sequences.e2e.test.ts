import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../report/run-summary.js';
import { crashRecords, leanCampaign, runCli, scratchDir, type CliResult } from './helpers.js';

// pattern-matcher has rure's shape: pattern_compile returns NULL for an invalid pattern, and
// pattern_match / pattern_free dereference their handle unchecked (NULL aborts: the caller's bug).
// The API promises nothing about invalid handles, so a sequence call whose pattern failed to
// compile (or was freed) is skipped at run time, counted, and never made; the old linking passed
// NULL on and reported two false aborts. The alignment sweep calls pattern_match on a pattern
// compiled first, never on handle 0. Coverage mode does not run sequences, and says so before it
// builds anything; stress mode runs single calls, and leaves the functions that take a handle out.

describe('pattern-matcher (compile may fail)', () => {
  const dir = scratchDir();
  let fuzz: CliResult;
  let summary: RunSummary;

  beforeAll(async () => {
    fuzz = await runCli([
      'fuzz',
      'pattern-matcher',
      '--seed',
      '1',
      '--runs',
      '300',
      '--align-sweep',
      '2',
      '--json',
      '--out',
      path.join(dir, 'corpus'),
      '--reports',
      path.join(dir, 'reports'),
    ]);
    summary = JSON.parse(fuzz.stdout) as RunSummary;
  });

  it('should never pass a failed compile or a freed pattern on: no finding (exit 0)', () => {
    expect(fuzz.stderr).toContain('0 unique finding(s)');
    expect(fuzz.exitCode, fuzz.stderr).toBe(0);
    expect(crashRecords(path.join(dir, 'corpus'))).toEqual([]);
  });

  it('should count the compiles that failed and the calls it skipped because of them', () => {
    const [compile, match, free] = summary.perFunction ?? [];
    expect(compile).toMatchObject({ name: 'pattern_compile', errorValues: [{ value: 'NULL', count: compile!.errors }] });
    expect(compile!.errors).toBeGreaterThan(0);
    expect(compile!.ok).toBeGreaterThan(0);
    expect(match!.skipped + free!.skipped).toBeGreaterThan(0);
    expect(free!.calls).toBe(compile!.ok);
  });

  it('should sweep pattern_match on a compiled pattern, never on handle 0', () => {
    const sweep = summary.alignment.find((t) => t.function === 'pattern_match');
    expect(sweep?.rows).toHaveLength(16);
    for (const row of sweep!.rows) expect(Object.keys(row.outcomes).filter((o) => o !== 'ok' && o !== 'skipped')).toEqual([]);
  });

  it('should refuse coverage mode for a lifecycle before building the coverage profile (exit 2)', async () => {
    const coverage = await runCli(['fuzz', 'pattern-matcher', '--mode', 'coverage', '--runs', '10', '--out', path.join(dir, 'cov')]);
    expect(coverage.stderr).toMatch(/^error: coverage mode mutates single calls; pattern-matcher declares a lifecycle/m);
    expect(coverage.stderr).not.toContain('cargo build');
    expect(coverage.exitCode).toBe(2);
    // --out was checked writable (and so created), but nothing was written into it.
    expect(
      fs.readdirSync(path.join(dir, 'cov'), { recursive: true }).filter((f) => fs.statSync(path.join(dir, 'cov', String(f))).isFile()),
    ).toEqual([]);
  });

  it('should leave the functions that take a handle out of stress mode (single calls), saying so', async () => {
    const stress = await runCli([
      'fuzz',
      'pattern-matcher',
      '--mode',
      'stress',
      '--threads',
      '4',
      '--seed',
      '1',
      '--runs',
      '64',
      ...leanCampaign(dir),
    ]);
    expect(stress.stderr).toMatch(
      /^warning: pattern_match left out: it takes a handle, which only a call sequence gives it live \(stress mode runs single calls/m,
    );
    expect(stress.exitCode, stress.stderr).toBe(0);
    expect((JSON.parse(stress.stdout) as RunSummary).perFunction?.map((f) => f.name)).toEqual(['pattern_compile']);
  });
});
