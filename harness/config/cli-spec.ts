import { MAX_LEN, MAX_THREADS, type HarnessOptions } from './options.js';

/** How a flag's text becomes a value. */
export type FlagKind = 'string' | 'integer' | 'duration' | 'boolean' | 'list' | 'choice';

export interface FlagSpec {
  readonly flag: string;
  readonly kind: FlagKind;
  readonly description: string;
  /** The value's placeholder in help (`DIR`, `FILE`); by default derived from the kind. */
  readonly value?: string;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** A boolean flag that turns its option off (`--no-fork-server` sets forkServer to false). */
  readonly negated?: boolean;
}

/** Every option gets a flag, or an explicit null: adding an option without deciding fails to compile. */
export type CliSpec<T> = { readonly [K in keyof Required<T>]: FlagSpec | null };

export const CLI_SPEC: CliSpec<HarnessOptions> = {
  mode: {
    flag: '--mode',
    kind: 'choice',
    choices: ['auto', 'property', 'stress', 'coverage'],
    description:
      'generation strategy (auto: coverage and property side by side when the target is a crate or an instrumented library, else property; stress: threads released together, results compared with each input alone; coverage: mutation guided by SanitizerCoverage on a coverage build)',
  },
  threads: { flag: '--threads', kind: 'integer', min: 1, max: MAX_THREADS, description: 'worker threads in the engine child' },
  durationMs: { flag: '--duration', kind: 'duration', description: 'wall-clock budget, e.g. 30s, 2m' },
  runs: { flag: '--runs', kind: 'integer', min: 1, description: 'total calls across threads and restarts' },
  seed: { flag: '--seed', kind: 'integer', min: 0, max: 0xffffffff, description: 'seed of every input stream' },
  out: { flag: '--out', value: 'DIR', kind: 'string', description: 'corpus root (crash records go under <out>/<target>/<fn>/crashes/)' },
  reports: {
    flag: '--reports',
    value: 'DIR',
    kind: 'string',
    description: 'reports root: <reports>/<iso-time>-<target>/ (default: <out>/reports)',
  },
  timeoutMs: { flag: '--timeout', kind: 'duration', description: 'a call stuck this long is a hang' },
  rssLimitMb: { flag: '--rss-limit', kind: 'integer', min: 64, description: 'engine memory limit in MiB' },
  killGraceMs: { flag: '--kill-grace', kind: 'duration', description: 'SIGTERM → SIGKILL grace' },
  json: { flag: '--json', kind: 'boolean', description: 'print the run summary as JSON on stdout' },
  lib: { flag: '--lib', value: 'L', kind: 'string', description: 'library to load (zero-config, or overrides the spec)' },
  fn: {
    flag: '--fn',
    value: 'PROTO',
    kind: 'list',
    description: "C prototype to fuzz, e.g. 'int32_t f(const uint8_t *p, int32_t n)' (repeatable)",
  },
  header: {
    flag: '--header',
    value: 'H',
    kind: 'list',
    description:
      'C header of --lib (repeatable): function names from its dynamic symbols, prototypes and typedefs from the header (a library without debug info)',
  },
  only: { flag: '--only', value: 'FN', kind: 'list', description: 'fuzz only these functions of the spec (repeatable or comma-separated)' },
  nondeterministic: {
    flag: '--nondeterministic',
    value: 'FN',
    kind: 'list',
    description: 'with --lib: functions whose results are not compared from call to call (repeatable or comma-separated)',
  },
  alignSweep: {
    flag: '--align-sweep',
    kind: 'integer',
    min: 0,
    max: 256,
    description: 'inputs replayed at each alignment offset after the campaign (0 = off)',
  },
  minimizeRuns: { flag: '--minimize-runs', kind: 'integer', min: 0, description: 'runs spent minimising new findings, in all (0 = off)' },
  minimizeShare: {
    flag: '--minimize-share',
    value: 'PERCENT',
    kind: 'integer',
    min: 0,
    max: 80,
    description: 'percent of --duration kept for minimising new findings',
  },
  sweepShare: {
    flag: '--sweep-share',
    value: 'PERCENT',
    kind: 'integer',
    min: 0,
    max: 80,
    description: 'percent of --duration kept for the alignment sweep',
  },
  shard: { flag: '--shard', value: 'i/n', kind: 'string', description: 'only shard i of n of the entries, e.g. 2/4 (disjoint, complete)' },
  jobs: {
    flag: '--jobs',
    kind: 'integer',
    min: 1,
    max: 256,
    description: 'replay: replays at once; fuzz --mode coverage: engine processes sharing the corpus (default: one per core)',
  },
  maxLen: {
    flag: '--max-len',
    value: 'N',
    kind: 'integer',
    min: 1,
    max: MAX_LEN,
    description: "longest buffer in bytes, for every buffer parameter (default: the spec's maxLength, else 65536)",
  },
  dict: {
    flag: '--dict',
    value: 'FILE',
    kind: 'string',
    description: 'coverage mode: dictionary file in libFuzzer format (kw="GET", \\xNN escapes)',
  },
  coverageOf: {
    flag: '--coverage-of',
    value: 'SPEC',
    kind: 'string',
    description: "corpus merge: keep a coverage-minimal queue (like libFuzzer -merge=1), measured on this spec's coverage build",
  },
  crashes: { flag: '--crashes', kind: 'boolean', description: 'also replay every crash, not only regressions' },
  guardPages: {
    flag: '--guard-pages',
    kind: 'choice',
    choices: ['off', 'small', 'all'],
    description: 'end buffers (small: up to 4096 bytes) against a PROT_NONE page so overruns fault at the culprit',
  },
  forkServer: {
    flag: '--no-fork-server',
    kind: 'boolean',
    negated: true,
    description: 'restart a whole engine child after each crash instead of forking a runner from a loaded one',
  },
  profile: { flag: '--profile', kind: 'choice', choices: ['plain', 'coverage', 'asan', 'tsan'], description: 'cargo build profile' },
  calls: { flag: '--calls', kind: 'integer', min: 1, description: 'compare: inputs run against each build (across threads and restarts)' },
  allowAbiMismatch: {
    flag: '--allow-abi-mismatch',
    kind: 'boolean',
    description: "fuzz even if the spec's struct layouts disagree with the library (the mismatch becomes the first finding)",
  },
};
