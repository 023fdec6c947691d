import fs from 'node:fs';
import path from 'node:path';
import { abiSummaryOf } from '../abi/abi-gate.js';
import type { AbiReport } from '../abi/check-abi.js';
import { CAMPAIGN_OPTIONS } from '../config/command-specs.js';
import type { ResolvedOptions } from '../config/options.js';
import { renderFlags } from '../config/resolve-options.js';
import type { TargetRef } from '../ffi/target-ref.js';
import { asHarnessError } from '../model/harness-error.js';
import { HARNESS_VERSION } from '../model/harness-version.js';
import type { TimelineSample } from '../store/campaign-state.js';
import { tryReadRecord, type CorpusProblem } from '../store/corpus-store.js';
import type { CrashRecord } from '../store/crash-record.js';
import { MINIMIZED_RECORD_FILE, runReportDir } from '../store/paths.js';
import type { AlignmentTable } from './alignment-table.js';
import type { CoverageSummary } from './coverage-status.js';
import type { FunctionSummary } from './function-table.js';
import { displayPath, quoteArg, renderCommand } from './render-command.js';
import { findingCommands, portablePrefix } from './report-commands.js';
import { reportFinding } from './report-finding.js';
import { RUN_SUMMARY_SCHEMA, totalsOf, type ForkServerUsage, type ReportFault, type RunSummary } from './run-summary.js';

/** What a `fuzz` run hands over to be summed up, however it ended. */
export interface CampaignReportInput {
  readonly ref: TargetRef;
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** How the user invoked ffi-fuzz (`node dist/harness/cli/main.js`, `ffi-fuzz`, `npx ffi-fuzz`). */
  readonly prefix: string;
  /** When the campaign started (the first part's start, for a resumed one). */
  readonly startedAt: Date;
  readonly resumed: boolean;
  /** The campaign's totals across resumptions (one computation: the journal's). */
  readonly totals: { readonly execs: number; readonly elapsedMs: number; readonly restarts: number; readonly peakRssMb: number };
  readonly timeline: readonly TimelineSample[];
  readonly findings: readonly { readonly record: CrashRecord; readonly file: string }[];
  readonly alignment: readonly AlignmentTable[];
  readonly abi: AbiReport | null;
  readonly coverage?: CoverageSummary;
  readonly forkServer?: ForkServerUsage;
  /** Per function: what the campaign did with it (absent when it stopped on a fault). */
  readonly perFunction?: readonly FunctionSummary[];
  /** What the campaign as a whole could not test, with the likely cause. */
  readonly warnings?: readonly string[];
  readonly budget: RunSummary['budget'];
  readonly interrupted: string | null;
  /** What stopped the run, when something failed. */
  readonly fault: unknown;
  readonly unsaved: readonly string[];
}

/**
 * The run summary of a campaign: every figure the terminal, summary.json, report.html, junit.xml
 * and results.sarif show comes from here. Each finding's minimized.json, when one was written,
 * gives the hex shown; commands are rendered to run from any directory.
 */
export function campaignSummary(input: CampaignReportInput, problems: CorpusProblem[], cwd: string = process.cwd()): RunSummary {
  const { ref, options } = input;
  const portable = portablePrefix(input.prefix, cwd);
  const findings = input.findings.map(({ record, file }) => {
    const minimizedFile = path.join(path.dirname(file), MINIMIZED_RECORD_FILE);
    const minimized = fs.existsSync(minimizedFile) ? tryReadRecord(minimizedFile, problems) : null;
    return reportFinding(record, file, {
      minimized: minimized === null ? null : { record: minimized, file: minimizedFile },
      commands: findingCommands(portable, file),
      display: (f) => displayPath(f, cwd),
    });
  });
  const functions = ref.target.functions.map((f) => f.name).filter((f) => options.only.length === 0 || options.only.includes(f));
  return {
    schema: RUN_SUMMARY_SCHEMA,
    run: path.basename(runReportDir('.', ref.target.name, input.startedAt)),
    target: ref.target.name,
    library: ref.libraryPath,
    librarySha256: ref.librarySha256,
    harnessVersion: HARNESS_VERSION,
    seed: input.seed,
    mode: options.mode,
    threads: options.threads,
    functions,
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    elapsedMs: input.totals.elapsedMs,
    execs: input.totals.execs,
    execsPerSecond: Math.round(input.totals.execs / Math.max(0.001, input.totals.elapsedMs / 1000)),
    restarts: input.totals.restarts,
    peakRssMb: Math.round(input.totals.peakRssMb),
    resumed: input.resumed,
    cwd,
    command: `cd ${quoteArg(cwd)} && ${renderCommand(input.prefix, [
      'fuzz',
      ...(ref.specModule === null ? [] : [ref.specModule]),
      ...renderFlags({ ...options, seed: input.seed }, CAMPAIGN_OPTIONS),
    ])}`,
    budget: input.budget,
    interrupted: input.interrupted,
    totals: totalsOf(findings),
    timeline: input.timeline,
    findings,
    fault: input.fault === null || input.fault === undefined ? null : faultOf(input.fault),
    unsaved: input.unsaved,
    alignment: input.alignment,
    ...(input.abi === null ? {} : { abi: abiSummaryOf(input.abi) }),
    ...(input.coverage === undefined ? {} : { coverage: input.coverage }),
    ...(input.forkServer === undefined ? {} : { forkServer: input.forkServer }),
    ...(input.perFunction === undefined ? {} : { perFunction: input.perFunction, warnings: input.warnings ?? [] }),
  };
}

function faultOf(error: unknown): ReportFault {
  const e = asHarnessError(error);
  return { code: e.code, message: e.message, hint: e.hint ?? null };
}
