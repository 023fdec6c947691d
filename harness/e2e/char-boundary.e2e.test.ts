import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzSeeds, runCli, type SeedRun } from './helpers.js';

// A panic whose message quotes the input: `title_prefix` slices UTF-8 text at byte 8, and every
// input that puts a multi-byte character across it panics with its own text ("… it is inside 'ü'
// (bytes 7..9) of `Ärger über Öl`"). Five seeds reach it through many inputs: one bucket, whose
// signature keeps the message's shape with the quoted text masked.

const SEEDS = ['1', '2', '3', '4', '5'];
const SIGNATURE =
  "panic | end byte index N is not a char boundary; it is inside '…' (bytes N..N) of `…` | char-boundary/src/lib.rs:33 | title_prefix | SIGABRT";

describe('char-boundary (a panic message that quotes the input)', () => {
  let runs: SeedRun[] = [];

  beforeAll(async () => {
    runs = await fuzzSeeds('char-boundary', SEEDS, ['--runs', '60', '--minimize-runs', '0', '--align-sweep', '0']);
  });

  it('should exit 1 under every seed and print the command that reproduces the finding', () => {
    for (const { seed, fuzz } of runs) {
      expect(fuzz.exitCode, `seed ${seed}: ${fuzz.stderr.slice(-400)}`).toBe(1);
      expect(fuzz.stderr).toMatch(/^Reproduce with: node \S+ repro \S+\/title_prefix\/crashes\/panic-[0-9a-f]{12}\/crash\.json$/m);
      expect(fuzz.stderr).toContain('1 unique finding(s)');
    }
  });

  it('should put every death of every seed, each quoting other text, in exactly one bucket', () => {
    const records = runs.flatMap((r) => r.records.map((x) => x.record));
    expect(runs.every((r) => r.records.length === 1)).toBe(true);
    expect(new Set(records.map((r) => r.id)).size).toBe(1);
    // Several deaths per seed, from different inputs, hence different messages: all counted in it.
    expect(records.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(2 * SEEDS.length);
    expect(new Set(records.map((r) => r.message)).size).toBeGreaterThan(1);
  });

  it('should show the quoted input in the headline and keep only its shape in the signature', () => {
    const { record } = runs[0]!.records[0]!;
    expect(record.kind).toBe('panic');
    expect(record.signature).toBe(SIGNATURE);
    expect(record.message).toMatch(/^end byte index 8 is not a char boundary; it is inside '.+' \(bytes \d+\.\.\d+\) of `.+`$/);
    expect(record.headline).toContain(record.message!);
    expect(record.location).toMatch(/^char-boundary\/src\/lib\.rs:33:\d+$/);
    expect(record.abortReason).toBe('panic in a function that cannot unwind');
  });

  it('should reproduce the finding in a fresh process with the same signature (exit 1)', async () => {
    const { file, record } = runs[0]!.records[0]!;
    const repro = await runCli(['repro', file]);
    expect(repro.stdout).toContain(`(same signature ${record.id})`);
    expect(repro.exitCode).toBe(1);
  });
});
