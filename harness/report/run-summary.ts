import type { AbiSummary } from '../abi/abi-gate.js';
import type { FunctionSummary } from './function-table.js';
import type { TimelineSample } from '../store/campaign-state.js';
import type { AlignmentTable } from './alignment-table.js';
import type { CoverageSummary } from './coverage-status.js';

/** Version tag of a run's summary.json (and of `fuzz --json`). */
export const RUN_SUMMARY_SCHEMA = 'ffi-fuzz/run-summary@2';

/**
 * A plain table for report sections other engines fill (e.g. `abi`: one table per struct). Cells
 * are text; `ok` marks a row as agreeing (true), disagreeing (false) or neither (null).
 */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly ok: boolean | null }[];
  readonly notes?: readonly string[];
}

/** One finding (signature bucket) as the report shows it. */
export interface ReportFinding {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  readonly signature: string;
  readonly function: string | null;
  readonly message: string | null;
  /** `file:line:col` in the target's source, when it printed one. */
  readonly location: string | null;
  /** `location` resolved to a source file (relative to the working directory when inside it). */
  readonly source: { readonly file: string; readonly line: number; readonly column: number } | null;
  readonly oracle: string | null;
  readonly frames: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
  /** From `repro --times N`: share of replays that reproduced it; null until measured. */
  readonly reproductionRate: number | null;
  readonly reproductionRuns: number | null;
  readonly reproduce: string;
  readonly minimize: string;
  /** The record as the user would type its path, and absolute (for `report` to refresh it). */
  readonly record: string;
  readonly recordFile: string;
  /** minimized.json beside the record (absolute), when the campaign or `minimize` wrote one. */
  readonly minimized: string | null;
  readonly inputHex: string | null;
  readonly inputBytes: number | null;
  readonly minimizedHex: string | null;
  readonly minimizedBytes: number | null;
  /** What zero-config guessed about the function's contract: the finding is not counted as a bug (crash-record.ts). */
  readonly contractUnknown?: string | null;
}

/** A fault of the harness that stopped the run (junit: an error, not a failure). */
export interface ReportFault {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

/** The phases of a `fuzz` command after which the report is written. */
export type PhaseName = 'campaign' | 'minimize' | 'sweep';

/** How one phase used its budget. */
export interface PhaseRecord {
  /** Its share of `--duration` in ms; null without a wall-clock budget. */
  readonly budgetMs: number | null;
  readonly spentMs: number;
  /**
   * `done`: it finished its work; `time-up`: its share ran out; `interrupted`: SIGINT/SIGTERM;
   * `failed`: a fault stopped it; `skipped`: an earlier interruption or fault, or no time left; `off`: disabled.
   */
  readonly ended: 'done' | 'time-up' | 'interrupted' | 'failed' | 'skipped' | 'off';
}

/** A fork server's resident memory in MiB: after its first life, its last, its peak. */
export interface ServerRss {
  readonly first: number;
  readonly last: number;
  readonly peak: number;
}

/** What the fork servers of a campaign did (summary.json `forkServer`). */
export interface ForkServerUsage {
  /** Fork servers started (a server killed from outside is replaced). */
  readonly servers: number;
  /** Runners forked: one per life. */
  readonly lives: number;
  /** Resident memory of the server that ran the most lives. */
  readonly serverRssMb: ServerRss | null;
}

/**
 * The one machine-readable result of a run: `<reports>/<iso-time>-<target>/summary.json`, what
 * `fuzz --json` prints and what the programmatic `fuzz()` returns. report.html, junit.xml and
 * results.sarif are rendered from it alone (`ffi-fuzz report <run>` renders them again), and the
 * terminal's closing lines print the same figures. New sections are optional fields added here and
 * filled where the run is summed up (report/campaign-report.ts `campaignSummary`), so a reader of
 * an older summary still validates; schema test: run-summary.test.ts.
 */
export interface RunSummary {
  readonly schema: typeof RUN_SUMMARY_SCHEMA;
  /** The folder name: `<iso-time>-<target>`. */
  readonly run: string;
  readonly target: string;
  /** Absolute path of the library fuzzed. */
  readonly library: string;
  readonly librarySha256: string;
  readonly harnessVersion: string;
  readonly seed: number;
  /** Generation strategy; in stress mode `execs` counts both calls of each input (alone, then together). */
  readonly mode: string;
  readonly threads: number;
  readonly functions: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The campaign's time (across resumptions) and its calls, restarts and the engine processes' peak memory together. */
  readonly elapsedMs: number;
  readonly execs: number;
  readonly execsPerSecond: number;
  readonly restarts: number;
  readonly peakRssMb: number;
  /** Continued from a checkpoint left by an interrupted run. */
  readonly resumed: boolean;
  /** The directory the run was started in (relative paths below are relative to it). */
  readonly cwd: string;
  /** The command that runs this campaign again, from any directory. */
  readonly command: string;
  /** The whole command's budget (`--duration`; null with `--runs` alone) and how each phase used its share. */
  readonly budget: { readonly totalMs: number | null; readonly phases: Readonly<Record<PhaseName, PhaseRecord>> };
  /** Set when SIGINT/SIGTERM (or an API caller's abort) stopped the run: what was found until then is here. */
  readonly interrupted: string | null;
  readonly totals: { readonly findings: number; readonly hits: number; readonly byKind: Readonly<Record<string, number>> };
  readonly timeline: readonly TimelineSample[];
  readonly findings: readonly ReportFinding[];
  readonly fault: ReportFault | null;
  /** Files the run could not write (a full disk, no permission): findings or reports that are missing on disk. */
  readonly unsaved: readonly string[];
  /** Outcome by alignment offset per buffer parameter (empty with --align-sweep 0, or when the sweep did not run). */
  readonly alignment: readonly AlignmentTable[];
  /** Declared vs compiled layouts, when the spec declares structs (checked before the campaign). */
  readonly abi?: AbiSummary;
  /** Coverage mode: edges reached (and at the start, from the corpus), corpus growth, per-job rates. */
  readonly coverage?: CoverageSummary;
  /** Per function: calls, ok, error returns by value, skipped calls, findings, oracles, vacuity warnings (function-table.ts). */
  readonly perFunction?: readonly FunctionSummary[];
  /** What the campaign as a whole could not test, with the likely cause. */
  readonly warnings?: readonly string[];
  /** Lives forked by fork servers (engine/fork-server.ts), and the busiest server's memory; absent when none ran. */
  readonly forkServer?: ForkServerUsage;
}

/** Totals over the findings. */
export function totalsOf(findings: readonly ReportFinding[]): RunSummary['totals'] {
  const byKind: Record<string, number> = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return { findings: findings.length, hits: findings.reduce((n, f) => n + f.count, 0), byKind };
}
