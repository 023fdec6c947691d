import { parseSanitizerFrames, type Frame } from './parse-frames.js';

// AddressSanitizer (with LeakSanitizer) and ThreadSanitizer reports from sanitizer builds of
// a target (`ffi-fuzz build --profile asan|tsan`). Only the first report counts: later ones
// are often fallout of the first. Formats: compiler-rt's asan_report / tsan_report printers.

/** One memory access as a sanitizer describes it. */
export interface SanitizerAccess {
  readonly op: 'READ' | 'WRITE';
  /** Bytes accessed; null when the report does not say (e.g. ASan SEGV). */
  readonly size: number | null;
  readonly atomic: boolean;
  /** `T3`, `main thread`, …; null when not printed. */
  readonly thread: string | null;
}

/** The first sanitizer report found in stderr. */
export interface SanitizerReport {
  readonly tool: 'asan' | 'tsan';
  /** `heap-buffer-overflow`, `SEGV`, `detected memory leaks`, `data race`, … */
  readonly kind: string;
  /** The faulting access (ASan) or the current access (TSan). */
  readonly access: SanitizerAccess | null;
  /** ASan: where the address lies, e.g. `0 bytes after 16-byte region`. */
  readonly addressRelation: string | null;
  /** Stack of `access` (ASan: the first stack of the report). */
  readonly frames: readonly Frame[];
  /** TSan: the other side of the race. */
  readonly previousAccess: SanitizerAccess | null;
  readonly previousFrames: readonly Frame[];
  /** TSan: the racy object, e.g. `global 'racy::COUNTER' of size 8`. */
  readonly objectDescription: string | null;
  /** The `SUMMARY:` line without its tool prefix. */
  readonly summary: string | null;
}

/** A parsed report and the index of the line after it. */
export interface SanitizerBlock {
  readonly report: SanitizerReport;
  readonly next: number;
}

const ASAN_HEADER = /^==\d+==ERROR: (?:Address|Leak)Sanitizer: (.*?)\s*$/;
const TSAN_HEADER = /^WARNING: ThreadSanitizer: (.*?)(?: \(pid=\d+\))?\s*$/;
const ASAN_ACCESS = /^(READ|WRITE) of size (\d+) at 0x[0-9a-fA-F]+ thread (T\d+)/;
const ASAN_SEGV_ACCESS = /^==\d+==The signal is caused by a (READ|WRITE) memory access/;
const ASAN_RELATION = /^0x[0-9a-fA-F]+ is located (.*?)(?: \[0x[0-9a-fA-F]+,0x[0-9a-fA-F]+\))?\s*$/;
const TSAN_ACCESS = /^\s*(Previous )?(atomic )?(read|write) of size (\d+) at 0x[0-9a-fA-F]+ by (thread T\d+|main thread)/i;
const TSAN_OBJECT = /^\s*Location is (.*?)(?: at 0x[0-9a-fA-F]+.*)?:?\s*$/;
const SUMMARY = /^SUMMARY: (?:Address|Leak|Thread)Sanitizer: (.*?)\s*$/;
const TSAN_END = /^={10,}\s*$/;

/** True when the line opens an ASan/LSan or TSan report. */
export function isSanitizerHeader(line: string): boolean {
  return ASAN_HEADER.test(line) || TSAN_HEADER.test(line);
}

/** Parses the report whose header is `lines[start]`; null when it is not a header. */
export function parseSanitizerReport(lines: readonly string[], start: number): SanitizerBlock | null {
  const asan = ASAN_HEADER.exec(lines[start]!);
  if (asan !== null) return parseAsan(lines, start, asan[1]!);
  const tsan = TSAN_HEADER.exec(lines[start]!);
  if (tsan !== null) return parseTsan(lines, start, tsan[1]!);
  return null;
}

// ASan: header, access line, the access stack, then allocation/free stacks, then SUMMARY.
function parseAsan(lines: readonly string[], start: number, headline: string): SanitizerBlock {
  const kind = headline.replace(/ on (?:unknown )?(?:address )?0x[0-9a-fA-F]+.*$/, '').trim();
  let access: SanitizerAccess | null = null;
  let addressRelation: string | null = null;
  let frames: Frame[] | null = null;
  let summary: string | null = null;
  let i = start + 1;
  for (; i < lines.length && summary === null; i++) {
    const line = lines[i]!;
    if (isSanitizerHeader(line)) break;
    const read = ASAN_ACCESS.exec(line);
    const segv = ASAN_SEGV_ACCESS.exec(line);
    const relation = ASAN_RELATION.exec(line);
    const summaryMatch = SUMMARY.exec(line);
    if (read !== null) access = { op: read[1] as 'READ' | 'WRITE', size: Number(read[2]), atomic: false, thread: read[3]! };
    else if (segv !== null) access = { op: segv[1] as 'READ' | 'WRITE', size: null, atomic: false, thread: null };
    else if (relation !== null) addressRelation = relation[1]!;
    else if (summaryMatch !== null) summary = summaryMatch[1]!;
    else if (frames === null && /^\s*#0\s/.test(line)) {
      const block = parseSanitizerFrames(lines, i);
      frames = block.frames;
      i = block.next - 1;
    }
  }
  const report: SanitizerReport = {
    tool: 'asan',
    kind,
    access,
    addressRelation,
    frames: frames ?? [],
    previousAccess: null,
    previousFrames: [],
    objectDescription: null,
    summary,
  };
  return { report, next: i };
}

// TSan: header, current access + stack, previous access + stack, location, threads, SUMMARY.
function parseTsan(lines: readonly string[], start: number, kind: string): SanitizerBlock {
  const accesses: { access: SanitizerAccess; frames: Frame[] }[] = [];
  let objectDescription: string | null = null;
  let summary: string | null = null;
  let i = start + 1;
  for (; i < lines.length && summary === null; i++) {
    const line = lines[i]!;
    if (isSanitizerHeader(line) || TSAN_END.test(line)) break;
    const access = TSAN_ACCESS.exec(line);
    const object = TSAN_OBJECT.exec(line);
    const summaryMatch = SUMMARY.exec(line);
    if (access !== null) {
      const block = parseSanitizerFrames(lines, i + 1);
      const op = access[3]!.toUpperCase() as 'READ' | 'WRITE';
      accesses.push({ access: { op, size: Number(access[4]), atomic: access[2] !== undefined, thread: access[5]! }, frames: block.frames });
      i = block.next - 1;
    } else if (object !== null && objectDescription === null) objectDescription = object[1]!;
    else if (summaryMatch !== null) summary = summaryMatch[1]!;
  }
  const [current, previous] = accesses;
  const report: SanitizerReport = {
    tool: 'tsan',
    kind,
    access: current?.access ?? null,
    addressRelation: null,
    frames: current?.frames ?? firstStackAfter(lines, start),
    previousAccess: previous?.access ?? null,
    previousFrames: previous?.frames ?? [],
    objectDescription,
    summary,
  };
  return { report, next: i };
}

// TSan reports other than data races (lock-order inversion, signal-unsafe call) have no
// access lines; their first stack is the one to keep.
function firstStackAfter(lines: readonly string[], start: number): Frame[] {
  for (let i = start + 1; i < lines.length && !TSAN_END.test(lines[i]!); i++) {
    if (/^\s*#0\s/.test(lines[i]!)) return parseSanitizerFrames(lines, i).frames;
  }
  return [];
}
