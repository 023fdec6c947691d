/**
 * Every option of a campaign, with its default. The CLI flags (cli-spec.ts), the FUZZ_* environment
 * variables and the help text all derive from this file; nothing else owns a default.
 */
export interface HarnessOptions {
  /** Generation strategy. @defaultValue 'property' */
  mode?: 'property';
  /** Worker threads in the engine child. @defaultValue 1 */
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
  /** Only fuzz these functions of the spec. @defaultValue [] (all) */
  only?: string[];
  /** Build profile for crates. @defaultValue 'plain' */
  profile?: 'plain' | 'coverage' | 'asan' | 'tsan';
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
  only: [],
  profile: 'plain',
} as ResolvedOptions);

/** Budget used when neither --duration nor --runs is given. */
export const DEFAULT_DURATION_MS = 60_000;
/** Most threads the engine starts. */
export const MAX_THREADS = 64;
