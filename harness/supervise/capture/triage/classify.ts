import { targetFrames } from './ignore-frames.js';
import { parseStderr, RUNTIME_PANIC_MESSAGES, type Frame, type ParsedStderr, type SanitizerReport } from './parse-stderr.js';
import { signatureOf } from './signature.js';
import { normalizeSignalName, signalDescription } from './signals.js';
import type { CrashKind } from '../../../model/crash-kind.js';
import type { Death, Triage } from './triage.js';

export type { Death, Triage } from './triage.js';
export { signalDescription } from './signals.js';

// Turns a dead engine child into a Triage. The kind is picked in a fixed priority, the first
// that applies winning:
//   1. timeout          the supervisor killed the child at its deadline
//   2. oom              killed over the memory limit, or V8's "JavaScript heap out of memory"
//   3. sanitizer report ASan/LSan → 'asan', TSan → 'race'
//   3b. guard fault     ffi-fuzz's fault handler saw SIGSEGV/SIGBUS in a guard it registered:
//                       below the call stack → 'stack-overflow'; the page after a buffer →
//                       the signal's kind, with "fault at the guard page after <param>"
//   4. stack-overflow   Rust's "thread '…' has overflowed its stack"
//   5. abort            a UB check (unsafe precondition, misaligned or null pointer
//                       dereference) or an allocation failure
//   6. panic            the user-level panic: the first whose message is not the runtime's
//                       own "panic in a function that cannot unwind", which follows it
//   7. signal           SIGSEGV → segv, SIGBUS → bus, SIGFPE → fpe, SIGILL → ill, SIGABRT → abort
//   8. exit             any other end (non-zero exit code, another signal)
// Steps 4–6 read reports the Rust runtime prints right before it aborts. They explain the
// death only if the process ended by SIGABRT (or SIGILL/SIGTRAP, older runtimes) or exited:
// a panic followed by SIGSEGV was caught by catch_unwind (the hook still prints it) and the
// segfault is the crash.

/** Signals a crash maps to directly when nothing printed explains the death. */
const SIGNAL_KINDS: Readonly<Record<string, CrashKind>> = {
  SIGSEGV: 'segv',
  SIGBUS: 'bus',
  SIGFPE: 'fpe',
  SIGILL: 'ill',
  SIGABRT: 'abort',
};

/** Signals the Rust runtime's abort ends in; with any other signal its reports are stale. */
const RUST_ABORT_SIGNALS: ReadonlySet<string> = new Set(['SIGABRT', 'SIGILL', 'SIGTRAP']);

/** Panic messages of debug-assertion UB checks; these abort without unwinding (kind 'abort'). */
const UB_CHECK_PREFIXES: readonly string[] = [
  'unsafe precondition(s) violated',
  'misaligned pointer dereference',
  'null pointer dereference',
];

/** How many in-target frames a Triage lists. */
export const TRIAGE_FRAMES = 5;

/** Longest headline; longer ones end with an ellipsis. */
const HEADLINE_MAX = 300;

/** The kind-specific half of a triage, before frames are filtered and the id is hashed. */
interface Verdict {
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
}

/**
 * Classifies a death of the engine child (see the priority above) and builds its headline
 * and signature. Never throws, whatever stderr holds.
 */
export function triageDeath(death: Death): Triage {
  const parsed = parseStderr(death.stderr);
  const signal = normalizeSignalName(death.signal);
  const verdict = decide(death, parsed, signal);
  const inTarget = targetFrames(verdict.frames);
  const location = verdict.location ?? frameLocation(inTarget[0]);
  const { signature, id } = signatureOf({
    kind: verdict.kind,
    message: verdict.message,
    location,
    frames: inTarget.map((frame) => frame.symbol),
    signal: verdict.signatureSignal,
    exitCode: verdict.kind === 'exit' && signal === null ? death.exitCode : null,
  });
  return {
    kind: verdict.kind,
    headline: clip(`${verdict.kind}: ${verdict.what}${suffixOf(verdict, location, inTarget[0])}`),
    message: verdict.message,
    location,
    frames: inTarget.slice(0, TRIAGE_FRAMES).map(formatFrame),
    abortReason: verdict.abortReason,
    signal,
    signalDescription: signalDescription(signal),
    signature,
    id,
  };
}

