import { targetFrames } from './ignore-frames.js';
import { signalDescription } from './signals.js';
import type { CrashKind } from '../../../model/crash-kind.js';
import type { Death } from './triage.js';
import type { Frame, ParsedStderr, SanitizerReport } from './parse-stderr.js';

// The kind-specific half of a triage, and the verdicts of the reports that are not the Rust
// runtime's: a sanitizer's, and ffi-fuzz's own fault handler's for a fault in one of its guards.

/** Signals a crash maps to directly when nothing printed explains the death. */
export const SIGNAL_KINDS: Readonly<Record<string, CrashKind>> = {
  SIGSEGV: 'segv',
  SIGBUS: 'bus',
  SIGFPE: 'fpe',
  SIGILL: 'ill',
  SIGABRT: 'abort',
};

/** The kind-specific half of a triage, before frames are filtered and the id is hashed. */
export interface Verdict {
  readonly kind: CrashKind;
  readonly message: string | null;
  /** Location printed by the report; when null, the top in-target frame's is used. */
  readonly location: string | null;
  readonly frames: readonly Frame[];
  /** Headline text after `kind: `, before the ` in <frame>` / ` at <location>` suffix. */
  readonly what: string;
  /** Whether the suffix names the location only (panics) or the top frame too. */
  readonly suffix: 'location' | 'frame' | 'none';
  /** Signal part of the signature: null where the killing signal is the supervisor's choice. */
  readonly signatureSignal: string | null;
  readonly abortReason: string | null;
  /**
   * 'in-flight': the place the crash was detected says nothing (heap corruption is found by the
   * next allocator call, in any thread), so the bucket is the functions in flight whenever known.
   */
  readonly bucketBy?: 'in-flight';
}

// ASan/LSan → 'asan', TSan → 'race'. A TSan race is reported with either side as the
// "current" access depending on timing, so the side whose top frame sorts first is used.
export function sanitizerVerdict(report: SanitizerReport): Verdict {
  const base = { location: null, suffix: 'frame', signatureSignal: null, abortReason: null } as const;
  if (report.tool === 'asan') {
    const access =
      report.access === null
        ? ''
        : `: ${report.access.op} ${report.access.size === null ? 'memory access' : `of size ${report.access.size}`}`;
    const message = `${report.kind}${access}${report.addressRelation === null ? '' : `, ${report.addressRelation}`}`;
    return { ...base, kind: 'asan', message, frames: report.frames, what: message };
  }
  const sides = [report.frames, report.previousFrames].filter((frames) => frames.length > 0);
  const key = (frames: readonly Frame[]): string => targetFrames(frames).map(formatFrame).join('\n') || '\uffff';
  const frames = [...sides].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))[0] ?? [];
  const message = report.objectDescription === null ? report.kind : `${report.kind} on ${report.objectDescription}`;
  const accesses = [report.access, report.previousAccess].flatMap((access, i) =>
    access === null
      ? []
      : [`${i === 1 ? 'previous ' : ''}${access.atomic ? 'atomic ' : ''}${access.op} of size ${access.size} by ${access.thread}`],
  );
  return { ...base, kind: 'race', message, frames, what: accesses.length === 0 ? message : `${message} (${accesses.join(', ')})` };
}

// A SIGSEGV/SIGBUS that ffi-fuzz's fault handler placed in one of the engine's guards. The
// signature names the parameter by index; the headline by name when the caller knows it.
export function guardVerdict(death: Death, parsed: ParsedStderr, signal: string | null): Verdict | null {
  const fault = parsed.fault;
  if (fault === null || signal === null || (signal !== 'SIGSEGV' && signal !== 'SIGBUS') || fault.region === 'none') return null;
  const base = { location: null, frames: parsed.looseFrames, signatureSignal: signal, abortReason: null } as const;
  if (fault.region === 'stack-guard') {
    const message = "the native call overflowed its stack (fault in the guard below koffi's call stack)";
    return { ...base, kind: 'stack-overflow', message, what: message, suffix: 'frame' };
  }
  const param = fault.param ?? -1;
  const access = fault.access ?? 'access';
  const name = death.paramNames?.[param];
  const message = `fault at the guard page after argument #${param} (${access} past the end of the buffer)`;
  const what = `${access} fault at the guard page after ${name === undefined ? `argument #${param}` : `'${name}'`} (past the end of the buffer)`;
  return { ...base, kind: SIGNAL_KINDS[signal]!, message, what, suffix: 'frame' };
}

/** `symbol (file:line)`, or `symbol (module)` when only the module is known. */
export function formatFrame(frame: Frame): string {
  if (frame.file !== undefined) return `${frame.symbol} (${frame.file}${frame.line === undefined ? '' : `:${frame.line}`})`;
  return frame.module === undefined ? frame.symbol : `${frame.symbol} (${frame.module})`;
}

/** `SIGSEGV (segmentation fault)`, or the bare name when it has no description. */
export function describeSignal(signal: string): string {
  const description = signalDescription(signal);
  return description === null ? signal : `${signal} (${description})`;
}
