import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, library, onlyRunSummary, runCli, scratchDir, type CliResult } from './helpers.js';
import type { RunSummary } from '../report/run-summary.js';
import type { CrashRecord } from '../store/crash-record.js';

// The second postmortem, end to end: the shipped chunk-parser is fuzzed by the real CLI in a child
// process; each planted bug becomes its own record holding the input that was in flight, and
// `repro` reproduces it in a fresh process; the fixed build no longer fails.

const SEED = '7';

function readSummary(out: string): RunSummary {
  return onlyRunSummary(path.join(out, 'reports'));
}
const RUNS = '600';

describe('chunk-parser (shipped build)', () => {
  const out = scratchDir();
  let fuzz: CliResult;
  let records: { file: string; record: CrashRecord }[];
  const byMessage = (text: string) => records.find((r) => (r.record.message ?? '').includes(text));

  beforeAll(async () => {
    fuzz = await runCli([
      'fuzz',
      'chunk-parser',
      '--seed',
      SEED,
      '--runs',
      RUNS,
      '--out',
      path.join(out, 'corpus'),
      '--reports',
      path.join(out, 'reports'),
    ]);
    records = crashRecords(path.join(out, 'corpus'));
  });

  it('should exit 1 and print every finding with its reproduce command', () => {
    expect(fuzz.exitCode).toBe(1);
    expect(fuzz.stderr).toMatch(/^ffi-fuzz: seed 7$/m);
    expect(fuzz.stderr).toMatch(/^Reproduce with: node \S+ repro \S+crash\.json$/m);
    expect(fuzz.stderr).toMatch(/^Minimize with: node \S+ minimize \S+crash\.json$/m);
  });

  it('should record the misaligned-slice UB check as an abort with its misaligned input', () => {
    const found = byMessage('unsafe precondition(s) violated: slice::from_raw_parts');
    expect(found?.record.kind).toBe('abort');
    const buffer = found!.record.input!.args[0]!;
    expect(buffer.kind).toBe('buffer');
    if (buffer.kind !== 'buffer') return;
    expect(buffer.align % 8).not.toBe(0);
    expect(buffer.hex.length / 2).toBeGreaterThanOrEqual(32);
    expect(found!.record.location).toMatch(/^chunk-parser\/src\/lib\.rs:\d+:\d+$/);
  });

  it('should record the unwrap across extern "C" as a panic with message and location', () => {
    const found = byMessage('called `Option::unwrap()` on a `None` value');
    expect(found?.record.kind).toBe('panic');
    expect(found!.record.abortReason).toBe('panic in a function that cannot unwind');
    expect(found!.record.signal).toBe('SIGABRT');
    expect(found!.record.inflight.length).toBe(1);
    expect(found!.record.input).toEqual(found!.record.inflight[0]!.input);
  });

  it('should record the stale last error as a wrong-result with the call before it', () => {
    const found = records.find((r) => r.record.oracle === 'last-error-stale');
    expect(found?.record.kind).toBe('wrong-result');
    expect(found!.record.preceding.length).toBe(1);
  });

  it('should minimize the crashes to the smallest triggers and keep the originals', () => {
    const minimized = (text: string) => {
      const found = byMessage(text)!;
      const file = path.join(path.dirname(found.file), 'minimized.json');
      return JSON.parse(fs.readFileSync(file, 'utf8')) as CrashRecord;
    };
    const abort = minimized('unsafe precondition(s) violated');
    const buffer = abort.input!.args[0]!;
    // The fast path needs len >= 32 at an address that is not 8-aligned: 32 bytes at offset 1.
    expect(buffer).toMatchObject({ kind: 'buffer', align: 1 });
    expect(buffer.kind === 'buffer' && buffer.hex.length / 2).toBe(32);
    // Hand-written smallest trigger: {"user_id":"","event_type":""} (30 bytes).
    const panic = minimized('called `Option::unwrap()`').input!.args[0]!;
    expect(panic.kind === 'buffer' && Buffer.from(panic.hex, 'hex').length).toBeLessThanOrEqual(32);
    expect(records.every((r) => fs.existsSync(r.file))).toBe(true);
  });

  it('should tabulate outcome by alignment: UB-check aborts off multiples of 8, none on them', () => {
    const summary = readSummary(out);
    const table = summary.alignment.find((t) => t.function === 'parse_chunk' && t.param === 'ptr')!;
    for (const row of table.rows) {
      if (row.offset % 8 === 0) expect(row.outcomes['ub-check'] ?? 0, `offset ${row.offset}`).toBe(0);
      else expect(row.outcomes['ub-check'], `offset ${row.offset}`).toBeGreaterThan(0);
    }
  });

  it('should give each bug its own signature', () => {
    const ids = records.map((r) => r.record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(records.length).toBeGreaterThanOrEqual(3);
  });

  it('should reproduce each crash and each minimized crash in a fresh process with the same signature (exit 1)', async () => {
    const minimizedFiles = records
      .map((r) => ({ file: path.join(path.dirname(r.file), 'minimized.json'), record: r.record }))
      .filter((r) => fs.existsSync(r.file));
    expect(minimizedFiles.length).toBe(records.length);
    for (const { file, record } of [...records, ...minimizedFiles]) {
      const repro = await runCli(['repro', file]);
      expect(repro.stdout, record.id).toContain(`reproduced: `);
      expect(repro.stdout).toContain(`(same signature ${record.id})`);
      expect(repro.exitCode).toBe(1);
    }
  });

  it('should say the fixed build no longer fails (exit 0)', async () => {
    for (const { file, record } of records) {
      const repro = await runCli(['repro', file, '--lib', library('chunk-parser-fixed')]);
      expect(repro.stdout, record.id).toContain(`no longer fails: ${record.id} did not reproduce`);
      expect(repro.stderr).toContain('is not the library that crashed');
      expect(repro.exitCode).toBe(0);
    }
  });
});

describe('chunk-parser-fixed', () => {
  it('should be clean over the same budget (exit 0)', async () => {
    const out = scratchDir();
    const fuzz = await runCli([
      'fuzz',
      'chunk-parser-fixed',
      '--seed',
      SEED,
      '--runs',
      RUNS,
      '--out',
      path.join(out, 'corpus'),
      '--reports',
      path.join(out, 'reports'),
    ]);
    expect(fuzz.stderr).toContain('0 unique finding(s)');
    expect(fuzz.exitCode).toBe(0);
    expect(crashRecords(path.join(out, 'corpus'))).toEqual([]);
    const table = readSummary(out).alignment.find((t) => t.function === 'parse_chunk')!;
    expect(table.rows.every((r) => Object.keys(r.outcomes).every((label) => label === 'ok'))).toBe(true);
  });
});
