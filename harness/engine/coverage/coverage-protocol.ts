import type { CallInputJson } from '../../model/call-input.js';

/**
 * Coverage mode's share of the engine protocol (the unions in protocol.ts include these).
 * One coverage child runs one thread: the counters and the compare table are per process.
 */

/** Mutate toward new coverage, from the corpus on disk, until the budget or the deadline. */
export interface CoverageWork {
  readonly kind: 'coverage';
  /** Which job of the campaign this child is (seeds its random source; names its entries). */
  readonly job: number;
  /** Starts of this job so far: a restarted job draws a different, still seeded, sequence. */
  readonly restart: number;
  /** Corpus root (`--out`) and target name: entries are read from `<root>/<target>/<fn>/{seeds,queue}/`. */
  readonly corpusRoot: string;
  readonly targetName: string;
  /** Executions this child may run (corpus replay included); null = until the deadline. */
  readonly runs: number | null;
  /** Epoch ms after which the child stops; null = no deadline. */
  readonly deadline: number | null;
  /** Number of this child's first execution in the job (the flight recorder's stream index). */
  readonly firstExec: number;
  /** Dictionary tokens (`--dict` file, and what earlier children of the campaign learned), as hex. */
  readonly dictionary: readonly string[];
  /** How often to pick up queue entries other jobs wrote, in ms. */
  readonly syncMs: number;
  /** Content hashes of inputs that crashed earlier in the campaign: never replayed from the corpus. */
  readonly skip: readonly string[];
  /** Entries whose mutants crashed the child: picked rarely from now on. */
  readonly penalize: readonly string[];
  /** The round marker file (round-marker.ts) this child writes its current parent into. */
  readonly markerPath: string;
}

/** Run each input once on fresh counters and report its features (coverage-minimal merge). */
export interface MeasureWork {
  readonly kind: 'measure';
  readonly inputs: readonly CallInputJson[];
}

/** Coverage child → supervisor. */
export type CoverageMessage =
  /** An input that reached new coverage: the supervisor stores it under queue/ (content-addressed). */
  | {
      readonly type: 'corpus-entry';
      readonly runId: string;
      readonly worker: number;
      readonly input: CallInputJson;
      readonly source: string;
      /** Tokens its mutation wrote that the child learned with it, as hex (the supervisor hands them to a restarted child). */
      readonly learned: readonly string[];
    }
  /** About once a second, and when the corpus is loaded. */
  | { readonly type: 'coverage-stats'; readonly runId: string; readonly worker: number; readonly stats: CoverageStats }
  /** One input's features, in input order. */
  | { readonly type: 'measured'; readonly runId: string; readonly index: number; readonly features: readonly number[] };

export interface CoverageStats {
  /** Counters the target has, and edges (counters) hit at least once. */
  readonly counters: number;
  readonly edges: number;
  /** (edge, bucket) pairs seen. */
  readonly features: number;
  /** Edges after replaying the corpus it started from (a resumed campaign starts here). */
  readonly initialEdges: number;
  /** Features after replaying the corpus it started from. */
  readonly initialFeatures: number;
  /** Entries in this child's corpus, and the executions it ran. */
  readonly corpus: number;
  readonly execs: number;
  /** Tokens learned from compares that paid off. */
  readonly learnedTokens: number;
  /** True when the library registered no counters (not built with --profile coverage). */
  readonly blind: boolean;
}
