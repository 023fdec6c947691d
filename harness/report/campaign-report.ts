import fs from 'node:fs';
import path from 'node:path';
import type { HarnessOptions, ResolvedOptions } from '../config/options.js';
import { renderFlags } from '../config/resolve-options.js';
import { asHarnessError } from '../model/harness-error.js';
import type { TargetRef } from '../ffi/target-ref.js';
import { displayPath, renderCommand } from './render-command.js';
import { reportFinding, RUN_REPORT_SCHEMA, totalsOf, type ReportFault, type RunReport } from './run-report.js';
import { writeRunReport } from './write-run-report.js';
import type { TimelineSample } from '../store/campaign-state.js';
import { tryReadRecord, type CorpusProblem } from '../store/corpus-store.js';
import type { CrashRecord } from '../store/crash-record.js';
import { MINIMIZED_RECORD_FILE, runReportDir } from '../store/paths.js';
import type { AlignmentTable } from './alignment-table.js';
import type { FunctionSummary } from './function-table.js';
import { HARNESS_VERSION } from '../model/harness-version.js';

/** Options that shape a campaign, rendered back into the command that reruns it. */
const RERUN_KEYS: (keyof HarnessOptions)[] = [
  'mode',
  'threads',
  'durationMs',
  'runs',
  'seed',
  'out',
  'reports',
  'timeoutMs',
  'rssLimitMb',
  'killGraceMs',
  'lib',
  'fn',
  'only',
];

/** What a campaign hands over to be reported. */
export interface CampaignReportInput {
  readonly ref: TargetRef;
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** How the user invoked ffi-fuzz (`node dist/harness/cli/main.js`, `ffi-fuzz`). */
  readonly prefix: string;
  readonly startedAt: Date;
  readonly resumed: boolean;
  readonly totals: { readonly execs: number; readonly elapsedMs: number; readonly restarts: number; readonly peakRssMb: number };
  readonly timeline: readonly TimelineSample[];
  readonly findings: readonly { readonly record: CrashRecord; readonly file: string }[];
  readonly alignment?: readonly AlignmentTable[];
  /** Per function: what the campaign did with it (absent when it stopped on a fault). */
  readonly perFunction?: readonly FunctionSummary[];
  readonly warnings?: readonly string[];
  /** What stopped the run, when the harness failed. */
  readonly fault?: unknown;
}

/**
 * Writes `reports/<iso-time>-<target>/` for a campaign: summary.json, report.html, junit.xml and
 * results.sarif. Each finding's minimized.json, when `minimize` wrote one, gives the hex shown.
 */
export function writeCampaignReport(input: CampaignReportInput, problems: CorpusProblem[]): string {
  const { ref, options } = input;
  const dir = runReportDir(path.resolve(options.reports), ref.target.name, input.startedAt);
  const findings = input.findings.map(({ record, file }) => {
    const minimizedFile = path.join(path.dirname(file), MINIMIZED_RECORD_FILE);
    const minimized = fs.existsSync(minimizedFile) ? tryReadRecord(minimizedFile, problems) : null;
    return reportFinding(record, file, minimized, (f) => displayPath(f));
  });
  const functions = ref.target.functions.map((f) => f.name).filter((f) => options.only.length === 0 || options.only.includes(f));
  const report: RunReport = {
    schema: RUN_REPORT_SCHEMA,
    run: path.basename(dir),
    target: ref.target.name,
    library: displayPath(ref.libraryPath),
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
    command: renderCommand(input.prefix, [
      'fuzz',
      ...(ref.specModule === null ? [] : [ref.specModule]),
      ...renderFlags({ ...options, seed: input.seed }, RERUN_KEYS),
    ]),
    totals: totalsOf(findings),
    timeline: input.timeline,
    findings,
    fault: input.fault === undefined ? null : faultOf(input.fault),
    ...(input.alignment === undefined || input.alignment.length === 0 ? {} : { alignment: input.alignment }),
    ...(input.perFunction === undefined ? {} : { perFunction: input.perFunction, warnings: input.warnings ?? [] }),
  };
  writeRunReport(dir, report);
  return dir;
}

function faultOf(error: unknown): ReportFault {
  const e = asHarnessError(error);
  return { code: e.code, message: e.message, hint: e.hint ?? null };
}
