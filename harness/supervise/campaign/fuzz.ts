import fs from 'node:fs';
import type { Sink } from '../../model/sink.js';
import path from 'node:path';
import type { TargetRef } from '../../ffi/target-ref.js';
import { DEFAULT_DURATION_MS, type ResolvedOptions } from '../../config/options.js';
import { renderFinding } from '../../report/crash-report.js';
import { displayPath } from '../../report/render-command.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { CRASH_RECORD_FILE, REPORT_HTML_FILE, crashDir, runSummaryFile } from '../../store/paths.js';
import { describeInput, inputFromJson } from '../../model/call-input.js';
import { paramNamesOf } from '../../report/crash-report.js';
import { sweepAlignment } from './alignment-sweep.js';
import { renderAlignmentTable, type AlignmentTable } from '../../report/alignment-table.js';
import { runCampaign, type CampaignResult } from './campaign.js';
import { coverageCampaign, type CoverageSummary } from './coverage-campaign.js';
import { writeCampaignReport } from '../../report/campaign-report.js';
import { RunJournal } from './run-journal.js';
import { minimizeRecord } from '../replay/minimize/minimize-record.js';
import { engineSetupOf } from '../child/engine-setup.js';
import type { AbiReport } from '../../abi/check-abi.js';
import { abiSummaryOf, type AbiSummary } from '../../abi/abi-gate.js';
import { storeAbiFinding } from '../capture/abi-finding.js';
import { captureContextOf } from '../capture/crash-capture.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { STRESS_BURST, STRESS_ROUNDS } from '../../engine/stress/stress-loop.js';
import { runStressCampaign } from './stress-campaign.js';

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
  }[];
  /** Outcome by alignment offset per buffer parameter (empty with --align-sweep 0). */
  readonly alignment: readonly AlignmentTable[];
  /** The ABI table, when the spec declares structs (checked before the campaign). */
  readonly abi?: AbiSummary;
  /** Coverage mode: edges reached (and at the start, from the corpus), corpus growth, per-job rates. */
  readonly coverage?: CoverageSummary;
}

/** Wall-clock cap on minimising one finding after a campaign (the run budget usually ends it first). */
const MINIMIZE_MS_PER_FINDING = 60_000;

