import type { AbiReport } from '../../abi/check-abi.js';
import type { ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { describeInput, inputFromJson } from '../../model/call-input.js';
import type { HarnessError } from '../../model/harness-error.js';
import type { Sink } from '../../model/sink.js';
import { renderAlignmentTable } from '../../report/alignment-table.js';
import { campaignSummary } from '../../report/campaign-report.js';
import { paramNamesOf, renderFinding } from '../../report/crash-report.js';
import { displayPath } from '../../report/render-command.js';
import type { RunSummary } from '../../report/run-summary.js';
import { writeRunReport } from '../../report/write-run-report.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { REPORT_HTML_FILE, reportsRoot, runReportDir } from '../../store/paths.js';
import type { CaptureContext, RecordLocator } from '../capture/crash-capture.js';
import type { EngineSetup } from '../child/engine-setup.js';
import { openRunners } from '../child/open-runners.js';
import { minimizeRecord } from '../replay/minimize/minimize-record.js';
import { sweepAlignment } from './alignment-sweep.js';
import { runCampaign } from './campaign-loop.js';
import { fairShare, type FuzzBudget } from './fuzz-budget.js';
import { campaignModeOf } from './mode-of.js';
import { campaignWarnings, functionSummariesOf } from './function-summaries.js';
import { linkedController } from './phase-stop.js';
import type { RunJournal } from './run-journal.js';
import type { FuzzPhases, PhasesOutcome } from './run-phases.js';

/** What the phases of one `fuzz` run share (fuzz.ts opens it). */
export interface FuzzSession {
  readonly ref: TargetRef;
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** How the user invokes ffi-fuzz (for the commands in records and reports). */
  readonly prefix: string;
  readonly sink: Sink;
  readonly warn: (line: string) => void;
  /** Engine settings; its work folder is removed when the run ends. */
  readonly setup: EngineSetup;
  readonly journal: RunJournal;
  readonly budget: FuzzBudget;
  readonly capture: CaptureContext;
  readonly locate: RecordLocator;
}

/** Without a wall-clock budget (`--runs` alone), minimising one finding still stops after this long. */
const MINIMIZE_MS_PER_FINDING = 60_000;

/** The three working phases of a session: campaign, minimisation, alignment sweep. */
export function sessionPhases(session: FuzzSession): FuzzPhases {
  return {
    campaign: (budget, stop) => campaignPhase(session, budget, stop),
    minimize: (findings, budget, stop) => minimizePhase(session, findings, budget, stop),
    sweep: async (findings, budget, stop) => {
      const skip = hangingFunctions(findings);
      const alignment = await sweepAlignment(session.ref.target, { ...session.setup, stop }, session.seed, budget.samples, skip, stop);
      for (const table of alignment) for (const line of renderAlignmentTable(table)) session.sink.err(line);
      return alignment;
    },
  };
}

type Findings = Parameters<FuzzPhases['minimize']>[0];

/**
 * Phase 1: the campaign in the mode the options name, resumed from the journal's checkpoint. Its
 * children run under a stop of its own, which the phase's stop (time up, interrupted) or a fault
 * inside the campaign (a record that cannot be written) fires.
 */
async function campaignPhase(
  session: FuzzSession,
  budget: Parameters<FuzzPhases['campaign']>[0],
  stop: AbortSignal,
): ReturnType<FuzzPhases['campaign']> {
  const { ref, options, journal, sink } = session;
  const controller = linkedController(stop);
  const setup: EngineSetup = { ...session.setup, stop: controller.signal };
  const mode = campaignModeOf(ref, { ...options, runs: budget.runs }, setup.workDir, journal.startAt, session.warn);
  const runners = openRunners(setup, { forkServer: options.forkServer, warn: session.warn });
  const result = await runCampaign(mode, {
    open: runners.open,
    durationMs: journal.remainingMs(budget.durationMs),
    stop: controller,
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
  const forkServer = runners.forkServer();
  return forkServer === null ? result : { ...result, summary: { ...result.summary, forkServer } };
}

/**
 * Phase 2: each new finding minimised across fresh processes, keeping its signature, within the
 * phase's runs and time: each finding gets an even share of what is left, so one that shrinks
 * fast leaves the rest to the next. A hang or a slow leak costs its whole timeout per candidate:
 * those are minimised on request only.
 */
async function minimizePhase(
  session: FuzzSession,
  findings: Findings,
  budget: Parameters<FuzzPhases['minimize']>[1],
  stop: AbortSignal,
): Promise<Map<string, string>> {
  const { ref, options } = session;
  const minimized = new Map<string, string>();
  const limits = {
    libraryPath: ref.libraryPath,
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
    stop,
  };
  const todo = [...findings.values()].filter(({ record }) => record.kind !== 'timeout' && record.kind !== 'oom');
  let runsLeft = budget.runs;
  for (const [i, { record, file }] of todo.entries()) {
    if (stop.aborted || runsLeft <= 0) break;
    const left = todo.length - i;
    const share = {
      maxRuns: Math.max(1, fairShare(runsLeft, left)),
      durationMs: budget.deadline === null ? MINIMIZE_MS_PER_FINDING : fairShare(budget.deadline - Date.now(), left),
    };
    const done = await minimizeRecord(record, file, limits, share, session.prefix);
    // The check that it still fails is a run too.
    runsLeft -= 1 + (done.kind === 'minimized' ? done.result.runs : 0);
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

/** What the report phase gets beside the phases' outcome. */
export interface ReportExtras {
  /** The allowed ABI mismatch recorded before the campaign, if any. */
  readonly abiFinding: { readonly record: CrashRecord; readonly file: string } | null;
  readonly abi: AbiReport | null;
}

/**
 * Phase 4, always: the totals (the checkpoint removed only when the campaign ended normally), the
 * run summary and the report files. A report file that cannot be written is returned, not thrown:
 * the caller still prints the summary.
 */
export function reportPhase(
  session: FuzzSession,
  outcome: PhasesOutcome,
  extras: ReportExtras,
): { summary: RunSummary; failed: HarnessError[] } {
  const { ref, options, journal } = session;
  const cutShort = outcome.campaign === null || outcome.phases.campaign.ended === 'interrupted';
  const problems: { file: string; message: string }[] = [];
  const totals = journal.finish(outcome.campaign, problems, cutShort ? 'cut-short' : 'done');
  for (const p of problems) session.warn(`${displayPath(p.file)}: ${p.message}`);
  const fault = outcome.fault;
  const findings = [
    ...(extras.abiFinding === null ? [] : [extras.abiFinding]),
    ...totals.earlier,
    ...(outcome.campaign?.findings.values() ?? []),
  ];
  const summary = campaignSummary(
    {
      ref,
      options,
      seed: session.seed,
      prefix: session.prefix,
      startedAt: journal.startedAt,
      resumed: journal.resumed !== null,
      totals,
      timeline: totals.timeline,
      findings,
      alignment: outcome.alignment,
      abi: extras.abi,
      ...outcome.campaign?.summary,
      ...(outcome.campaign === null
        ? {}
        : {
            perFunction: functionSummariesOf(ref.target, options.mode, outcome.campaign.stats, findings),
            warnings: campaignWarnings(outcome.campaign),
          }),
      budget: { totalMs: session.budget.totalMs, phases: outcome.phases },
      interrupted: outcome.interrupted,
      fault,
      unsaved: fault !== null && fault.code === 'io' && fault.where !== undefined ? [fault.where] : [],
    },
    [],
  );
  const dir = runReportDir(reportsRoot(options.out, options.reports), ref.target.name, journal.startedAt);
  const written = writeRunReport(dir, summary);
  if (written.failed.length < 4) session.sink.err(`report: ${displayPath(dir)}/${REPORT_HTML_FILE}`);
  return { summary, failed: written.failed };
}

/** Functions the campaign saw hang: sweeping them would pay a full timeout per hanging input. */
function hangingFunctions(findings: Findings): Set<string> {
  return new Set(
    [...findings.values()].flatMap(({ record }) => (record.kind === 'timeout' && record.function !== null ? [record.function] : [])),
  );
}
