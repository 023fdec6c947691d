import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, library, runCli, scratchDir, type CliResult } from './helpers.js';
import type { CallInputJson } from '../model/call-input.js';
import type { CrashRecord } from '../store/crash-record.js';

// A stateful target end to end: session-store's new/push/len/free API is fuzzed with call
// sequences in which handles flow from session_new to later calls. Its two planted lifetime bugs
// (a freed slot reused under the same generation; a double free that underflows a counter and
// panics across extern "C") are each found as their own signature with every seed, recorded
// with the sequence that led there, minimized to the shortest failing sequence and reproduced
// from the record alone; the fixed build is clean over the same budget.

const SEEDS = ['1', '2', '3', '4', '5'];
const RUNS = '40';

/** The shortest failing sequences, written by hand: new, free, then new again or free again. */
const NEW: CallInputJson = { fn: 'session_new', args: [] };
const FREE_FIRST: CallInputJson = { fn: 'session_free', args: [{ kind: 'handle', from: 0 }] };

// Only the first seed minimizes after its campaign (each candidate runs in a fresh process); the others are minimized on request below.
const fuzzArgs = (target: string, seed: string, out: string) => [
  ...[
    'fuzz',
    target,
    '--seed',
    seed,
    '--runs',
    RUNS,
    '--align-sweep',
    '0',
    '--out',
    path.join(out, 'corpus'),
    '--reports',
    path.join(out, 'reports'),
  ],
  ...(seed === SEEDS[0] ? [] : ['--minimize-runs', '0']),
];
const minimizedOf = (file: string) => JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'minimized.json'), 'utf8')) as CrashRecord;

describe('session-store (shipped build)', () => {
  const runs = new Map<string, { fuzz: CliResult; records: { file: string; record: CrashRecord }[] }>();
  const first = () => runs.get(SEEDS[0]!)!.records;
  const byOracle = (oracle: string) => first().find((r) => r.record.oracle === oracle)!;
  const panic = () => first().find((r) => r.record.kind === 'panic')!;

  beforeAll(async () => {
    for (const seed of SEEDS) {
      const out = scratchDir();
      const fuzz = await runCli(fuzzArgs('session-store', seed, out));
      runs.set(seed, { fuzz, records: crashRecords(path.join(out, 'corpus')) });
    }
  });

  it('should find both lifetime bugs, each as its own signature, with every seed (exit 1)', () => {
    const idsOf = (seed: string) =>
      runs
        .get(seed)!
        .records.map((r) => r.record.id)
        .sort();
    for (const seed of SEEDS) {
      expect(runs.get(seed)!.fuzz.exitCode, `seed ${seed}`).toBe(1);
      expect(idsOf(seed), `seed ${seed}`).toEqual(idsOf(SEEDS[0]!));
    }
    expect(idsOf(SEEDS[0]!)).toHaveLength(2);
    expect(byOracle('handle-reuse').record).toMatchObject({ kind: 'wrong-result', function: 'session_new' });
    expect(panic().record).toMatchObject({
      function: 'session_free',
      message: 'attempt to subtract with overflow',
      abortReason: 'panic in a function that cannot unwind',
      signal: 'SIGABRT',
    });
  });

  it('should record the sequence that led to each failure, and print it', () => {
    for (const { record } of first()) {
      expect(record.preceding.length, record.id).toBeGreaterThanOrEqual(2);
      expect(
        record.preceding.some((call) => call.fn === 'session_new'),
        record.id,
      ).toBe(true);
    }
    // The crash came from the flight recorder: the slot held the whole prefix of the call in flight.
    expect(panic().record.inflight[0]!.preceding).toEqual(panic().record.preceding);
    expect(runs.get(SEEDS[0]!)!.fuzz.stderr).toMatch(/^Preceding calls \(replayed first, in order\):\n {2}#0 session_\w+\(/m);
  });

  it('should minimize each to the shortest failing sequence after the campaign: new, free, then new or free again', () => {
    const reuse = minimizedOf(byOracle('handle-reuse').file);
    const doubleFree = minimizedOf(panic().file);
    expect([...reuse.preceding, reuse.input]).toEqual([NEW, FREE_FIRST, NEW]);
    expect([...doubleFree.preceding, doubleFree.input]).toEqual([NEW, FREE_FIRST, FREE_FIRST]);
    expect(runs.get(SEEDS[0]!)!.fuzz.stderr).toContain('session_new(); session_free(s=handle of #0); session_free(s=handle of #0) → ');
  });

  it('should minimize the records of another seed on request to the same sequences, printing them', async () => {
    const records = runs.get(SEEDS[1]!)!.records;
    for (const { file, record } of records) {
      const minimize = await runCli(['minimize', file, '--runs', '50']);
      expect(minimize.exitCode, record.id).toBe(0);
      const last = record.kind === 'panic' ? 'session_free(s=handle of #0)' : 'session_new()';
      expect(minimize.stdout).toContain(`  after: session_new()\n  after: session_free(s=handle of #0)\n  input: ${last}\n`);
      const minimized = minimizedOf(file);
      expect([...minimized.preceding, minimized.input]).toEqual([NEW, FREE_FIRST, record.kind === 'panic' ? FREE_FIRST : NEW]);
    }
  });

  it('should reproduce each record and each minimized record from the record alone (exit 1, same signature)', async () => {
    for (const { file, record } of first()) {
      for (const replayed of [file, path.join(path.dirname(file), 'minimized.json')]) {
        const repro = await runCli(['repro', replayed]);
        expect(repro.stdout, replayed).toContain(`(same signature ${record.id})`);
        expect(repro.exitCode).toBe(1);
      }
    }
  });

  it('should say the fixed build no longer fails (exit 0)', async () => {
    for (const { file, record } of first()) {
      const repro = await runCli(['repro', file, '--lib', library('session-store-fixed')]);
      expect(repro.stdout, record.id).toContain(`no longer fails: ${record.id} did not reproduce`);
      expect(repro.exitCode).toBe(0);
    }
  });
});

describe('session-store-fixed', () => {
  it('should be clean over the same budget with every seed (exit 0)', async () => {
    for (const seed of SEEDS) {
      const out = scratchDir();
      const fuzz = await runCli(fuzzArgs('session-store-fixed', seed, out));
      expect(fuzz.stderr, `seed ${seed}`).toContain('0 unique finding(s)');
      expect(fuzz.exitCode).toBe(0);
      expect(crashRecords(path.join(out, 'corpus'))).toEqual([]);
    }
  });
});
