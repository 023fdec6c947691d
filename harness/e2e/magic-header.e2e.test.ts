import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, library, runCli, scratchDir } from './helpers.js';

// The magic-header target hides its bug behind a 4-byte magic and a 2-byte checksum of the rest.
// Coverage mode reads the operands the parser compares (SanitizerCoverage compare tracing, through
// the coverage shim) and writes them into its inputs; property mode generates blind.

const BUDGET = ['--runs', '5000', '--seed', '1'];
const QUIET = ['--minimize-runs', '0', '--align-sweep', '0'];

interface Summary {
  readonly execs: number;
  readonly findings: readonly { id: string; kind: string; record: string }[];
  readonly coverage?: {
    counters: number;
    edges: number;
    initialEdges: number;
    features: number;
    initialFeatures: number;
    corpus: number;
    corpusBefore: number;
    jobs: { execs: number }[];
  };
}

async function fuzz(
  out: string,
  mode: 'coverage' | 'property',
  extra: readonly string[] = BUDGET,
): Promise<{ exitCode: number; summary: Summary; stderr: string }> {
  const args = [
    'fuzz',
    'magic-header',
    '--mode',
    mode,
    ...(mode === 'coverage' ? ['--jobs', '1'] : []),
    ...extra,
    ...QUIET,
    '--out',
    path.join(out, 'corpus'),
    '--reports',
    path.join(out, 'reports'),
    '--json',
  ];
  const r = await runCli(args);
  if (r.exitCode > 1) throw new Error(`fuzz failed (${r.exitCode}): ${r.stderr}`);
  return { exitCode: r.exitCode, summary: JSON.parse(r.stdout) as Summary, stderr: r.stderr };
}

const queueOf = (out: string): string[] => {
  const dir = path.join(out, 'corpus', 'magic-header', 'parse_packet', 'queue');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

describe('magic-header: a bug behind a magic and a checksum', () => {
  it('should be found by coverage mode within 5000 runs on seed 1, and reproduce on the plain build', async () => {
    // Arrange
    const out = scratchDir();
    // Act
    const { exitCode, summary, stderr } = await fuzz(out, 'coverage');
    // Assert: the out-of-bounds record count read, recorded through the usual record path.
    expect(exitCode).toBe(1);
    expect(summary.execs).toBe(5000);
    // The shim, loaded globally before the library, received its counters and saw them move.
    expect(summary.coverage!.counters).toBeGreaterThan(0);
    expect(summary.coverage!.edges).toBeGreaterThan(summary.coverage!.initialEdges);
    const found = crashRecords(path.join(out, 'corpus')).filter(({ record }) => /index out of bounds/.test(record.message ?? ''));
    expect(found.length).toBeGreaterThan(0);
    const { file, record } = found[0]!;
    expect(record.kind).toBe('panic');
    expect(record.location).toMatch(/magic-header\/src\/lib\.rs:5\d:\d+/);
    expect(record.engine?.mode).toBe('coverage');
    expect(
      Buffer.from((record.input!.args[0] as { hex: string }).hex, 'hex')
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('FZMG');
    expect(stderr).toContain('Reproduce with:');
    const repro = await runCli(['repro', file, '--lib', library('magic-header')]);
    expect(repro.exitCode).toBe(1);
    expect(`${repro.stdout}${repro.stderr}`).toMatch(/reproduced/);
  });

  it('should not be found by property mode with the same budget and seed', async () => {
    const out = scratchDir();
    const { exitCode, summary } = await fuzz(out, 'property');
    // Property mode also re-runs a sample of inputs (the determinism oracle): at least the budget.
    expect(summary.execs).toBeGreaterThanOrEqual(5000);
    expect(summary.findings).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('should repeat a campaign exactly with the same seed and one job', async () => {
    const [a, b] = [scratchDir(), scratchDir()];
    const first = await fuzz(a, 'coverage', ['--runs', '3000', '--seed', '3']);
    const second = await fuzz(b, 'coverage', ['--runs', '3000', '--seed', '3']);
    expect(queueOf(a).length).toBeGreaterThan(3);
    expect(queueOf(b)).toEqual(queueOf(a));
    expect(second.summary.coverage!.features).toBe(first.summary.coverage!.features);
    const points = (out: string) =>
      crashRecords(path.join(out, 'corpus'))
        .map(({ record }) => `${record.id}@${record.inflight[0]?.streamIndex}`)
        .sort();
    expect(points(b)).toEqual(points(a));
  });

  it('should resume from its corpus: a second run starts with the coverage the first reached', async () => {
    const out = scratchDir();
    const first = await fuzz(out, 'coverage', ['--runs', '2000', '--seed', '4']);
    const second = await fuzz(out, 'coverage', ['--runs', '500', '--seed', '5']);
    expect(first.summary.coverage!.edges).toBeGreaterThan(first.summary.coverage!.initialEdges);
    expect(second.summary.coverage!.corpusBefore).toBe(first.summary.coverage!.corpus);
    expect(second.summary.coverage!.initialEdges).toBe(first.summary.coverage!.edges);
    expect(second.summary.coverage!.initialFeatures).toBe(first.summary.coverage!.features);
  });

  it('should merge two shard corpora into a coverage-minimal set with the coverage of their union', async () => {
    // Arrange: two shards fuzzed with different seeds; their plain union; their minimal merge.
    const [s1, s2, union, minimal] = [scratchDir(), scratchDir(), scratchDir(), scratchDir()];
    await fuzz(s1, 'coverage', ['--runs', '3000', '--seed', '11']);
    await fuzz(s2, 'coverage', ['--runs', '3000', '--seed', '12']);
    const shards = [path.join(s1, 'corpus'), path.join(s2, 'corpus')];
    // Act
    const all = await runCli(['corpus', 'merge', ...shards, '--out', path.join(union, 'corpus')]);
    const min = await runCli(['corpus', 'merge', ...shards, '--out', path.join(minimal, 'corpus'), '--coverage-of', 'magic-header']);
    // Assert: fewer entries, and replaying each corpus reaches the same features.
    expect(all.exitCode).toBe(0);
    expect(min.exitCode).toBe(0);
    expect(min.stdout).toMatch(/coverage-minimal \(magic-header\): measured \d+ queue entries, kept \d+/);
    expect(queueOf(minimal).length).toBeLessThan(queueOf(union).length);
    const replay = ['--runs', '2000', '--seed', '1'];
    const u = await fuzz(union, 'coverage', replay);
    const m = await fuzz(minimal, 'coverage', replay);
    expect(m.summary.coverage!.initialFeatures).toBe(u.summary.coverage!.initialFeatures);
    expect(m.summary.coverage!.initialEdges).toBe(u.summary.coverage!.initialEdges);
  });
});
