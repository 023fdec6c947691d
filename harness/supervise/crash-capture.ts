import type { RedzoneDamage } from '../engine/arena.js';
import type { CallInputJson } from '../engine/call-input.js';
import type { Outcome } from '../engine/outcome.js';
import type { EngineFinding } from '../engine/protocol.js';
import type { InlineSpec } from '../ffi/target-source.js';
import { CRASH_RECORD_SCHEMA, type CrashRecord, type InflightInput } from '../store/crash-record.js';
import type { EngineEnd } from './run-engine.js';
import { triageDeath, type Triage } from './triage/classify.js';
import { triageFinding } from './triage/signature.js';

/** What every record of one campaign shares. */
export interface CaptureContext {
  readonly targetName: string;
  readonly spec: InlineSpec;
  readonly specModule: string | null;
  readonly libraryPath: string;
  readonly librarySha256: string;
  readonly seed: number;
  readonly harnessVersion: string;
  /** Renders the reproduce / minimize commands for a record stored at `file`. */
  readonly commands: (file: string) => { reproduce: string; minimize: string };
}

/** Where a record will live, decided before it is built (its commands name the file). */
export type RecordLocator = (id: string, fn: string) => string;

const STDERR_TAIL = 8 * 1024;

/** Classifies a dead child: kind, headline and signature from its signal, exit code and stderr. */
export function triageEnd(end: EngineEnd): Triage {
  return triageDeath({ signal: end.signal, exitCode: end.exitCode, stderr: end.stderr, timedOut: end.timedOut, oom: end.oom });
}

/**
 * The record of a child that died. `culprit` is the in-flight input that reproduces it alone
 * (known for hangs, single-thread runs, or after isolation); `concurrent` when none does.
 */
export function captureDeath(
  ctx: CaptureContext,
  locate: RecordLocator,
  end: EngineEnd,
  triage: Triage,
  inflight: readonly InflightInput[],
  culprit: InflightInput | null,
  concurrent: boolean,
): CrashRecord {
  const fn = culprit?.input.fn ?? inflight[0]?.input.fn ?? null;
  return build(ctx, locate, triage, {
    fn,
    input: culprit?.input ?? null,
    preceding: [],
    culpritWorker: culprit?.worker ?? null,
    inflight,
    concurrent,
    exitCode: end.exitCode,
    stderrTail: end.stderr.slice(-STDERR_TAIL),
    durationMs: Math.round(end.durationMs),
    forcefullyTerminated: end.forcefullyTerminated,
    oracle: null,
    result: null,
    damage: null,
  });
}

/** Classifies an oracle failure; the bucket is the function, the oracle and, for red zones, the damaged side. */
export function triageOutcome(fn: string, outcome: Exclude<Outcome, { kind: 'ok' }>): Triage {
  if (outcome.kind === 'wrong-result') return triageFinding({ kind: outcome.kind, fn, oracle: outcome.oracle, message: outcome.message });
  const side = outcome.damage.offset < 0 ? 'before' : 'after';
  return triageFinding({ kind: outcome.kind, fn, oracle: 'redzone', message: outcome.message, detail: `arg${outcome.damage.param}:${side}` });
}

/** The record of an oracle failure reported by a live engine (oob-write, wrong-result). */
export function captureFinding(ctx: CaptureContext, locate: RecordLocator, finding: EngineFinding): CrashRecord {
  const { outcome, input } = finding;
  const oracle = outcome.kind === 'wrong-result' ? outcome.oracle : 'redzone';
  const triage = triageOutcome(input.fn, outcome);
  return build(ctx, locate, triage, {
    fn: input.fn,
    input,
    preceding: finding.preceding,
    culpritWorker: finding.worker,
    inflight: [{ worker: finding.worker, streamIndex: finding.streamIndex, input, truncated: false }],
    concurrent: false,
    exitCode: null,
    stderrTail: '',
    durationMs: null,
    forcefullyTerminated: false,
    oracle,
    result: outcome.result,
    damage: outcome.kind === 'oob-write' ? outcome.damage : null,
  });
}

interface Specific {
  fn: string | null;
  input: CallInputJson | null;
  preceding: readonly CallInputJson[];
  culpritWorker: number | null;
  inflight: readonly InflightInput[];
  concurrent: boolean;
  exitCode: number | null;
  stderrTail: string;
  durationMs: number | null;
  forcefullyTerminated: boolean;
  oracle: string | null;
  result: string | null;
  damage: RedzoneDamage | null;
}

function build(ctx: CaptureContext, locate: RecordLocator, triage: Triage, s: Specific): CrashRecord {
  const now = new Date().toISOString();
  const file = locate(triage.id, s.fn ?? 'unknown');
  return {
    schema: CRASH_RECORD_SCHEMA,
    id: triage.id,
    kind: triage.kind,
    headline: triage.headline,
    signature: triage.signature,
    signal: triage.signal,
    signalDescription: triage.signalDescription,
    exitCode: s.exitCode,
    message: triage.message,
    location: triage.location,
    abortReason: triage.abortReason,
    frames: triage.frames,
    function: s.fn,
    input: s.input,
    preceding: s.preceding,
    culpritWorker: s.culpritWorker,
    inflight: s.inflight,
    concurrent: s.concurrent,
    oracle: s.oracle,
    result: s.result,
    damage: s.damage,
    seed: ctx.seed,
    target: { name: ctx.targetName, library: ctx.libraryPath, librarySha256: ctx.librarySha256, spec: ctx.spec, specModule: ctx.specModule },
    harness: { version: ctx.harnessVersion, node: process.version },
    ...ctx.commands(file),
    stderrTail: s.stderrTail,
    durationMs: s.durationMs,
    forcefullyTerminated: s.forcefullyTerminated,
    firstSeen: now,
    lastSeen: now,
    count: 1,
  };
}
