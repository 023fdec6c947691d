import { isIgnoredFrame } from './ignore-frames.js';
import { normalizePath, parseLocation } from './normalize.js';
import { isRustFrameLine, parseHostFrameLine, parseRustFrames, type Frame } from './parse-frames.js';
import { isSanitizerHeader, parseSanitizerReport, type SanitizerReport } from './parse-sanitizer.js';
import { parseFaultLine, type FaultLine } from './fault-line.js';
import { isHeapCheckMessage } from './heap-corruption.js';

export type { Frame } from './parse-frames.js';
export type { SanitizerAccess, SanitizerReport } from './parse-sanitizer.js';

// The engine child's stderr after a death, turned into data. The child is untrusted and its
// stderr may be cut, interleaved or garbage: every shape yields a ParsedStderr, nothing throws.

/** One `thread '…' panicked at …` report. */
export interface PanicReport {
  /** Thread name as printed: `<unnamed>` for threads Rust did not start (Node's). */
  readonly thread: string;
  /** The OS thread id Rust ≥ 1.89 prints after the name; null before. */
  readonly threadId: number | null;
  /** `file:line:col`, path starting at the crate directory; null if not printed. */
  readonly location: string | null;
  /** The whole message, possibly several lines, trimmed. */
  readonly message: string;
  /** The backtrace printed under this panic (empty without RUST_BACKTRACE). */
  readonly frames: readonly Frame[];
}

/** Why the Rust runtime (or V8) aborted the process, most specific reason first. */
export type AbortReason =
  | 'allocation failure'
  | 'stack overflow'
  | 'unsafe precondition violated'
  | 'misaligned pointer dereference'
  | 'null pointer dereference'
  | 'panic in a function that cannot unwind'
  | 'panic in a destructor during cleanup'
  | 'failed to initiate panic'
  | 'panic while processing panic'
  | 'JavaScript heap out of memory'
  | 'fatal runtime error';

/** Everything triage reads from stderr. */
export interface ParsedStderr {
  /** Every panic report, in order (a panic inside `extern "C"` prints two). */
  readonly panics: readonly PanicReport[];
  readonly abortReason: AbortReason | null;
  /** `memory allocation of N bytes failed` (N may lose precision above 2^53). */
  readonly allocationFailure: { readonly bytes: number; readonly frames: readonly Frame[] } | null;
  /** `thread '…' has overflowed its stack`. */
  readonly stackOverflow: { readonly thread: string } | null;
  readonly sanitizer: SanitizerReport | null;
  /** `fatal runtime error: …` and V8 `FATAL ERROR: …` texts. */
  readonly fatalErrors: readonly string[];
  /** Frames outside any report: a crash handler's dump, or a backtrace whose header was cut. */
  readonly looseFrames: readonly Frame[];
  /** The first line of ffi-fuzz's own fault handler: faulting thread, guard region (fault-line.ts). */
  readonly fault: FaultLine | null;
  /** The first integrity-check message of glibc's allocator (heap-corruption.ts), null when none. */
  readonly heapCheck: string | null;
  /**
   * The Rust runtime finished a report that ends in abort(): `thread caused non-unwinding panic.
   * aborting.`, `fatal runtime error: …, aborting`, or a panic while processing a panic.
   */
  readonly rustAborting: boolean;
}

/** Messages of the runtime's own second panic; the user's panic is the one before it. */
export const RUNTIME_PANIC_MESSAGES: readonly string[] = ['panic in a function that cannot unwind', 'panic in a destructor during cleanup'];

/**
 * Lines are cut to this many characters before matching: the child is untrusted, and a few
 * header patterns backtrack quadratically on a crafted line of hundreds of kilobytes.
 */
export const MAX_LINE_LENGTH = 4096;

/** A panic message ends after this many lines even without a terminator (garbage after it). */
export const MAX_MESSAGE_LINES = 200;

const MODERN_HEADER = /^thread '(.*)'(?: \((\d+)\))? panicked at (.+?):(\d+):(\d+):\s*$/;
const LEGACY_HEADER = /^thread '(.*?)'(?: \((\d+)\))? panicked at '(.*)$/;
const LEGACY_TAIL = /^(.*)', (.+?):(\d+):(\d+)\s*$/;
const ALLOCATION_FAILURE = /^memory allocation of (\d+) bytes failed/;
const STACK_OVERFLOW = /^thread '(.*)'(?: \(\d+\))? has overflowed its stack/;
const RUST_FATAL = /^fatal runtime error: (.*?)(?:, aborting)?\s*$/;
const V8_FATAL = /^FATAL ERROR: (.*?)\s*$/;
/** The last line the Rust runtime prints before abort(). */
const RUST_ABORTING =
  /^(?:thread caused non-unwinding panic\. aborting\.|fatal runtime error: .*, aborting|thread panicked while processing panic\. aborting\.)/;
