import crypto from 'node:crypto';
import path from 'node:path';
import { abiGate } from '../abi/abi-gate.js';
import { COMMAND_SPECS } from '../config/command-specs.js';
import { DEFAULT_DURATION_MS, type HarnessOptions, type ResolvedOptions } from '../config/options.js';
import type { Resolution } from '../config/resolve-options.js';
import { resolveTargetRef } from '../ffi/target-ref.js';
import { ExitCode } from '../model/exit-codes.js';
import { HarnessError } from '../model/harness-error.js';
import type { Sink } from '../model/sink.js';
import { renderFindingsTable } from '../report/crash-report.js';
import { displayPath } from '../report/render-command.js';
import { readCrashRecord } from '../store/crash-record.js';
import { fuzz as runCampaign } from '../supervise/campaign/fuzz.js';
import type { RunSummary } from '../supervise/campaign/run-summary.js';
import { autoSplitOf, describeAutoSplit } from '../supervise/campaign/auto-mode.js';
import { coverageJobs } from '../supervise/campaign/coverage-plan.js';
import { chooseMode, profileFor } from '../supervise/campaign/mode-choice.js';
import { API_INVOCATION, apiSink, pathOf } from './api-io.js';
import { resolveApiOptions } from './api-options.js';

type FuzzKey = (typeof COMMAND_SPECS.fuzz.options)[number];

/** Options of {@link fuzz}: those of `ffi-fuzz fuzz` (see HarnessOptions for each default), plus where progress goes. */
export type FuzzOptions = Pick<HarnessOptions, Exclude<FuzzKey, 'json'>> & {
  /** Receives every progress and finding line the CLI would print. @defaultValue silent */
  readonly log?: (line: string) => void;
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
  /** The command that replays it in a fresh process. */
  readonly reproduce: string;
  /** The minimized record, when the campaign minimized it. */
  readonly minimized: string | null;
}

/** The result of one campaign: exit code 0 (nothing found) or 1 (findings), as the CLI would exit. */
export interface FuzzResult {
  readonly exitCode: typeof ExitCode.Clean | typeof ExitCode.Findings;
  readonly seed: number;
  readonly findings: readonly Finding[];
  /** What `fuzz --json` prints (also written under the reports root). */
  readonly summary: RunSummary;
}

/**
 * Runs one supervised campaign against a spec (a `target.ts`/`.js` path or file URL; null with
 * `lib` for zero-config) and returns its findings. The target runs in engine child processes: a
 * crash never reaches the caller's process. Throws HarnessError for bad input (exit code 2) and
 * harness faults (3).
 */
export async function fuzz(spec: string | URL | null, options: FuzzOptions = {}): Promise<FuzzResult> {
  const { log, ...given } = options;
  const resolution = resolveApiOptions('fuzz()', given, COMMAND_SPECS.fuzz.options);
  return runFuzz(spec === null ? undefined : pathOf(spec), resolution, apiSink(log), API_INVOCATION);
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

function budgetLabel(options: ResolvedOptions): string {
  return options.runs !== null ? `${options.runs} runs` : `${(options.durationMs ?? DEFAULT_DURATION_MS) / 1000}s`;
}

/** The campaign behind `ffi-fuzz fuzz` and {@link fuzz}: target resolved (crates built), ABI gated, run, summed up. */
export async function runFuzz(
  spec: string | undefined,
  { options, sources }: Pick<Resolution<Record<string, never>>, 'options' | 'sources'>,
  sink: Sink,
  prefix: string,
): Promise<FuzzResult> {
  const seed = options.seed ?? crypto.randomInt(0, 0xffffffff);
  sink.err(`ffi-fuzz: seed ${seed}${options.seed === null ? ` (repeat this run with --seed ${seed})` : ''}`);
  const ref = await resolveTargetRef(spec, options.lib, options.fn, profileFor(options, sources), (line) => sink.err(line), options.maxLen);
  const unknown = options.only.filter((f) => !ref.target.functions.some((g) => g.name === f));
  if (unknown.length > 0)
    throw new HarnessError('usage', `--only names functions the target does not have: ${unknown.join(', ')}`, {
      where: '--only',
      hint: `functions: ${ref.target.functions.map((f) => f.name).join(', ')}`,
    });
  const abi = abiGate(ref.target, ref.libraryPath, options.allowAbiMismatch, (line) => sink.err(line));
  const choice = chooseMode(options, ref);
  if (choice.note !== null) sink.err(choice.note);
  const run = { ...options, mode: choice.mode };
  sink.err(
    `target ${ref.target.name}: ${displayPath(ref.libraryPath)} (sha256 ${ref.librarySha256.slice(0, 12)}), ${options.threads} thread(s)${modeLabel(run)}, ${budgetLabel(run)}`,
  );
  if (run.mode === 'auto') sink.err(describeAutoSplit(autoSplitOf(run), run.alignSweep));
  const summary = await runCampaign(ref, run, seed, prefix, sink, abi);
  sink.err(
    `done: ${summary.execs} execs in ${(summary.elapsedMs / 1000).toFixed(1)}s (${summary.execsPerSecond}/s), ${summary.restarts} restarts, ${summary.findings.length} unique finding(s), peak RSS ${summary.peakRssMb} MiB`,
  );
  for (const line of renderFindingsTable(summary.findings)) sink.err(line);
  const findings = summary.findings.map((f): Finding => {
    const record = path.resolve(f.record);
    return {
      ...f,
      record,
      reproduce: readCrashRecord(record).reproduce,
      minimized: f.minimized === null ? null : path.resolve(f.minimized),
    };
  });
  return { exitCode: findings.length > 0 ? ExitCode.Findings : ExitCode.Clean, seed, findings, summary };
}
