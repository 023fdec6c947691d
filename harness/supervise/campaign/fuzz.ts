import fs from 'node:fs';
import path from 'node:path';
import type { AbiReport } from '../../abi/check-abi.js';
import { DEFAULT_DURATION_MS, type ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import type { Sink } from '../../model/sink.js';
import { writeCampaignReport } from '../../report/campaign-report.js';
import { renderFinding } from '../../report/crash-report.js';
import { CRASH_RECORD_FILE, crashDir } from '../../store/paths.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { storeAbiFinding } from '../capture/abi-finding.js';
import { captureContextOf } from '../capture/crash-capture.js';
import { engineSetupOf } from '../child/engine-setup.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { campaignPhase, minimizePhase, reportPhase, sweepPhase, type FuzzSession } from './fuzz-phases.js';
import { autoSplitOf } from './auto-mode.js';
import { coverageJobs } from './coverage-plan.js';
import { RunJournal } from './run-journal.js';
import type { RunSummary } from './run-summary.js';

/** Wall-clock cap on minimising one finding after a campaign (the run budget usually ends it first). */
const MINIMIZE_MS_PER_FINDING = 60_000;

/**
 * One `fuzz` run against one target, in phases, each with a budget of its own:
 *   1. the campaign (`--runs`, `--duration`; a resumed campaign only what the checkpoint left),
 *   2. minimisation of each new finding (`--minimize-runs`, and a wall-clock cap per finding),
 *   3. the alignment sweep (`--align-sweep` samples per function),
 *   4. the report: summary.json, the run report, the printed table.
 * Findings are printed as they come. A harness fault still writes a report, keeps the checkpoint
 * to resume from, and is thrown.
 */
export async function fuzz(
  ref: TargetRef,
  options: ResolvedOptions,
  seed: number,
  prefix: string,
  sink: Sink,
  abi: AbiReport | null = null,
): Promise<RunSummary> {
  const session = openSession(ref, options, seed, prefix, sink);
  try {
    const abiFinding = recordAbiFinding(session, abi);
    const result = await campaignPhase(session, { runs: options.runs, durationMs: session.journal.remainingMs(session.durationMs) });
    const minimized = await minimizePhase(session, result.findings, { runs: options.minimizeRuns, msPerFinding: MINIMIZE_MS_PER_FINDING });
    const alignment = await sweepPhase(session, result.findings, { samples: options.alignSweep });
    return reportPhase(session, { ref, options, seed, startedAt: session.startedAt, result, abiFinding, abi, minimized, alignment });
  } catch (error) {
    reportFault(session, error);
    throw error;
  } finally {
    fs.rmSync(session.setup.workDir, { recursive: true, force: true });
  }
}

/** What every phase shares: the engine setup, the journal (resume, checkpoints, status line), where records go. */
function openSession(ref: TargetRef, options: ResolvedOptions, seed: number, prefix: string, sink: Sink): FuzzSession {
  const startedAt = new Date();
  const setup = engineSetupOf(ref, options, seed);
  const warn = (line: string) => sink.err(`warning: ${line}`);
  const shim = faultShim();
  if (shim.warning !== null) warn(shim.warning);
  const durationMs = options.durationMs ?? (options.runs === null ? DEFAULT_DURATION_MS : null);
  // The checkpoint's identity: only the same campaign, in the same mode, resumes it.
  const journal = new RunJournal(
    path.resolve(options.out),
    {
      mode: options.mode,
      target: ref.target.name,
      librarySha256: ref.librarySha256,
      seed,
      threads: options.threads,
      jobs: options.mode === 'coverage' ? coverageJobs(options) : options.mode === 'auto' ? autoSplitOf(options).jobs : null,
      functions: options.only,
      runs: options.runs,
      durationMs,
    },
    sink,
  );
  const resumeNote = journal.resumeNote();
  if (resumeNote !== null) sink.err(resumeNote);
  return {
    ref,
    options,
    seed,
    prefix,
    sink,
    warn,
    startedAt,
    setup,
    journal,
    durationMs,
    capture: captureContextOf(ref, seed, { mode: options.mode, guardPages: options.guardPages }, prefix),
    locate: (id, fn) => path.join(crashDir(path.resolve(options.out), ref.target.name, fn, id), CRASH_RECORD_FILE),
  };
}

/** A layout mismatch the user allowed (--allow-abi-mismatch) is the first finding, recorded before anything runs. */
function recordAbiFinding(session: FuzzSession, abi: AbiReport | null): { record: CrashRecord; file: string } | null {
  if (abi === null || abi.ok) return null;
  const found = storeAbiFinding(abi, session.ref.target, session.capture, session.locate, session.warn);
  for (const line of renderFinding(found.record, found.file)) session.sink.err(line);
  return found;
}

/** A harness fault still leaves a report (junit: an error); the checkpoint stays to resume from. */
function reportFault(session: FuzzSession, fault: unknown): void {
  const { journal } = session;
  const p = journal.latest;
  writeCampaignReport(
    {
      ref: session.ref,
      options: session.options,
      seed: session.seed,
      prefix: session.prefix,
      startedAt: journal.startedAt,
      resumed: journal.resumed !== null,
      totals: { execs: p?.execs ?? 0, elapsedMs: p?.elapsedMs ?? 0, restarts: p?.restarts ?? 0, peakRssMb: 0 },
      timeline: journal.samples(),
      findings: [],
      fault,
    },
    [],
  );
}
