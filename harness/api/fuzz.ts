import crypto from 'node:crypto';
import { abiGate } from '../abi/abi-gate.js';
import { COMMAND_SPECS } from '../config/command-specs.js';
import type { HarnessOptions, ResolvedOptions } from '../config/options.js';
import type { Resolution } from '../config/resolve-options.js';
import { resolveTargetRef, withNondeterministic } from '../ffi/target-ref.js';
import { ExitCode } from '../model/exit-codes.js';
import { HarnessError } from '../model/harness-error.js';
import type { Sink } from '../model/sink.js';
import { displayPath } from '../report/render-command.js';
import { renderRunEnd } from '../report/run-end.js';
import type { RunSummary } from '../report/run-summary.js';
import { readCrashRecord } from '../store/crash-record.js';
import { requireWritableDir } from '../store/output-dir.js';
import { reportsRoot } from '../store/paths.js';
import { checkCoverageMode, coverageJobs } from '../supervise/campaign/coverage-plan.js';
import { fuzz as runCampaign } from '../supervise/campaign/fuzz.js';
import { autoSplitOf, describeAutoSplit } from '../supervise/campaign/auto-mode.js';
import { chooseMode, profileFor } from '../supervise/campaign/mode-choice.js';
import { API_INVOCATION, apiSink, pathOf } from './api-io.js';
import { resolveApiOptions } from './api-options.js';

type FuzzKey = (typeof COMMAND_SPECS.fuzz.options)[number];

/** Options of {@link fuzz}: those of `ffi-fuzz fuzz` (see HarnessOptions for each default), plus where progress goes. */
export type FuzzOptions = Pick<HarnessOptions, Exclude<FuzzKey, 'json'>> & {
  /** Receives every progress and finding line the CLI would print. @defaultValue silent */
  readonly log?: (line: string) => void;
  /**
   * Stops the campaign early, as SIGINT/SIGTERM stop the CLI's: its children are killed and the
   * result (and the report) holds what was found until then. @defaultValue never
   */
  readonly signal?: AbortSignal;
};

/** One unique finding of a campaign (one bucket), with the commands to act on it. */
export interface Finding {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  readonly function: string | null;
  /** Deaths or failed calls that landed in this bucket during the campaign. */
  readonly count: number;
  /** The crash record (absolute path). */
  readonly record: string;
  /** The command that replays it in a fresh process, as the record holds it (run from where the campaign ran). */
  readonly reproduce: string;
  /** The minimized record (absolute path), when one was written. */
  readonly minimized: string | null;
  /** What zero-config guessed about the function's contract: then the finding is not counted as a bug. */
  readonly contractUnknown: string | null;
}

/** The result of one campaign: exit code 0 (nothing found) or 1 (findings), as the CLI would exit. */
export interface FuzzResult {
  readonly exitCode: typeof ExitCode.Clean | typeof ExitCode.Findings;
  readonly seed: number;
  readonly findings: readonly Finding[];
  /** What `fuzz --json` prints; also `<reports>/<iso-time>-<target>/summary.json`. */
  readonly summary: RunSummary;
}

/**
 * Runs one supervised campaign against a spec (a `target.ts`/`.js` path or file URL; null with
 * `lib` for zero-config) and returns its findings. The target runs in engine child processes: a
 * crash never reaches the caller's process. Throws HarnessError for bad input (exit code 2) and
 * harness faults (3).
 */
export async function fuzz(spec: string | URL | null, options: FuzzOptions = {}): Promise<FuzzResult> {
  const { log, signal, ...given } = options;
  const resolution = resolveApiOptions('fuzz()', given, COMMAND_SPECS.fuzz.options);
  return runFuzz(spec === null ? undefined : pathOf(spec), resolution, apiSink(log), API_INVOCATION, signal);
}

/** How the target line names the mode (property mode, the default before auto, says nothing). */
function modeLabel(options: ResolvedOptions): string {
  switch (options.mode) {
    case 'property':
      return '';
    case 'stress':
      return ', stress mode';
    case 'coverage':
      return `, coverage mode, ${coverageJobs(options)} job(s)`;
    case 'auto':
      return ', auto mode (coverage + property)';
    default: {
      const never: never = options.mode;
      return never;
    }
  }
}

/**
 * The campaign behind `ffi-fuzz fuzz` and {@link fuzz}: output folders checked, target resolved
 * (crates built), mode chosen, ABI gated, run within its budget, summed up. The report is written
 * however it ends; a fault (or a report that could not be written) is thrown after the summary is printed.
 */
export async function runFuzz(
  spec: string | undefined,
  { options, sources }: Pick<Resolution<Record<string, never>>, 'options' | 'sources'>,
  sink: Sink,
  prefix: string,
  interrupt: AbortSignal = new AbortController().signal,
): Promise<FuzzResult> {
  const seed = options.seed ?? crypto.randomInt(0, 0xffffffff);
  sink.err(`ffi-fuzz: seed ${seed}${options.seed === null ? ` (repeat this run with --seed ${seed})` : ''}`);
  requireWritableDir(options.out, '--out');
  requireWritableDir(reportsRoot(options.out, options.reports), options.reports === null ? '--out (its reports/ folder)' : '--reports');
  const resolved = await resolveTargetRef(spec, options.lib, options.fn, profileFor(options, sources), (line) => sink.err(line), {
    maxLength: options.maxLen,
    headers: options.header,
    // Before the coverage build of the library: what coverage mode cannot do is said at once.
    vet: (target) => (options.mode === 'coverage' ? checkCoverageMode(target, options) : undefined),
  });
  const ref = options.nondeterministic.length === 0 ? resolved : withNondeterministic(resolved, options.nondeterministic);
  const unknown = options.only.filter((f) => !ref.target.functions.some((g) => g.name === f));
  if (unknown.length > 0)
    throw new HarnessError('usage', `--only names functions the target does not have: ${unknown.join(', ')}`, {
      where: '--only',
      hint: `functions: ${ref.target.functions.map((f) => f.name).join(', ')}`,
    });
  const abi = abiGate(ref.target, ref.libraryPath, options.allowAbiMismatch, (line) => sink.err(line));
  const choice = chooseMode(options, ref);
  if (choice.note !== null) sink.err(choice.note);
  const chosen = { ...options, mode: choice.mode };
  sink.err(
    `target ${ref.target.name}: ${displayPath(ref.libraryPath)} (sha256 ${ref.librarySha256.slice(0, 12)}), ${options.threads} thread(s)${modeLabel(chosen)}`,
  );
  if (chosen.mode === 'auto') sink.err(describeAutoSplit(autoSplitOf(chosen), chosen.alignSweep));
  const run = await runCampaign(ref, chosen, seed, prefix, sink, abi, interrupt);
  for (const line of renderRunEnd(run.summary, run.unwritten)) sink.err(line);
  if (run.fault !== null) throw run.fault;
  const findings = run.summary.findings.map(
    (f): Finding => ({
      id: f.id,
      kind: f.kind,
      headline: f.headline,
      function: f.function,
      count: f.count,
      record: f.recordFile,
      // The record's own line, as the CLI printed it (relative to where the campaign ran).
      reproduce: readCrashRecord(f.recordFile).reproduce,
      minimized: f.minimized,
      contractUnknown: f.contractUnknown ?? null,
    }),
  );
  // A finding on a contract zero-config guessed is not a bug: it does not fail the run.
  const bugs = findings.filter((f) => f.contractUnknown === null).length;
  return { exitCode: bugs > 0 ? ExitCode.Findings : ExitCode.Clean, seed, findings, summary: run.summary };
}