// The priority list, top to bottom.
function decide(death: Death, parsed: ParsedStderr, signal: string | null): Verdict {
  const base = { location: null, frames: [], suffix: 'none', abortReason: null } as const;
  const killed = signal === null ? '' : `; killed by ${describeSignal(signal)}`;
  if (death.timedOut)
    return { ...base, kind: 'timeout', message: null, what: `no response before the deadline${killed}`, signatureSignal: null };
  if (death.oom) return { ...base, kind: 'oom', message: null, what: `memory limit exceeded${killed}`, signatureSignal: null };
  if (parsed.abortReason === 'JavaScript heap out of memory') {
    const message = parsed.fatalErrors.find((error) => error.includes('JavaScript heap')) ?? 'JavaScript heap out of memory';
    return { ...base, kind: 'oom', message, what: message, signatureSignal: null, abortReason: parsed.abortReason };
  }
  if (parsed.sanitizer !== null) return sanitizerVerdict(parsed.sanitizer);
  const guarded = guardVerdict(death, parsed, signal);
  if (guarded !== null) return guarded;
  const rustExplains = signal === null || RUST_ABORT_SIGNALS.has(signal);
  const abortReason = rustExplains ? parsed.abortReason : null;
  const rust = { ...base, signatureSignal: signal, abortReason };
  if (rustExplains && parsed.stackOverflow !== null) {
    const message = `thread '${parsed.stackOverflow.thread}' has overflowed its stack`;
    return { ...rust, kind: 'stack-overflow', message, what: message };
  }
  if (rustExplains && parsed.allocationFailure !== null) {
    const message = `memory allocation of ${parsed.allocationFailure.bytes} bytes failed`;
    return { ...rust, kind: 'abort', message, frames: parsed.allocationFailure.frames, what: message, suffix: 'frame' };
  }
  const userPanic = rustExplains ? parsed.panics.find((panic) => !RUNTIME_PANIC_MESSAGES.includes(panic.message)) : undefined;
  if (userPanic !== undefined) {
    const isUbCheck = UB_CHECK_PREFIXES.some((prefix) => userPanic.message.startsWith(prefix));
    // Without RUST_BACKTRACE only the runtime's second panic has a backtrace: use it.
    const frames = userPanic.frames.length > 0 ? userPanic.frames : parsed.panics.flatMap((panic) => panic.frames);
    return {
      ...rust,
      kind: isUbCheck ? 'abort' : 'panic',
      message: userPanic.message,
      location: userPanic.location,
      frames,
      what: firstLine(userPanic.message),
      suffix: 'location',
    };
  }
  const signalKind = signal === null ? undefined : SIGNAL_KINDS[signal];
  if (signal !== null && signalKind !== undefined) {
    // Loose frames first: a backtrace whose panic header was cut off precedes the runtime's.
    const reportFrames = signal === 'SIGABRT' ? parsed.panics.flatMap((panic) => panic.frames) : [];
    const reason = abortReason === null ? '' : `: ${abortReason}`;
    return {
      ...rust,
      kind: signalKind,
      message: null,
      frames: [...parsed.looseFrames, ...reportFrames],
      what: `${describeSignal(signal)}${reason}`,
      suffix: 'frame',
    };
  }
  // After an unexpected kill, stderr's last line is whatever was printed before it: noise.
  const message = signal === null ? exitMessage(death.stderr) : null;
  const what =
    signal !== null
      ? `killed by ${describeSignal(signal)}`
      : death.exitCode === null
        ? 'unknown exit status'
        : `exit code ${death.exitCode}`;
  return {
    ...rust,
    kind: 'exit',
    message,
    frames: parsed.looseFrames,
    what: message === null ? what : `${what}: ${firstLine(message)}`,
    suffix: 'frame',
  };
}

// ASan/LSan → 'asan', TSan → 'race'. A TSan race is reported with either side as the
// "current" access depending on timing, so the side whose top frame sorts first is used.
function sanitizerVerdict(report: SanitizerReport): Verdict {
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
function guardVerdict(death: Death, parsed: ParsedStderr, signal: string | null): Verdict | null {
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

// ` at file:line:col` for reports that print a location, ` in symbol at file:line:col` else.
function suffixOf(verdict: Verdict, location: string | null, top: Frame | undefined): string {
  if (verdict.suffix === 'none') return '';
  if (verdict.suffix === 'location' || top === undefined) return location === null ? '' : ` at ${location}`;
  return ` in ${top.symbol}${location === null ? '' : ` at ${location}`}`;
}

// The most telling line of a non-crash exit: a JS error line, else the last non-empty line.
function exitMessage(stderr: string): string | null {
  const lines = String(stderr ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Node\.js v\d/.test(line));
  const error = lines.find((line) => /^(?:[A-Z]\w*)?Error\b.*:/.test(line));
  return error ?? lines[lines.length - 1] ?? null;
}

function frameLocation(frame: Frame | undefined): string | null {
  if (frame?.file === undefined || frame.line === undefined) return null;
  return `${frame.file}:${frame.line}${frame.column === undefined ? '' : `:${frame.column}`}`;
}

function formatFrame(frame: Frame): string {
  if (frame.file !== undefined) return `${frame.symbol} (${frame.file}${frame.line === undefined ? '' : `:${frame.line}`})`;
  return frame.module === undefined ? frame.symbol : `${frame.symbol} (${frame.module})`;
}

function describeSignal(signal: string): string {
  const description = signalDescription(signal);
  return description === null ? signal : `${signal} (${description})`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}

function clip(headline: string): string {
  const oneLine = headline.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= HEADLINE_MAX ? oneLine : `${oneLine.slice(0, HEADLINE_MAX - 1)}…`;
}
