import type { ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { abiSummaryOf, type AbiSummary } from '../../abi/abi-gate.js';
import type { AbiReport } from '../../abi/check-abi.js';
import type { AlignmentTable } from '../../report/alignment-table.js';
import type { CoverageSummary } from '../../report/coverage-status.js';
import { displayPath } from '../../report/render-command.js';
import type { CrashRecord } from '../../store/crash-record.js';
import type { FunctionSummary } from '../../report/function-table.js';
import type { CampaignResult } from './campaign-loop.js';
import { functionSummariesOf, MIN_CALLS_FOR_WARNINGS } from './function-summaries.js';

/** The machine-readable result of one campaign (reports/runs/*.json, and --json). */
export interface RunSummary {
  readonly schema: 'ffi-fuzz/run-summary@1';
  readonly target: string;
  readonly library: string;
  readonly librarySha256: string;
  readonly seed: number;
  readonly threads: number;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly execs: number;
  readonly execsPerSecond: number;
  readonly restarts: number;
  readonly peakRssMb: number;
  /** Generation strategy; in stress mode `execs` counts both calls of each input (alone, then together). */
  readonly mode?: ResolvedOptions['mode'];
  readonly findings: readonly {
    id: string;
    kind: string;
    headline: string;
    function: string | null;
    count: number;
    record: string;
    minimized: string | null;
    /** Zero-config guessed the function's contract: not a bug until a spec says otherwise (crash-record.ts). */
    contractUnknown: string | null;
  }[];
  /** Outcome by alignment offset per buffer parameter (empty with --align-sweep 0). */
  readonly alignment: readonly AlignmentTable[];
  /** The ABI table, when the spec declares structs (checked before the campaign). */
  readonly abi?: AbiSummary;
  /** Coverage mode: edges reached (and at the start, from the corpus), corpus growth, per-job rates. */
  readonly coverage?: CoverageSummary;
  /**
   * Per function: calls that returned, `ok` (not the contract's error value), `errors` (and
   * `errorValues`), `skipped` sequence calls, `findings`, the `oracles` that judged it and those
   * that did not (`notJudged`), and vacuity `warnings` (report/function-table.ts).
   */
  readonly perFunction: readonly FunctionSummary[];
  /** What the campaign as a whole could not test (coverage that stayed flat), with the likely cause. */
  readonly warnings: readonly string[];
}

/** What a finished `fuzz` run adds up to. */
export interface RunOutcome {
  readonly ref: TargetRef;
  readonly options: ResolvedOptions;
  readonly seed: number;
  readonly startedAt: Date;
  readonly result: CampaignResult;
  /** The allowed ABI mismatch recorded before the campaign, if any. */
  readonly abiFinding: { readonly record: CrashRecord; readonly file: string } | null;
  readonly abi: AbiReport | null;
  /** Minimized record file by bucket id. */
  readonly minimized: ReadonlyMap<string, string>;
  readonly alignment: readonly AlignmentTable[];
}

export function runSummaryOf(run: RunOutcome): RunSummary {
  const { ref, result } = run;
  const findings = [...(run.abiFinding === null ? [] : [run.abiFinding]), ...result.findings.values()];
  return {
    schema: 'ffi-fuzz/run-summary@1',
    target: ref.target.name,
    library: ref.libraryPath,
    librarySha256: ref.librarySha256,
    seed: run.seed,
    threads: run.options.threads,
    startedAt: run.startedAt.toISOString(),
    elapsedMs: result.elapsedMs,
    execs: result.execs,
    execsPerSecond: Math.round(result.execs / Math.max(0.001, result.elapsedMs / 1000)),
    restarts: result.restarts,
    peakRssMb: Math.round(result.peakRssMb),
    mode: run.options.mode,
    findings: findings.map(({ record, file }) => ({
      id: record.id,
      kind: record.kind,
      headline: record.headline,
      function: record.function,
      count: record.count,
      record: displayPath(file),
      minimized: run.minimized.get(record.id) ?? null,
      contractUnknown: record.contractUnknown ?? null,
    })),
    alignment: run.alignment,
    ...(run.abi === null ? {} : { abi: abiSummaryOf(run.abi) }),
    ...result.summary,
    perFunction: functionSummariesOf(ref.target, run.options.mode, result.stats, findings),
    warnings: campaignWarnings(result),
  };
}

/** Coverage that stayed flat: the mutated inputs reached no code the starting corpus had not. */
export function campaignWarnings(result: CampaignResult): string[] {
  const coverage = result.summary.coverage;
  if (coverage === undefined || coverage.counters === 0 || result.execs < MIN_CALLS_FOR_WARNINGS) return [];
  if (coverage.edges > coverage.initialEdges) return [];
  return [
    `coverage stayed flat at ${coverage.edges} of ${coverage.counters} edges over ${result.execs} execs: the mutated inputs reached no new code; likely cause: every input is rejected early (see the error returns per function), or the inputs' content never gets past a check (add a dictionary with --dict, or seeds to the corpus)`,
  ];
}
