import fs from 'node:fs';
import path from 'node:path';
import type { AbiReport } from '../../abi/check-abi.js';
import { DEFAULT_DURATION_MS, type ResolvedOptions } from '../../config/options.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import type { HarnessError } from '../../model/harness-error.js';
import type { Sink } from '../../model/sink.js';
import { renderFinding } from '../../report/crash-report.js';
import type { RunSummary } from '../../report/run-summary.js';
import { CRASH_RECORD_FILE, crashDir } from '../../store/paths.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { storeAbiFinding } from '../capture/abi-finding.js';
import { captureContextOf } from '../capture/crash-capture.js';
import { engineSetupOf } from '../child/engine-setup.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { sweepSize } from './alignment-sweep.js';
import { autoSplitOf } from './auto-mode.js';
import { coverageJobs } from './coverage-plan.js';
import { describeBudget, planBudget, type FuzzBudget } from './fuzz-budget.js';
import { reportPhase, sessionPhases, type FuzzSession } from './fuzz-phases.js';
import { functionsToCall } from './handle-functions.js';
import { RunJournal } from './run-journal.js';
import { runPhases } from './run-phases.js';

/** How a `fuzz` run ended: its summary (always), and what went wrong if something did. */
export interface FuzzRun {
  readonly summary: RunSummary;
  /** The fault that stopped a phase (the report was written all the same), or a report file that could not be written. */
  readonly fault: HarnessError | null;
  /** Report files that could not be written, with why. */
  readonly unwritten: readonly HarnessError[];
}

/**
 * One `fuzz` command against one target, within one budget (fuzz-budget.ts, printed first):
 *   1. the campaign (`--runs`, its share of `--duration`; a resumed one only what the checkpoint left),
 *   2. minimisation of the new findings (`--minimize-runs` in all, `--minimize-share` of the time),
 *   3. the alignment sweep (`--align-sweep` samples per function, `--sweep-share` of the time),
 *   4. the report: summary.json, report.html, junit.xml, results.sarif.
 * The report is written however the phases ended: on time, out of time, interrupted (`interrupt`:
 * SIGINT/SIGTERM in the CLI; the checkpoint stays to resume from), or stopped by a fault.
 */
export async function fuzz(
  ref: TargetRef,
  options: ResolvedOptions,
  seed: number,
  prefix: string,
  sink: Sink,
  abi: AbiReport | null,
  interrupt: AbortSignal,
): Promise<FuzzRun> {
  const budget = budgetOf(ref, options);
  const session = openSession(ref, options, seed, prefix, sink, budget);
  try {
    sink.err(describeBudget(budget));
    const abiFinding = recordAbiFinding(session, abi);
    const outcome = await runPhases(sessionPhases(session), budget, interrupt);
    const { summary, failed } = reportPhase(session, outcome, { abiFinding, abi });
    return { summary, fault: outcome.fault ?? failed[0] ?? null, unwritten: failed };
  } finally {
    fs.rmSync(session.setup.workDir, { recursive: true, force: true });
  }
}

/** The command's budget: `--duration` (or the default, without `--runs`) split into the phases' shares. */
function budgetOf(ref: TargetRef, options: ResolvedOptions): FuzzBudget {
  return planBudget({
    durationMs: options.durationMs ?? (options.runs === null ? DEFAULT_DURATION_MS : null),
    runs: options.runs,
    minimizeRuns: options.minimizeRuns,
    minimizeShare: options.minimizeShare,
    sweepShare: options.sweepShare,
    sweepSamples: options.alignSweep,
    sweepReplays: sweepSize(ref.target, options.only, options.alignSweep),
  });
}

/** What every phase shares: the engine setup, the journal (resume, checkpoints, status line), where records go. */
function openSession(ref: TargetRef, options: ResolvedOptions, seed: number, prefix: string, sink: Sink, budget: FuzzBudget): FuzzSession {
  const warn = (line: string) => sink.err(`warning: ${line}`);
  // A function that takes a handle is called only where a call sequence gives it a live one.
  const setup = engineSetupOf(ref, { ...options, only: functionsToCall(ref.target, options, warn) }, seed);
  const shim = faultShim();
  if (shim.warning !== null) warn(shim.warning);
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
      durationMs: budget.totalMs,
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
    setup,
    journal,
    budget,
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