/** One campaign against one target: findings printed as they come, a summary written at the end. */
export async function fuzz(
  ref: TargetRef,
  options: ResolvedOptions,
  seed: number,
  prefix: string,
  sink: Sink,
  abi: AbiReport | null = null,
): Promise<RunSummary> {
  const startedAt = new Date();
  const setup = engineSetupOf(ref, options, seed);
  const shim = faultShim();
  if (shim.warning !== null) sink.err(`warning: ${shim.warning}`);
  const durationMs = options.durationMs ?? (options.runs === null ? DEFAULT_DURATION_MS : null);
  // Resumes an interrupted campaign, samples the time series, checkpoints, drives the status line.
  const journal = new RunJournal(
    path.resolve(options.out),
    {
      target: ref.target.name,
      librarySha256: ref.librarySha256,
      seed,
      threads: options.threads,
      functions: options.only,
      runs: options.runs,
      durationMs,
    },
    sink,
  );
  const resumeNote = journal.resumeNote();
  if (resumeNote !== null) sink.err(resumeNote);
  const reportOf = (
    more: Pick<Parameters<typeof writeCampaignReport>[0], 'totals' | 'timeline' | 'findings'> & {
      alignment?: readonly AlignmentTable[];
      fault?: unknown;
    },
  ) => writeCampaignReport({ ref, options, seed, prefix, startedAt: journal.startedAt, resumed: journal.resumed !== null, ...more }, []);
  const capture = captureContextOf(ref, seed, { mode: options.mode, guardPages: options.guardPages }, prefix);
  const locate = (id: string, fn: string) => path.join(crashDir(path.resolve(options.out), ref.target.name, fn, id), CRASH_RECORD_FILE);
  try {
    // A layout mismatch the user allowed (--allow-abi-mismatch) is the first finding, recorded before anything runs.
    const abiFinding =
      abi === null || abi.ok ? null : storeAbiFinding(abi, ref.target, capture, locate, (line) => sink.err(`warning: ${line}`));
    if (abiFinding !== null) for (const line of renderFinding(abiFinding.record, abiFinding.file)) sink.err(line);
    // Coverage mode swaps the runner (engine children mutating toward new coverage); the rest is shared.
    const campaign =
      options.mode === 'coverage'
        ? coverageCampaign(ref, options, (line) => sink.err(`warning: ${line}`))
        : options.mode === 'stress'
          ? runStressCampaign
          : runCampaign;
    const result: CampaignResult & { coverageSummary?: CoverageSummary } = await campaign({
      setup,
      threads: options.threads,
      runs: options.runs,
      durationMs: journal.remainingMs(durationMs),
      startAt: journal.startAt,
      ...(options.mode === 'stress' ? { stress: { burst: STRESS_BURST, rounds: STRESS_ROUNDS } } : {}),
      capture,
      locate,
      events: {
        finding: (record, file, isNew) => {
          journal.finding(file);
          if (!isNew) return;
          sink.status?.('');
          for (const line of renderFinding(record, file)) sink.err(line);
        },
        progress: (p) => journal.progress(p),
        warn: (line) => sink.err(`warning: ${line}`),
      },
    });
    sink.status?.('');
    const minimized = new Map<string, string>();
    if (options.minimizeRuns > 0) {
      for (const { record, file } of result.findings.values()) {
        // A hang or a slow leak costs its whole timeout per candidate: minimise those on request only.
        if (record.kind === 'timeout' || record.kind === 'oom') continue;
        const done = await minimizeRecord(
          record,
          file,
          { libraryPath: ref.libraryPath, timeoutMs: options.timeoutMs, rssLimitMb: options.rssLimitMb, killGraceMs: options.killGraceMs },
          { maxRuns: options.minimizeRuns, durationMs: MINIMIZE_MS_PER_FINDING },
          prefix,
        );
        if (done.kind !== 'minimized') continue;
        minimized.set(record.id, displayPath(done.file));
        // A sequence shows every call, in order; a single call shows just itself.
        const calls = [...done.record.preceding, done.record.input!].map((call) =>
          describeInput(inputFromJson(call, done.file), paramNamesOf(record, call.fn)),
        );
        sink.err(`Minimized ${record.id} in ${done.result.runs} runs: ${calls.join('; ')} → ${displayPath(done.file)}`);
      }
    }
    const alignment =
      options.alignSweep > 0 ? await sweepAlignment(ref.target, setup, seed, options.alignSweep, hangingFunctions(result.findings)) : [];
    for (const table of alignment) for (const line of renderAlignmentTable(table)) sink.err(line);
    const summary: RunSummary = {
      schema: 'ffi-fuzz/run-summary@1',
      target: ref.target.name,
      library: ref.libraryPath,
      librarySha256: ref.librarySha256,
      seed,
      threads: options.threads,
      startedAt: startedAt.toISOString(),
      elapsedMs: result.elapsedMs,
      execs: result.execs,
      execsPerSecond: Math.round(result.execs / Math.max(0.001, result.elapsedMs / 1000)),
      restarts: result.restarts,
      peakRssMb: Math.round(result.peakRssMb),
      mode: options.mode,
      findings: [...(abiFinding === null ? [] : [abiFinding]), ...result.findings.values()].map(({ record, file }) => ({
        id: record.id,
        kind: record.kind,
        headline: record.headline,
        function: record.function,
        count: record.count,
        record: displayPath(file),
        minimized: minimized.get(record.id) ?? null,
      })),
      alignment,
      ...(abi === null ? {} : { abi: abiSummaryOf(abi) }),
      ...(result.coverageSummary === undefined ? {} : { coverage: result.coverageSummary }),
    };
    writeFileAtomic(runSummaryFile(path.resolve(options.reports), ref.target.name, startedAt), `${JSON.stringify(summary, null, 2)}\n`);
    const totals = journal.finish(result, []);
    const reportDir = reportOf({
      totals,
      timeline: totals.timeline,
      findings: [...(abiFinding === null ? [] : [abiFinding]), ...totals.earlier, ...result.findings.values()],
      alignment,
    });
    sink.err(`report: ${displayPath(path.join(reportDir, REPORT_HTML_FILE))}`);
    return summary;
  } catch (error) {
    // A harness fault still leaves a report (junit: an error) and keeps the checkpoint to resume from.
    const p = journal.latest;
    reportOf({
      totals: { execs: p?.execs ?? 0, elapsedMs: p?.elapsedMs ?? 0, restarts: p?.restarts ?? 0, peakRssMb: 0 },
      timeline: journal.samples(),
      findings: [],
      fault: error,
    });
    throw error;
  } finally {
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
}

/** Functions the campaign saw hang: sweeping them would pay a full timeout per hanging input. */
function hangingFunctions(
  findings: ReadonlyMap<string, { readonly record: { readonly kind: string; readonly function: string | null } }>,
): Set<string> {
  return new Set(
    [...findings.values()]
      .filter(({ record }) => record.kind === 'timeout' && record.function !== null)
      .map(({ record }) => record.function!),
  );
}
