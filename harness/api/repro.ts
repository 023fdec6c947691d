import { describeInput, inputFromJson } from '../model/call-input.js';
import { ExitCode } from '../model/exit-codes.js';
import type { Sink } from '../model/sink.js';
import { paramNamesOf } from '../report/crash-report.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { readCrashRecord, type CrashRecord } from '../store/crash-record.js';
import { ABI_ORACLE } from '../supervise/capture/crash-capture.js';
import { reproAbiRecord } from '../supervise/replay/abi-recheck.js';
import { libraryNote, reproOnce, replayPlan, type ReproOptions as ReplaySettings, type ReproRun } from '../supervise/replay/repro.js';
import { recordTarget } from '../supervise/replay/record-target.js';
import { apiSink, pathOf } from './api-io.js';
import { resolveApiOptions } from './api-options.js';

/** Options of {@link repro}. */
export interface ReproOptions {
  /** Replay against this library instead of the one the record names (e.g. the fixed build). */
  readonly lib?: string | null;
  /** Replays; more than one also stores the reproduction rate in the record. @defaultValue 1 */
  readonly times?: number;
  readonly timeoutMs?: number;
  readonly rssLimitMb?: number;
  readonly killGraceMs?: number;
  readonly log?: (line: string) => void;
}

/** The verdict of replaying one record: exit code 1 while it still fails, 0 once it no longer does. */
export interface ReproResult {
  readonly exitCode: typeof ExitCode.Clean | typeof ExitCode.Findings;
  /** 'reproduced': same signature; 'different': it fails another way; 'fixed': it no longer fails (of the last replay). */
  readonly verdict: 'reproduced' | 'different' | 'fixed';
  /** Headline and signature of the last replay's failure (null when it passed). */
  readonly headline: string | null;
  readonly signature: string | null;
  readonly frames: readonly string[];
  /** Replays that reproduced the record's signature, out of `times`. */
  readonly reproduced: number;
  readonly times: number;
}

/** Re-runs one crash record (`crash.json`) in a fresh process, as `ffi-fuzz repro` does. */
export async function repro(record: string | URL, options: ReproOptions = {}): Promise<ReproResult> {
  const { log, times = 1, ...given } = options;
  if (!Number.isInteger(times) || times < 1) throw new Error(`repro(): option 'times' expects a whole number ≥ 1, got ${times}`);
  const { options: resolved } = resolveApiOptions('repro()', given, ['lib', 'timeoutMs', 'rssLimitMb', 'killGraceMs']);
  const file = pathOf(record);
  const crash = readCrashRecord(file);
  recordTarget(crash, file);
  const sink = apiSink(log);
  const libraryPath = resolved.lib === null ? crash.target.library : pathOf(resolved.lib);
  const note = libraryNote(crash, libraryPath);
  if (note !== undefined) sink.err(note);
  if (crash.oracle === ABI_ORACLE) {
    const code = reproAbiRecord(crash, libraryPath, sink.out);
    const failed = code === ExitCode.Findings;
    return {
      exitCode: failed ? ExitCode.Findings : ExitCode.Clean,
      verdict: failed ? 'reproduced' : 'fixed',
      headline: failed ? crash.headline : null,
      signature: failed ? crash.id : null,
      frames: [],
      reproduced: failed ? 1 : 0,
      times: 1,
    };
  }
  const settings = { libraryPath, timeoutMs: resolved.timeoutMs, rssLimitMb: resolved.rssLimitMb, killGraceMs: resolved.killGraceMs };
  return runRepro(file, crash, settings, times, sink);
}

/** The replay loop behind `ffi-fuzz repro` and {@link repro}: the calls shown, N replays, the rate stored, the verdict printed. */
export async function runRepro(
  file: string,
  record: CrashRecord,
  settings: ReplaySettings,
  times: number,
  sink: Sink,
): Promise<ReproResult> {
  const plan = replayPlan(record);
  sink.err(`replaying ${record.id} (${record.headline})`);
  for (const input of plan.inputs)
    sink.err(
      `  ${plan.concurrent ? 'concurrently' : 'call'}: ${describeInput(inputFromJson(input, file), paramNamesOf(record, input.fn))}`,
    );
  let reproduced = 0;
  let last: ReproRun | undefined;
  for (let i = 0; i < times; i++) {
    last = await reproOnce(record, settings);
    if (last.verdict === 'reproduced') reproduced++;
  }
  if (last === undefined) throw new Error('repro ran no replay');
  if (times > 1) {
    sink.out(`reproduction rate: ${reproduced}/${times}`);
    const reproduction = { rate: reproduced / times, runs: times, library: settings.libraryPath, at: new Date().toISOString() };
    writeFileAtomic(file, `${JSON.stringify({ ...record, reproduction }, null, 2)}\n`);
  }
  const verdict =
    last.verdict === 'reproduced'
      ? `reproduced: ${last.triage!.headline} (same signature ${record.id})`
      : last.verdict === 'different'
        ? `crashes differently: ${last.triage!.headline} (signature ${last.triage!.id}, recorded ${record.id})`
        : `no longer fails: ${record.id} did not reproduce`;
  sink.out(verdict);
  const frames = last.triage?.frames ?? [];
  if (frames.length > 0) sink.out(`backtrace (target frames):\n  ${frames.join('\n  ')}`);
  return {
    exitCode: last.verdict === 'fixed' ? ExitCode.Clean : ExitCode.Findings,
    verdict: last.verdict,
    headline: last.triage?.headline ?? null,
    signature: last.triage?.id ?? null,
    frames,
    reproduced,
    times,
  };
}
