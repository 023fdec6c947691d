import type { TargetRef } from '../../ffi/target-ref.js';
import { HARNESS_VERSION } from '../../model/harness-version.js';
import { displayPath, renderCommand } from '../../report/render-command.js';
import type { RedzoneDamage } from '../../model/outcome.js';
import type { CallInputJson } from '../../model/call-input.js';
import type { Failure } from '../../model/outcome.js';
import type { EngineFinding } from '../../engine/protocol.js';
import { inlineParamNames, inlineSpecOf, type InlineSpec } from '../../ffi/inline-spec.js';
import type { AbiMismatch } from '../../abi/abi-gate.js';
import { CRASH_RECORD_SCHEMA, type CrashRecord, type InflightInput, type TsanAttachment } from '../../store/crash-record.js';
import type { ChildDeath } from '../child/child-end.js';
import { triageDeath, type Triage } from './triage/classify.js';
import { faultOf } from './triage/fault-line.js';
import type { GuardPages } from '../../model/guard-pages.js';
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
  /** How the engine ran (stress mode, guard pages): stored so `repro` runs the record the same way. */
  readonly engine?: { readonly mode: 'auto' | 'property' | 'stress' | 'coverage'; readonly guardPages: GuardPages };
  /** Functions whose contract zero-config guessed, with what it guessed (target-ref.ts); absent: none. */
  readonly guesses?: ReadonlyMap<string, string>;
}

/** The context every record of a campaign on `ref` shares; `prefix` is how the user invokes ffi-fuzz. */
export function captureContextOf(
  ref: TargetRef,
  seed: number,
  engine: NonNullable<CaptureContext['engine']>,
  prefix: string,
): CaptureContext {
  return {
    targetName: ref.target.name,
    spec: inlineSpecOf(ref.target),
    specModule: ref.specModule,
    libraryPath: ref.libraryPath,
    librarySha256: ref.librarySha256,
    seed,
    harnessVersion: HARNESS_VERSION,
    engine,
    guesses: ref.guesses,
    commands: (file) => ({
      reproduce: renderCommand(prefix, ['repro', displayPath(file)]),
      minimize: renderCommand(prefix, ['minimize', displayPath(file)]),
    }),
  };
}

/** Where a record will live, decided before it is built (its commands name the file). */
export type RecordLocator = (id: string, fn: string) => string;

const STDERR_TAIL = 8 * 1024;

/**
 * Classifies a dead child: kind, headline and signature from its signal, exit code and stderr.
 * With the in-flight inputs and the spec, a headline can name the faulting call's parameter, and a
 * death nothing locates (heap corruption; no in-target frame during a concurrent burst) is
 * bucketed by the functions of `inflight`: the calls in flight, or for a concurrent burst every
 * thread's latest call (`latestOf`, in call or just returned). Callers that compare a death with a
 * record must pass them too, or such a death gets another id.
 */
export function triageEnd(end: ChildDeath, context?: { readonly inflight: readonly InflightInput[]; readonly spec?: InlineSpec }): Triage {
  const worker = context === undefined ? null : (faultOf(end.stderr)?.worker ?? null);
  const input = worker === null ? undefined : context!.inflight.find((i) => i.worker === worker)?.input;
  const spec = context?.spec;
  const paramNames = input === undefined || spec === undefined ? undefined : inlineParamNames(spec, input.fn);
  return triageDeath({
    signal: end.signal,
    exitCode: end.exitCode,
    stderr: end.stderr,
    timedOut: end.timedOut,
    oom: end.oom,
    ...(paramNames === undefined ? {} : { paramNames }),
    ...(context === undefined ? {} : { inflight: context.inflight.map((i) => i.input.fn) }),
  });
}

/**
 * The record of a child that died. `culprit` is the in-flight input that reproduces it alone
 * (known for hangs, single-thread runs, or after isolation); `concurrent` when none does.
 */
