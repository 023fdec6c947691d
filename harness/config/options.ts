/**
 * Every option of a campaign, with its default. The CLI flags (cli-spec.ts), the FUZZ_* environment
 * variables and the help text all derive from this file; nothing else owns a default.
 */
export interface HarnessOptions {
  /**
   * Generation strategy. `stress`: threads released together in bursts against the same
   * functions, each call compared with the same input alone (engine/stress/). `coverage`: mutation
   * guided by the target's SanitizerCoverage counters and compare operands, on a `--profile
   * coverage` build (engine/coverage/). @defaultValue 'property'
   */
  mode?: 'property' | 'stress' | 'coverage';
  /** Worker threads in the engine child. @defaultValue 1; in stress mode 4 × cores, at most 64 ({@link defaultThreads}) */
  threads?: number;
  /** Wall-clock budget in ms (`--duration 30s`). @defaultValue 60000 when `runs` is not set either */
  durationMs?: number | null;
  /** Total calls (`--runs N`). @defaultValue null (no limit) */
  runs?: number | null;
  /** Seed of every input stream. @defaultValue a random seed, printed first */
  seed?: number | null;
  /** Corpus root: crash records are written under `<out>/<target>/<function>/crashes/`. @defaultValue 'corpus' */
  out?: string;
  /** Reports root (run summaries). @defaultValue 'reports' */
  reports?: string;
  /** A call making no progress this long is a hang (`--timeout 5s`). @defaultValue 5000 */
  timeoutMs?: number;
  /** Resident memory limit of the engine child in MiB. @defaultValue 2048 */
  rssLimitMb?: number;
  /** Grace between SIGTERM and SIGKILL when stopping a child, in ms. @defaultValue 1000 */
  killGraceMs?: number;
  /** Print the run summary as JSON on stdout. @defaultValue false */
  json?: boolean;
  /** Zero-config: the library to load. @defaultValue null */
  lib?: string | null;
  /** Zero-config: C prototypes of the functions to fuzz (repeatable). @defaultValue [] */
  fn?: string[];
  /** Zero-config and `list`: headers of `--lib` (repeatable): prototypes and typedefs for a library without debug info. @defaultValue [] */
  header?: string[];
  /** Only fuzz these functions of the spec. @defaultValue [] (all) */
  only?: string[];
  /** Inputs replayed at each alignment offset 0..15 after a campaign, per buffer parameter (0 = no sweep). @defaultValue 8 */
  alignSweep?: number;
  /** Runs spent minimising each new finding after a campaign (0 = do not minimise). @defaultValue 300 */
  minimizeRuns?: number;
  /** `replay`/`corpus`: run only shard i of n of the entries (`--shard 2/4`, 1-based). @defaultValue null (all) */
  shard?: string | null;
  /** `replay`: replays running at once; `fuzz --mode coverage`: engine processes syncing through the corpus. Each its own child. @defaultValue null (one per core) */
  jobs?: number | null;
  /** Coverage mode: a dictionary file in libFuzzer format (`kw="GET"`, `\xNN` escapes). @defaultValue null (none) */
  dict?: string | null;
  /** `corpus merge`: keep a coverage-minimal queue (libFuzzer -merge=1), measured on this spec's coverage build. @defaultValue null (keep every distinct entry) */
  coverageOf?: string | null;
  /** `replay`: also replay every crash, not only the regression entries. @defaultValue false */
  crashes?: boolean;
  /**
   * Guard pages (engine/guard-pages.ts): buffers end against a PROT_NONE page, so reading or
   * writing past the end faults at the culprit. `small`: buffers up to 4096 bytes. Free per call.
   * @defaultValue 'small'
   */
  guardPages?: 'off' | 'small' | 'all';
  /** Build profile for crates. @defaultValue 'plain' */
  profile?: 'plain' | 'coverage' | 'asan' | 'tsan';
  /** Fuzz a spec whose struct layouts disagree with the library; the mismatch is recorded as the first finding. @defaultValue false (refuse to start) */
  allowAbiMismatch?: boolean;
  /**
   * `compare`: inputs run against each build, across threads and restarts (the second postmortem's
   * 1000 event chunks × 5 runs). @defaultValue 5000
   */
  calls?: number;
}

export type ResolvedOptions = Required<HarnessOptions>;

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  mode: 'property',
  threads: 1,
  durationMs: null,
  runs: null,
  seed: null,
  out: 'corpus',
  reports: 'reports',
  timeoutMs: 5000,
  rssLimitMb: 2048,
  killGraceMs: 1000,
  json: false,
  lib: null,
  fn: [],
  header: [],
  only: [],
  alignSweep: 8,
  minimizeRuns: 300,
  shard: null,
  jobs: null,
  dict: null,
  coverageOf: null,
  crashes: false,
  guardPages: 'small',
  profile: 'plain',
  allowAbiMismatch: false,
  calls: 5000,
} as ResolvedOptions);

/** Budget used when neither --duration nor --runs is given. */
export const DEFAULT_DURATION_MS = 60_000;
/** `compare`'s threads when `--threads` is not given: the postmortem's 8-way concurrency. */
export const COMPARE_THREADS = 8;
/** Most threads the engine starts. */
export const MAX_THREADS = 64;
/** Stress mode's threads per core when `--threads` is not given. */
export const STRESS_THREADS_PER_CORE = 4;

/** Threads when `--threads` is not given: 1, or in stress mode 4 per core, at most {@link MAX_THREADS}. */
export function defaultThreads(mode: ResolvedOptions['mode'], cores: number): number {
  return mode === 'stress' ? Math.min(MAX_THREADS, STRESS_THREADS_PER_CORE * Math.max(1, cores)) : DEFAULT_OPTIONS.threads;
}
