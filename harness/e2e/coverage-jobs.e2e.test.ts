import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers.js';

// `--jobs 2`: two engine processes, each with its own flight recorder, sharing one corpus
// directory; the progress lines show each job's rate, edges, corpus and crashes.

interface JobStatus {
  readonly execs: number;
  readonly edges: number;
  readonly corpus: number;
}

describe('coverage mode with --jobs 2', () => {
  it('should run two engine processes that share their finds through the corpus directory', async () => {
    // Arrange
    const out = scratchDir();
    const corpus = path.join(out, 'corpus');
    // Act
    const r = await runCli([
      'fuzz',
      'chunk-parser-fixed',
      '--mode',
      'coverage',
      '--jobs',
      '2',
      '--duration',
      '7s',
      '--seed',
      '9',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      corpus,
      '--reports',
      path.join(out, 'reports'),
      '--json',
    ]);
    // Assert
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('coverage mode, 2 job(s)');
    // The plain progress line (not a terminal) at 5 s: per-job segments.
    expect(r.stderr).toMatch(/edges \d+\/\d+ \| j0 [\d.]+k?\/s edges \d+ corpus \d+ crashes 0 \| j1 /);
    const summary = JSON.parse(r.stdout) as { coverage: { jobs: JobStatus[]; edges: number } };
    expect(summary.coverage.jobs).toHaveLength(2);
    for (const job of summary.coverage.jobs) expect(job.execs).toBeGreaterThan(1000);
    const queue = path.join(corpus, 'chunk-parser-fixed', 'parse_chunk', 'queue');
    const sources = fs
      .readdirSync(queue)
      .map((n) => (JSON.parse(fs.readFileSync(path.join(queue, n), 'utf8')) as { source: string }).source);
    const own = [0, 1].map((j) => sources.filter((s) => s.startsWith(`coverage job ${j}:`)).length);
    expect(own[0]).toBeGreaterThan(0);
    expect(own[1]).toBeGreaterThan(0);
    // A job's corpus holding more than it found itself took entries from the other job's finds.
    expect(summary.coverage.jobs.some((job, j) => job.corpus > own[j]!)).toBe(true);
  });
});
