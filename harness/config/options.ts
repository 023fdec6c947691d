/**
 * Every option of a campaign, with its default. The CLI flags (cli-spec.ts), the FUZZ_* environment
 * variables and the help text all derive from this file; nothing else owns a default.
 */
export interface HarnessOptions {
  /**
   * Generation strategy. `auto`: coverage-guided mutation and property generation side by side in
   * one campaign (one corpus, one findings book) when the target is a crate (built with `--profile
   * coverage`) or an instrumented library; property generation alone otherwise, and for targets
   * with a lifecycle (supervise/campaign/mode-choice.ts). `property`: fast-check inputs that
   * respect the contract, and call sequences. `stress`: threads released together in bursts
   * against the same functions, each call compared with the same input alone (engine/stress/).
   * `coverage`: mutation guided by the target's SanitizerCoverage counters and compare operands,
   * on a `--profile coverage` build (engine/coverage/). @defaultValue 'auto'
   */
  mode?: 'auto' | 'property' | 'stress' | 'coverage';
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
  /** Reports root: each run writes `<reports>/<iso-time>-<target>/`. @defaultValue null (`<out>/reports`) */
  reports?: string | null;
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
  /**
   * Zero-config: functions whose results are not comparable from call to call (a spec says
   * `contract.deterministic: false`); the determinism and differential oracles leave them alone.
   * @defaultValue [] (each function's results are compared once learned independent of earlier calls)
   */
  nondeterministic?: string[];
  /** Inputs replayed at each alignment offset 0..15 after a campaign, per buffer parameter (0 = no sweep). @defaultValue 8 */
  alignSweep?: number;
  /** Runs spent minimising the campaign's new findings, in all (0 = do not minimise). @defaultValue 1000 */
  minimizeRuns?: number;
  /**
   * Percent of `--duration` kept for minimising new findings after the campaign (the campaign
   * gets what the shares and the report leave). @defaultValue 15
   */
  minimizeShare?: number;
  /** Percent of `--duration` kept for the alignment sweep after the campaign. @defaultValue 10 */
  sweepShare?: number;
  /** `replay`/`corpus`: run only shard i of n of the entries (`--shard 2/4`, 1-based). @defaultValue null (all) */
  shard?: string | null;
  /** `replay`: replays running at once; `fuzz --mode coverage`: engine processes syncing through the corpus. Each its own child. @defaultValue null (one per core) */
  jobs?: number | null;
  /**
   * Longest buffer generated or grown, in bytes, for every buffer parameter (libFuzzer's
   * `-max_len`). Coverage mode starts mutants short and raises their limit toward it whenever
   * coverage stops growing. @defaultValue null (each buffer's spec `maxLength`, else {@link DEFAULT_MAX_LEN})
   */
  maxLen?: number | null;
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
  /**
   * Single-thread lives run in runners forked from one loaded engine child (engine/fork-server.ts),
   * so a crash costs a fork instead of a Node start; `--no-fork-server` restarts whole engine
   * children instead. Off by itself, with a one-line warning, where forking cannot work (not
   * Linux, a sanitizer build, no C compiler). @defaultValue true
   */
  forkServer?: boolean;
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
  mode: 'auto',
  threads: 1,
  durationMs: null,
  runs: null,
  seed: null,
  out: 'corpus',
  reports: null,
  timeoutMs: 5000,
  rssLimitMb: 2048,
  killGraceMs: 1000,
  json: false,
  lib: null,
  fn: [],
  header: [],
  only: [],
  nondeterministic: [],
  alignSweep: 8,
  minimizeRuns: 1000,
  minimizeShare: 15,
  sweepShare: 10,
  shard: null,
  jobs: null,
  maxLen: null,
  dict: null,
  coverageOf: null,
  crashes: false,
  guardPages: 'small',
  forkServer: true,
  profile: 'plain',
  allowAbiMismatch: false,
  calls: 5000,
} as ResolvedOptions);

/**
 * Longest buffer when neither the spec nor `--max-len` says: long enough for input nesting past
 * 8 000 levels or a 32 KiB number (random bytes stay at most 4 KiB; longer inputs are built by
 * repeating tokens: generate/repeated-content.ts, generate/mutate/repeat-mutators.ts).
 */
export const DEFAULT_MAX_LEN = 65_536;
/** Budget used when neither --duration nor --runs is given. */
export const DEFAULT_DURATION_MS = 60_000;
/** `compare`'s threads when `--threads` is not given: the postmortem's 8-way concurrency. */
export const COMPARE_THREADS = 8;
/** Largest `--max-len`: the flight recorder keeps a whole input per thread. */
export const MAX_LEN = 16 * 1024 * 1024;
/** Most threads the engine starts. */
export const MAX_THREADS = 64;
/** Stress mode's threads per core when `--threads` is not given. */
export const STRESS_THREADS_PER_CORE = 4;

/** Threads when `--threads` is not given: 1, or in stress mode 4 per core, at most {@link MAX_THREADS}. */
export function defaultThreads(mode: ResolvedOptions['mode'], cores: number): number {
  return mode === 'stress' ? Math.min(MAX_THREADS, STRESS_THREADS_PER_CORE * Math.max(1, cores)) : DEFAULT_OPTIONS.threads;
}
