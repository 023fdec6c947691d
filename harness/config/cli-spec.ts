import { MAX_THREADS, type HarnessOptions } from './options.js';

/** How a flag's text becomes a value. */
export type FlagKind = 'string' | 'integer' | 'duration' | 'boolean' | 'list' | 'choice';

export interface FlagSpec {
  readonly flag: string;
  readonly kind: FlagKind;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** Every option gets a flag, or an explicit null: adding an option without deciding fails to compile. */
export type CliSpec<T> = { readonly [K in keyof Required<T>]: FlagSpec | null };

export const CLI_SPEC: CliSpec<HarnessOptions> = {
  mode: {
    flag: '--mode',
    kind: 'choice',
    choices: ['property', 'stress', 'coverage'],
    description:
      'generation strategy (stress: threads released together, results compared with each input alone; coverage: mutation guided by SanitizerCoverage on a coverage build)',
  },
  threads: { flag: '--threads', kind: 'integer', min: 1, max: MAX_THREADS, description: 'worker threads in the engine child' },
  durationMs: { flag: '--duration', kind: 'duration', description: 'wall-clock budget, e.g. 30s, 2m' },
  runs: { flag: '--runs', kind: 'integer', min: 1, description: 'total calls across threads and restarts' },
  seed: { flag: '--seed', kind: 'integer', min: 0, max: 0xffffffff, description: 'seed of every input stream' },
  out: { flag: '--out', kind: 'string', description: 'corpus root (crash records go under <out>/<target>/<fn>/crashes/)' },
  reports: { flag: '--reports', kind: 'string', description: 'reports root' },
  timeoutMs: { flag: '--timeout', kind: 'duration', description: 'a call stuck this long is a hang' },
  rssLimitMb: { flag: '--rss-limit', kind: 'integer', min: 64, description: 'engine memory limit in MiB' },
  killGraceMs: { flag: '--kill-grace', kind: 'duration', description: 'SIGTERM → SIGKILL grace' },
  json: { flag: '--json', kind: 'boolean', description: 'print the run summary as JSON on stdout' },
  lib: { flag: '--lib', kind: 'string', description: 'library to load (zero-config, or overrides the spec)' },
  fn: { flag: '--fn', kind: 'list', description: "C prototype to fuzz, e.g. 'int32_t f(const uint8_t *p, int32_t n)' (repeatable)" },
  header: {
    flag: '--header',
    kind: 'list',
    description:
      'C header of --lib (repeatable): function names from its dynamic symbols, prototypes and typedefs from the header (a library without debug info)',
  },
  only: { flag: '--only', kind: 'list', description: 'fuzz only these functions of the spec (repeatable or comma-separated)' },
  alignSweep: {
    flag: '--align-sweep',
    kind: 'integer',
    min: 0,
    max: 256,
    description: 'inputs replayed at each alignment offset after the campaign (0 = off)',
  },
  minimizeRuns: { flag: '--minimize-runs', kind: 'integer', min: 0, description: 'runs spent minimising each new finding (0 = off)' },
  shard: { flag: '--shard', kind: 'string', description: 'only shard i of n of the entries, e.g. 2/4 (disjoint, complete)' },
  jobs: {
    flag: '--jobs',
    kind: 'integer',
    min: 1,
    max: 256,
    description: 'replay: replays at once; fuzz --mode coverage: engine processes sharing the corpus (default: one per core)',
  },
  dict: { flag: '--dict', kind: 'string', description: 'coverage mode: dictionary file in libFuzzer format (kw="GET", \\xNN escapes)' },
  coverageOf: {
    flag: '--coverage-of',
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
  profile: { flag: '--profile', kind: 'choice', choices: ['plain', 'coverage', 'asan', 'tsan'], description: 'cargo build profile' },
  calls: { flag: '--calls', kind: 'integer', min: 1, description: 'compare: inputs run against each build (across threads and restarts)' },
  allowAbiMismatch: {
    flag: '--allow-abi-mismatch',
    kind: 'boolean',
    description: "fuzz even if the spec's struct layouts disagree with the library (the mismatch becomes the first finding)",
  },
};
