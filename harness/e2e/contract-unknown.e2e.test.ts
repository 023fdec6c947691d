import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../report/run-summary.js';
import { crashRecords, leanCampaign, library, runCli, scratchDir, type CliResult } from './helpers.js';

// Zero-config never reports a guess as a bug. `list` names constructors, handles and releasers
// for what they are and prints the spec that lets a campaign call them; `fuzz --lib` alone calls
// only what it can fill within any contract; a `--fn` prototype whose contract it must guess (here
// a `void *p` that must be a live pattern) is fuzzed, and its findings are labelled "contract
// unknown — write a spec": in the record and the reports, apart from bugs, and not exit 1.

describe('list --lib on a library with a constructor, a handle and a releaser', () => {
  it('should call each what it is and print the spec snippet', async () => {
    const list = await runCli(['list', '--lib', library('pattern-matcher')]);
    expect(list.exitCode).toBe(0);
    expect(list.stderr).toMatch(
      /fuzz --lib skips pattern_compile: a constructor: it returns a Pattern \* the caller must release \(with pattern_free\)/,
    );
    expect(list.stderr).toContain("    spec: lifecycle: { create: 'pattern_compile', release: 'pattern_free' }");
    expect(list.stderr).toMatch(/fuzz --lib skips pattern_match: takes a Pattern \*, a handle pattern_compile returns/);
    expect(list.stderr).toMatch(/fuzz --lib skips pattern_free: releases what the library returned \(by its name\)/);
  });
});

describe('fuzz --lib --fn with a guessed contract', () => {
  const dir = scratchDir();
  let fuzz: CliResult;

  beforeAll(async () => {
    fuzz = await runCli([
      'fuzz',
      '--lib',
      library('pattern-matcher'),
      '--fn',
      'bool pattern_match(void *p, const uint8_t *haystack, size_t len)',
      '--seed',
      '1',
      '--runs',
      '40',
      ...leanCampaign(dir),
    ]);
  });

  it('should label its findings contract unknown, in the record and the summary, and exit 0', () => {
    const records = crashRecords(path.join(dir, 'corpus'));
    expect(records.length).toBeGreaterThan(0);
    for (const { record } of records)
      expect(record.contractUnknown).toMatch(/^'p' is a void \*: what it points to, and how large it is, only a spec can say/);
    const summary = JSON.parse(fuzz.stdout) as RunSummary;
    expect(summary.findings.every((f) => f.contractUnknown !== null)).toBe(true);
    expect(fuzz.stderr).toMatch(/^Contract unknown — write a spec \(not counted as a bug\): 'p' is a void \*/m);
    expect(fuzz.stderr).toMatch(/^contract unknown — write a spec \(not counted as bugs; count, bucket, headline\):$/m);
    expect(fuzz.stderr).toMatch(/unique finding\(s\) \(\d+ with the contract unknown: not bugs until a spec says so\)/);
    expect(fuzz.exitCode, fuzz.stderr).toBe(0);
  });
});