const MESSAGE_END = [
  /^stack backtrace:/,
  /^note: run with `RUST_BACKTRACE=/,
  /^note: Some details are omitted/,
  MODERN_HEADER,
  LEGACY_HEADER,
  /^thread caused non-unwinding panic/,
  /^thread panicked while processing panic/,
  RUST_FATAL,
  STACK_OVERFLOW,
  ALLOCATION_FAILURE,
  /^==\d+==/,
  /^WARNING: ThreadSanitizer/,
  /^={10,}$/,
  /^ffi-fuzz: fault: /,
];

/** Accumulates what the line scanner finds. */
interface Found {
  panics: PanicReport[];
  allocationFailure: { bytes: number; frames: Frame[] } | null;
  stackOverflow: { thread: string } | null;
  sanitizer: SanitizerReport | null;
  fatalErrors: string[];
  looseFrames: Frame[];
  processingPanic: boolean;
  fault: FaultLine | null;
  heapCheck: string | null;
  rustAborting: boolean;
}

/**
 * Parses the stderr of a dead engine child: Rust panics (Rust ≥ 1.73 header with or without
 * thread id, and the legacy `panicked at 'msg', file:l:c` form), their backtraces,
 * allocation failures, stack overflows, fatal runtime errors, ASan/TSan reports and loose
 * frames. Never throws.
 */
export function parseStderr(text: string): ParsedStderr {
  const lines = String(text ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour escapes (ESC [ … m) from the child's stderr
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.length > MAX_LINE_LENGTH ? line.slice(0, MAX_LINE_LENGTH) : line));
  const found: Found = {
    panics: [],
    allocationFailure: null,
    stackOverflow: null,
    sanitizer: null,
    fatalErrors: [],
    looseFrames: [],
    processingPanic: false,
    fault: null,
    heapCheck: null,
    rustAborting: false,
  };
  let i = 0;
  while (i < lines.length) i = scanLine(lines, i, found);
  const panics = found.panics.map((panic) => withCrateDir(panic, found));
  return {
    panics,
    abortReason: abortReasonOf(panics, found),
    allocationFailure: found.allocationFailure,
    stackOverflow: found.stackOverflow,
    sanitizer: found.sanitizer,
    fatalErrors: found.fatalErrors,
    looseFrames: found.looseFrames,
    fault: found.fault,
    heapCheck: found.heapCheck,
    rustAborting: found.rustAborting,
  };
}

// Recognises the report starting at lines[i], records it, and returns the next line to read.
function scanLine(lines: readonly string[], i: number, found: Found): number {
  const line = lines[i]!;
  const modern = MODERN_HEADER.exec(line);
  if (modern !== null) {
    const location = `${normalizePath(modern[3]!)}:${modern[4]}:${modern[5]}`;
    return readPanicBody(lines, i + 1, found, modern[1]!, modern[2], location, []);
  }
  const legacy = LEGACY_HEADER.exec(line);
  if (legacy !== null) return readLegacyPanic(lines, i, found, legacy);
  const allocation = ALLOCATION_FAILURE.exec(line);
  if (allocation !== null) {
    const block = lines[i + 1]?.startsWith('stack backtrace:') ? parseRustFrames(lines, i + 2) : { frames: [], next: i + 1 };
    found.allocationFailure ??= { bytes: Number(allocation[1]), frames: block.frames };
    return block.next;
  }
  const fault = parseFaultLine(line);
  if (fault !== null) {
    found.fault ??= fault;
    return i + 1;
  }
  const overflow = STACK_OVERFLOW.exec(line);
  if (overflow !== null) found.stackOverflow ??= { thread: overflow[1]! };
  const fatal = RUST_FATAL.exec(line) ?? V8_FATAL.exec(line);
  if (fatal !== null) found.fatalErrors.push(fatal[1]!);
  if (/panicked while processing panic/.test(line)) found.processingPanic = true;
  if (RUST_ABORTING.test(line)) found.rustAborting = true;
  if (found.heapCheck === null && isHeapCheckMessage(line)) found.heapCheck = line.trim();
  if (isSanitizerHeader(line)) {
    const block = parseSanitizerReport(lines, i);
    if (block !== null) {
      found.sanitizer ??= block.report;
      return Math.max(block.next, i + 1);
    }
  }
  const host = parseHostFrameLine(line, found.looseFrames.length);
  if (host !== null) {
    found.looseFrames.push(host);
    return i + 1;
  }
  if (line.startsWith('stack backtrace:') || isRustFrameLine(line)) {
    const block = parseRustFrames(lines, line.startsWith('stack backtrace:') ? i + 1 : i);
    found.looseFrames.push(...block.frames);
    return Math.max(block.next, i + 1);
  }
  return i + 1;
}

// Message lines run until a terminator (blank lines included: the UB-check message has one),
// then an optional backtrace follows.
function readPanicBody(
  lines: readonly string[],
  start: number,
  found: Found,
  thread: string,
  threadId: string | undefined,
  location: string | null,
  firstLines: readonly string[],
): number {
  let i = start;
  const messageLines = [...firstLines];
  const last = Math.min(lines.length, start + MAX_MESSAGE_LINES);
  for (; i < last && !MESSAGE_END.some((end) => end.test(lines[i]!)); i++) messageLines.push(lines[i]!);
  let frames: Frame[] = [];
  if (lines[i]?.startsWith('stack backtrace:')) ({ frames, next: i } = parseRustFrames(lines, i + 1));
  found.panics.push({
    thread,
    threadId: threadId === undefined ? null : Number(threadId),
    location,
    message: messageLines.join('\n').trim(),
    frames,
  });
  return Math.max(i, start);
}

// Rust < 1.73: `thread 'main' panicked at 'msg', src/lib.rs:10:5`, the message possibly
// spanning lines; the location ends the last of them.
function readLegacyPanic(lines: readonly string[], start: number, found: Found, header: RegExpExecArray): number {
  const collected = [header[3]!];
  for (let i = start; i < Math.min(lines.length, start + 200); i++) {
    if (i > start) collected.push(lines[i]!);
    const tail = LEGACY_TAIL.exec(collected[collected.length - 1]!);
    if (tail !== null) {
      collected[collected.length - 1] = tail[1]!;
      const location = `${normalizePath(tail[2]!)}:${tail[3]}:${tail[4]}`;
      return readPanicBody(lines, i + 1, found, header[1]!, header[2], location, collected);
    }
  }
  return readPanicBody(lines, start + 1, found, header[1]!, header[2], null, [header[3]!]);
}

// A panic location relative to a root package (`src/lib.rs:68:22`) gets the crate directory
// its own frames show (`./shapes/src/lib.rs`), so both name the file the same way.
function withCrateDir(panic: PanicReport, found: Found): PanicReport {
  const located = panic.location === null ? null : parseLocation(panic.location);
  if (located === null || !/^(src|tests|benches|examples)\//.test(located.file)) return panic;
  const candidates = [...panic.frames, ...found.panics.flatMap((p) => p.frames), ...found.looseFrames].filter(
    (frame) => frame.file?.endsWith(`/${located.file}`) === true && !isIgnoredFrame(frame),
  );
  const best = candidates.find((frame) => frame.line === located.line) ?? candidates[0];
  if (best?.file === undefined) return panic;
  return { ...panic, location: `${best.file}:${located.line}:${located.column ?? 0}` };
}

// Picks the most specific reason the runtime aborted, in the order of AbortReason.
function abortReasonOf(panics: readonly PanicReport[], found: Found): AbortReason | null {
  const messages = panics.map((panic) => panic.message);
  const has = (prefix: string): boolean => messages.some((message) => message.startsWith(prefix));
  const fatal = (needle: string): boolean => found.fatalErrors.some((error) => error.includes(needle));
  if (found.allocationFailure !== null) return 'allocation failure';
  if (found.stackOverflow !== null || fatal('stack overflow')) return 'stack overflow';
  if (has('unsafe precondition(s) violated')) return 'unsafe precondition violated';
  if (has('misaligned pointer dereference')) return 'misaligned pointer dereference';
  if (has('null pointer dereference')) return 'null pointer dereference';
  if (has(RUNTIME_PANIC_MESSAGES[0]!)) return 'panic in a function that cannot unwind';
  if (has(RUNTIME_PANIC_MESSAGES[1]!)) return 'panic in a destructor during cleanup';
  if (fatal('failed to initiate panic')) return 'failed to initiate panic';
  if (found.processingPanic) return 'panic while processing panic';
  if (fatal('JavaScript heap out of memory')) return 'JavaScript heap out of memory';
  if (found.fatalErrors.length > 0) return 'fatal runtime error';
  return null;
}
