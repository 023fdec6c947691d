/** Coverage mode's part of the status line: the campaign's coverage and each job's. */
export interface CoverageStatus {
  /** Counters (edges) the instrumented target has; 0 for an uninstrumented library (blind). */
  readonly counters: number;
  /** Edges hit, the best of the jobs (they share entries through the corpus, so they converge). */
  readonly edges: number;
  /** Entries in the corpus on disk (seeds + queue). */
  readonly corpus: number;
  readonly jobs: readonly JobStatus[];
}

export interface JobStatus {
  readonly execs: number;
  readonly execsPerSecond: number;
  readonly edges: number;
  /** Entries in this job's in-memory corpus. */
  readonly corpus: number;
  /** Deaths and oracle findings this job hit (every hit, not only new buckets). */
  readonly crashes: number;
}

/** What a coverage campaign reached, for the run summary. */
export interface CoverageSummary {
  readonly counters: number;
  /** Edges hit (the best job), and the edges job 0 had after replaying the corpus it started from. */
  readonly edges: number;
  readonly initialEdges: number;
  readonly features: number;
  readonly initialFeatures: number;
  /** Entries on disk (seeds + queue) at the start and at the end. */
  readonly corpusBefore: number;
  readonly corpus: number;
  /** Queue entries this campaign stored. */
  readonly added: number;
  /** Tokens the jobs learned (compare operands and dictionary tokens that paid off). */
  readonly learnedTokens: number;
  /** Those tokens in libFuzzer dictionary format (`"_ZN"`, `"\\x00\\x01"`), in the order learned: a `--dict` file for the next run. */
  readonly learned: readonly string[];
  readonly jobs: readonly JobStatus[];
}

/** `edges 57/70  | j0 26k/s edges 57 corpus 17 crashes 1 | j1 …`. */
export function renderCoverageStatus(c: CoverageStatus): string {
  const head = c.counters === 0 ? 'edges - (not instrumented)' : `edges ${c.edges}/${c.counters}`;
  const jobs = c.jobs.map((j, i) => `j${i} ${compact(j.execsPerSecond)}/s edges ${j.edges} corpus ${j.corpus} crashes ${j.crashes}`);
  return [head, ...jobs].join(' | ');
}

/** 950, 12.3k, 1.2M. */
export function compact(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
