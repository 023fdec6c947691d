import { isIgnoredFrame, targetFrames } from './ignore-frames.js';
import { parseStderr, RUNTIME_PANIC_MESSAGES, type Frame, type ParsedStderr } from './parse-stderr.js';
import { signatureOf } from './signature.js';
import { normalizeSignalName, signalDescription } from './signals.js';
import { faultedInAllocator, faultedInHost } from './heap-corruption.js';
import { whileRunning } from './in-flight.js';
import { parseLocation } from './normalize.js';
import { describeSignal, formatFrame, guardVerdict, sanitizerVerdict, SIGNAL_KINDS, type Verdict } from './verdict.js';
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
//   7. heap-corruption  glibc's allocator printed an integrity-check message, or the fault
//                       happened inside the allocator (heap-corruption.ts)
//   8. signal           SIGSEGV → segv, SIGBUS → bus, SIGFPE → fpe, SIGILL → ill, SIGABRT → abort
//   9. exit             any other end (non-zero exit code, another signal)
// Steps 4–6 read reports the Rust runtime prints right before it aborts. They explain the
// death if the process ended by SIGABRT (or SIGILL/SIGTRAP, older runtimes) or exited, and
// also by SIGSEGV/SIGBUS when the report is complete ("… aborting."): the runtime was already
// aborting, and whatever faulted afterwards is not the bug. A panic followed by SIGSEGV without
// that line was caught by catch_unwind (the hook still prints it) and the segfault is the crash.
//
// The bucket is kind + crash location (the panic's file:line when it lies in the target, else the
// top in-target frame's) + the top in-target frames + the masked message. A death nothing locates
// (no in-target frame, no location: a frameless SIGSEGV during a concurrent burst, a hang), and
// any heap corruption, is bucketed by the functions in flight instead (in-flight.ts), so that no
// bucket is the same empty signature for every function.

/** Signals the Rust runtime's abort ends in; with any other signal its reports are stale. */
const RUST_ABORT_SIGNALS: ReadonlySet<string> = new Set(['SIGABRT', 'SIGILL', 'SIGTRAP']);

/** Memory faults: after a complete Rust abort report they are a consequence, not the crash. */
const FAULT_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGBUS']);

/** Source files of the Rust standard library, as normalizePath writes them. */
const STD_SOURCE = /^(?:core|std|alloc|panic_unwind|panic_abort)\/src\//;

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

/** Longest allocator message a heap-corruption headline quotes. */
const HEAP_WHAT_MAX = 100;

/**
 * Classifies a death of the engine child (see the priority above) and builds its headline
 * and signature. Never throws, whatever stderr holds.
 */
export function triageDeath(death: Death): Triage {
  const parsed = parseStderr(death.stderr);
  const signal = normalizeSignalName(death.signal);
  const verdict = decide(death, parsed, signal);
  const inTarget = targetFrames(verdict.frames);
  const location = targetLocation(verdict.location) ?? frameLocation(inTarget[0]);
  const inflight = death.inflight ?? [];
  const byInflight = inflight.length > 0 && (verdict.bucketBy === 'in-flight' || (inTarget.length === 0 && location === null));
  const { signature, id } = signatureOf({
    kind: verdict.kind,
    message: verdict.bucketBy === 'in-flight' ? null : verdict.message,
    location: byInflight ? null : location,
    frames: byInflight ? [] : inTarget.map((frame) => frame.symbol),
    signal: verdict.signatureSignal,
    exitCode: verdict.kind === 'exit' && signal === null ? death.exitCode : null,
    ...(byInflight ? { inflight } : {}),
  });
  const suffix = byInflight ? ` ${whileRunning(inflight)}` : suffixOf(verdict, location, inTarget[0]);
  return {
    kind: verdict.kind,
    headline: clip(`${verdict.kind}: ${verdict.what}${suffix}`),
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

// A location inside the standard library (a UB check in `NonNull::new_unchecked` reports
// core/src/ptr/unique.rs) is shared by every caller: the crash site is the top in-target frame.
function targetLocation(location: string | null): string | null {
  if (location === null) return null;
  const parsed = parseLocation(location);
  return parsed !== null && STD_SOURCE.test(parsed.file) ? null : location;
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
  // A fault after the runtime's last words: bucketed as the abort the runtime was raising.
  const faultAfterReport = signal !== null && FAULT_SIGNALS.has(signal) && parsed.rustAborting;
  const rustExplains = signal === null || RUST_ABORT_SIGNALS.has(signal) || faultAfterReport;
  const abortReason = rustExplains ? parsed.abortReason : null;
  const rust = { ...base, signatureSignal: faultAfterReport ? 'SIGABRT' : signal, abortReason };
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
  const heap = heapVerdict(parsed, signal);
  if (heap !== null) return heap;
  const raised = faultAfterReport ? 'SIGABRT' : signal;
  const signalKind = raised === null ? undefined : SIGNAL_KINDS[raised];
  if (signal !== null && signalKind !== undefined) {
    // Loose frames first: a backtrace whose panic header was cut off precedes the runtime's.
    const reportFrames = raised === 'SIGABRT' ? parsed.panics.flatMap((panic) => panic.frames) : [];
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

// Heap corruption (heap-corruption.ts): glibc's check message with the signal it ends in, or a
// fault whose innermost frames are the allocator's. The message and the signal vary from death to
// death of one bug: neither is in the signature (bucketBy 'in-flight').
function heapVerdict(parsed: ParsedStderr, signal: string | null): Verdict | null {
  if (signal === null || !(signal === 'SIGABRT' || FAULT_SIGNALS.has(signal))) return null;
  const isTarget = (frame: Frame) => !isIgnoredFrame(frame);
  const inAllocator = FAULT_SIGNALS.has(signal) && faultedInAllocator(parsed.looseFrames, isTarget);
  const inHost = FAULT_SIGNALS.has(signal) && !inAllocator && faultedInHost(parsed.looseFrames, isTarget);
  if (parsed.heapCheck === null && !inAllocator && !inHost) return null;
  const message =
    parsed.heapCheck ?? `${describeSignal(signal)} inside ${inAllocator ? 'the allocator' : 'the host runtime (node), outside the target'}`;
  return {
    kind: 'heap-corruption',
    message,
    location: null,
    frames: parsed.looseFrames,
    // glibc's assertion texts run long; the headline must keep room for what was running.
    what: message.length <= HEAP_WHAT_MAX ? message : `${message.slice(0, HEAP_WHAT_MAX - 1)}…`,
    suffix: 'frame',
    signatureSignal: null,
    abortReason: 'heap corruption',
    bucketBy: 'in-flight',
  };
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

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}

function clip(headline: string): string {
  const oneLine = headline.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= HEADLINE_MAX ? oneLine : `${oneLine.slice(0, HEADLINE_MAX - 1)}…`;
}
