import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, library, runCli, scratchDir, type CliResult } from './helpers.js';

// The second postmortem's version comparison, measured instead of typed in: the same seeded
// workload against the shipped and the fixed chunk-parser, each in supervised children restarted
// after every crash. The crash counts must be the crashes recorded on disk.

const BUGGY = library('chunk-parser');
const FIXED = library('chunk-parser-fixed');

/** The table's rows by label: [buggy, fixed]. */
function rowsOf(stdout: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S.*?)\s{2,}(\S+(?: \(\d+\))?)\s{2,}(\S+(?: \(\d+\))?)$/.exec(line);
    if (m !== null) rows.set(m[1]!, [m[2]!, m[3]!]);
  }
  return rows;
}

/** Deaths recorded under a corpus root: the counts of the records built from a dead child. */
function recordedDeaths(root: string): number {
  return crashRecords(root)
    .filter(({ record }) => record.oracle === null)
    .reduce((n, { record }) => n + record.count, 0);
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('compare chunk-parser (shipped) with chunk-parser-fixed', () => {
  const out = path.join(scratchDir(), 'records');
  let run: CliResult;
  let rows: Map<string, [string, string]>;

  beforeAll(async () => {
    run = await runCli(['compare', BUGGY, FIXED, '--calls', '600', '--threads', '4', '--seed', '1', '--out', out]);
    rows = rowsOf(run.stdout);
  }, 300_000);

  it('should exit 0 and print the measured table with every row for both builds', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^ffi-fuzz: seed 1$/m);
    expect(run.stdout).toMatch(/^compare chunk-parser \(parse_chunk\): 600 inputs per build, 4 thread\(s\), seed 1$/m);
    expect(run.stdout).toMatch(/^\s+buggy\s+fixed$/m);
    const labels = [
      'library',
      'sha256',
      'calls',
      'error rate',
      'crashes',
      'crashes / 1M calls',
      'throughput (calls/s)',
      'latency p50 (µs/call)',
      'latency p99 (µs/call)',
      'wall time (s)',
      'peak RSS (MiB)',
    ];
    expect([...rows.keys()]).toEqual(labels);
    expect(rows.get('library')).toEqual(['libchunk_parser.so', 'libchunk_parser_fixed.so']);
    expect(rows.get('sha256')).toEqual([sha256(BUGGY).slice(0, 16), sha256(FIXED).slice(0, 16)]);
    for (const [buggy, fixed] of [rows.get('calls')!, rows.get('throughput (calls/s)')!]) {
      expect(Number(buggy)).toBeGreaterThan(0);
      expect(Number(fixed)).toBeGreaterThan(0);
    }
    for (const side of rows.get('error rate')!) expect(side).toMatch(/^\d+\.\d% \(\d+\)$/);
  });

  it('should show crashes for the buggy build only, and count exactly the crashes recorded on disk', () => {
    const [buggy, fixed] = rows.get('crashes')!.map(Number) as [number, number];
    expect(buggy).toBeGreaterThan(0);
    expect(fixed).toBe(0);
    expect(recordedDeaths(path.join(out, 'buggy'))).toBe(buggy);
    expect(recordedDeaths(path.join(out, 'fixed'))).toBe(0);
    const [calls] = rows.get('calls')!.map(Number) as [number, number];
    expect(rows.get('crashes / 1M calls')).toEqual([String(Math.round((buggy / calls) * 1e6)), '0']);
  });

  it("should list the buggy build's crash buckets, the planted misaligned-slice abort among them", () => {
    expect(run.stdout).toMatch(/^buggy crashes by bucket \(count, bucket, headline\):$/m);
    expect(run.stdout).toMatch(/^\s+\d+ {2}abort-[0-9a-f]{12} {2}abort: unsafe precondition\(s\) violated: slice::from_raw_parts/m);
    expect(run.stdout).not.toMatch(/^fixed crashes by bucket/m);
  });
});

describe('compare of any other pair', () => {
  it('should refuse two libraries without --fn or --spec, saying what to pass (exit 2)', async () => {
    const run = await runCli(['compare', library('session-store'), library('session-store-fixed')]);

    expect(run.stderr).toContain('error: compare needs the functions to call in both builds');
    expect(run.stderr).toContain("hint: pass --fn 'int32_t f(const uint8_t *p, int32_t n)' (repeatable), or --spec SPEC");
    expect(run.exitCode).toBe(2);
  });

  it('should run the functions a spec names against both builds', async () => {
    const run = await runCli([
      'compare',
      library('session-store'),
      library('session-store-fixed'),
      '--spec',
      'session-store',
      '--calls',
      '30',
      '--threads',
      '2',
      '--timeout',
      '1s',
      '--seed',
      '1',
    ]);

    expect(run.stdout, run.stderr).toMatch(
      /^compare session-store \(session_new, session_push, session_len, session_free\): 30 inputs per build/m,
    );
    expect([0, 1]).toContain(run.exitCode);
  });
});
