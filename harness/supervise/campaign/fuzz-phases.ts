import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { describeInput, inputFromJson } from '../../model/call-input.js';
import type { Sink } from '../../model/sink.js';
import { renderAlignmentTable, type AlignmentTable } from '../../report/alignment-table.js';
import { writeCampaignReport } from '../../report/campaign-report.js';
import { paramNamesOf, renderFinding } from '../../report/crash-report.js';
import { displayPath } from '../../report/render-command.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { REPORT_HTML_FILE, runSummaryFile } from '../../store/paths.js';
import type { CaptureContext, RecordLocator } from '../capture/crash-capture.js';
import type { EngineSetup } from '../child/engine-setup.js';
import { openRunners } from '../child/warm-runner.js';
import { minimizeRecord } from '../replay/minimize/minimize-record.js';
import { sweepAlignment } from './alignment-sweep.js';
import { runCampaign, type CampaignResult } from './campaign-loop.js';
import { campaignModeOf } from './mode-of.js';
import type { RunJournal } from './run-journal.js';
import { runSummaryOf, type RunOutcome, type RunSummary } from './run-summary.js';

/** What the phases of one `fuzz` run share (fuzz.ts opens it). */
export interface FuzzSession {
  readonly ref: TargetRef;
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** How the user invokes ffi-fuzz (for the commands in records and reports). */
  readonly prefix: string;
  readonly sink: Sink;
  readonly warn: (line: string) => void;
  readonly startedAt: Date;
  /** Engine settings; its work folder is removed when the run ends. */
  readonly setup: EngineSetup;
  readonly journal: RunJournal;
  /** The campaign's wall-clock budget across resumptions; null = runs only. */
  readonly durationMs: number | null;
  readonly capture: CaptureContext;
  readonly locate: RecordLocator;
}

type Findings = CampaignResult['findings'];

/** Phase 1: the campaign in the mode the options name, resumed from the journal's checkpoint. */
export async function campaignPhase(
  session: FuzzSession,
  budget: { readonly runs: number | null; readonly durationMs: number | null },
): Promise<CampaignResult> {
  const { ref, options, setup, journal, sink } = session;
  const mode = campaignModeOf(ref, { ...options, runs: budget.runs }, setup.workDir, journal.startAt, session.warn);
  const result = await runCampaign(mode, {
    open: openRunners(setup),
    durationMs: budget.durationMs,
    capture: session.capture,
    locate: session.locate,
    events: {
      finding: (record, file, isNew) => {
        journal.finding(file);
        if (!isNew) return;
        sink.status?.('');
        for (const line of renderFinding(record, file)) sink.err(line);
      },
      progress: (p) => journal.progress(p),
      warn: session.warn,
    },
  });
  sink.status?.('');
  return result;
}

/**
 * Phase 2: each finding minimised across fresh processes, keeping its signature. A hang or a
 * slow leak costs its whole timeout per candidate: those are minimised on request only.
 * Returns the minimized record file by bucket id.
 */
export async function minimizePhase(
  session: FuzzSession,
  findings: Findings,
  budget: { readonly runs: number; readonly msPerFinding: number },
): Promise<Map<string, string>> {
  const { ref, options } = session;
  const minimized = new Map<string, string>();
  if (budget.runs <= 0) return minimized;
  const limits = {
    libraryPath: ref.libraryPath,
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
  };
  for (const { record, file } of findings.values()) {
    if (record.kind === 'timeout' || record.kind === 'oom') continue;
    const done = await minimizeRecord(record, file, limits, { maxRuns: budget.runs, durationMs: budget.msPerFinding }, session.prefix);
    if (done.kind !== 'minimized') continue;
    minimized.set(record.id, displayPath(done.file));
    // A sequence shows every call, in order; a single call shows just itself.
    const calls = [...done.record.preceding, done.record.input!].map((call) =>
      describeInput(inputFromJson(call, done.file), paramNamesOf(record, call.fn)),
    );
    session.sink.err(`Minimized ${record.id} in ${done.result.runs} runs: ${calls.join('; ')} → ${displayPath(done.file)}`);
  }
  return minimized;
}

/** Phase 3: outcome by alignment offset per buffer parameter, `samples` inputs per function; hanging functions are skipped. */
export async function sweepPhase(
  session: FuzzSession,
  findings: Findings,
  budget: { readonly samples: number },
): Promise<AlignmentTable[]> {
  if (budget.samples <= 0) return [];
  const alignment = await sweepAlignment(session.ref.target, session.setup, session.seed, budget.samples, hangingFunctions(findings));
  for (const table of alignment) for (const line of renderAlignmentTable(table)) session.sink.err(line);
  return alignment;
}

/** Phase 4: summary.json, the checkpoint removed, the run report with findings of the interrupted part too. */
export function reportPhase(session: FuzzSession, run: RunOutcome): RunSummary {
  const { ref, options, journal } = session;
  const summary = runSummaryOf(run);
  writeFileAtomic(runSummaryFile(path.resolve(options.reports), ref.target.name, run.startedAt), `${JSON.stringify(summary, null, 2)}\n`);
  const totals = journal.finish(run.result, []);
  const reportDir = writeCampaignReport(
    {
      ref,
      options,
      seed: session.seed,
      prefix: session.prefix,
      startedAt: journal.startedAt,
      resumed: journal.resumed !== null,
      totals,
      timeline: totals.timeline,
      findings: [...(run.abiFinding === null ? [] : [run.abiFinding]), ...totals.earlier, ...run.result.findings.values()],
      alignment: run.alignment,
      perFunction: summary.perFunction,
      warnings: summary.warnings,
    },
    [],
  );
  session.sink.err(`report: ${displayPath(path.join(reportDir, REPORT_HTML_FILE))}`);
  return summary;
}

/** Functions the campaign saw hang: sweeping them would pay a full timeout per hanging input. */
function hangingFunctions(findings: Findings): Set<string> {
  return new Set(
    [...findings.values()].flatMap(({ record }) => (record.kind === 'timeout' && record.function !== null ? [record.function] : [])),
  );
}