export function captureDeath(
  ctx: CaptureContext,
  locate: RecordLocator,
  end: ChildDeath,
  triage: Triage,
  inflight: readonly InflightInput[],
  culprit: InflightInput | null,
  concurrent: boolean,
): CrashRecord {
  const fn = culprit?.input.fn ?? inflight[0]?.input.fn ?? null;
  const record = build(ctx, locate, triage, {
    fn,
    input: culprit?.input ?? null,
    // A call sequence's prefix (from the flight recorder) is part of the input that reproduces it.
    preceding: culprit?.preceding ?? [],
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
  // The thread that received the fatal signal, when ffi-fuzz's fault handler ran (fault-line.ts).
  return { ...record, faultingWorker: faultOf(end.stderr)?.worker ?? null };
}

/** Classifies an oracle failure; the bucket is the function, the oracle and, for red zones, the damaged side. */
export function triageOutcome(fn: string, outcome: Failure): Triage {
  if (outcome.kind === 'wrong-result' || outcome.kind === 'race')
    return triageFinding({ kind: outcome.kind, fn, oracle: outcome.oracle, message: outcome.message });
  const side = outcome.damage.offset < 0 ? 'before' : 'after';
  return triageFinding({
    kind: outcome.kind,
    fn,
    oracle: 'redzone',
    message: outcome.message,
    detail: `arg${outcome.damage.param}:${side}`,
  });
}

/**
 * The record of an oracle failure reported by a live engine (oob-write, wrong-result, race). A
 * stress-mode race keeps its whole burst as the in-flight set, marked concurrent: `repro` runs it
 * concurrently again; `input` is the call that went wrong.
 */
export function captureFinding(ctx: CaptureContext, locate: RecordLocator, finding: EngineFinding): CrashRecord {
  const { outcome, input } = finding;
  const oracle = outcome.kind === 'oob-write' ? 'redzone' : outcome.oracle;
  const triage = triageOutcome(input.fn, outcome);
  const together = finding.concurrentWith?.map((c) => ({ worker: c.worker, streamIndex: c.streamIndex, input: c.input, truncated: false }));
  return build(ctx, locate, triage, {
    fn: input.fn,
    input,
    preceding: finding.preceding,
    culpritWorker: finding.worker,
    inflight: together ?? [{ worker: finding.worker, streamIndex: finding.streamIndex, input, truncated: false }],
    concurrent: together !== undefined,
    exitCode: null,
    stderrTail: '',
    durationMs: null,
    forcefullyTerminated: false,
    oracle,
    result: outcome.result,
    damage: outcome.kind === 'oob-write' ? outcome.damage : null,
  });
}

/** The oracle name of a struct-layout disagreement between the spec and the library. */
export const ABI_ORACLE = 'abi-layout';

/** Classifies a layout mismatch: one bucket per function and set of structs. */
export function triageAbiMismatch(mismatch: AbiMismatch): Triage {
  return triageFinding({
    kind: 'wrong-result',
    fn: mismatch.fn ?? mismatch.structs.join(','),
    oracle: ABI_ORACLE,
    message: mismatch.message,
    detail: mismatch.structs.join(','),
  });
}

/** The record of a layout mismatch: no input (nothing ran); it keeps the declared layouts so `repro` can check again. */
export function captureAbiMismatch(ctx: CaptureContext, locate: RecordLocator, mismatch: AbiMismatch): CrashRecord {
  const record = build(ctx, locate, triageAbiMismatch(mismatch), {
    fn: mismatch.fn,
    input: null,
    preceding: [],
    culpritWorker: null,
    inflight: [],
    concurrent: false,
    exitCode: null,
    stderrTail: '',
    durationMs: null,
    forcefullyTerminated: false,
    oracle: ABI_ORACLE,
    result: null,
    damage: null,
  });
  return { ...record, abi: { declared: mismatch.declared, header: mismatch.header } };
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
  const guessed = s.fn === null ? undefined : ctx.guesses?.get(s.fn);
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
    target: {
      name: ctx.targetName,
      library: ctx.libraryPath,
      librarySha256: ctx.librarySha256,
      spec: ctx.spec,
      specModule: ctx.specModule,
    },
    harness: { version: ctx.harnessVersion, node: process.version },
    ...(ctx.engine === undefined ? {} : { engine: ctx.engine }),
    ...ctx.commands(file),
    stderrTail: s.stderrTail,
    durationMs: s.durationMs,
    forcefullyTerminated: s.forcefullyTerminated,
    firstSeen: now,
    lastSeen: now,
    count: 1,
    ...(guessed === undefined ? {} : { contractUnknown: guessed }),
  };
}

/** A record with a ThreadSanitizer report of its concurrent set attached (`repro --profile tsan`). */
export function withTsanReport(record: CrashRecord, tsan: TsanAttachment): CrashRecord {
  return { ...record, tsan };
}
