import { normalizePath, normalizeSymbol, parseLocation } from './normalize.js';

// One stack frame, whatever printed it. Four printers reach the engine child's stderr:
// Rust's std backtrace (short `  5: sym` / full `  19:     0x7f… - sym`, each followed by
// an `at file:line:col` line), the sanitizers (`    #0 0x… in sym file:line:col`),
// glibc's backtrace_symbols() used by crash handlers (`/lib/x.so(sym+0x11)[0x7f…]`) and
// Node's own fatal-error dump (` 1: 0xb78db3 node::Abort() [node]`).

/** One frame of a backtrace, cleaned: hashes stripped, path crate-relative. */
export interface Frame {
  /** Position in the printed backtrace (0 = innermost). */
  readonly index: number;
  /** Demangled symbol without `::h<hash>` / `[<hash>]`; `<unknown>` when unsymbolised. */
  readonly symbol: string;
  /** Source file, normalised to start at the crate directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Shared object or executable the frame lies in, when the printer named it. */
  readonly module?: string;
}

/** Rust std: `  5: chunk_parser::check_event` or `  19:     0x7f6bbc07f746 - parse_chunk`. */
const RUST_FRAME = /^\s*(\d+):\s+(?:0x[0-9a-fA-F]+ - )?(.*?)\s*$/;
/** Rust std: the `at` line under a frame. */
const RUST_AT = /^\s+at (.+?)\s*$/;
/** ASan / TSan / LSan: `    #3 0x55e1e2c95d63 in sym file:line:col` or `    #0 sym file:line:col (mod+0x1)`. */
const SANITIZER_FRAME = /^\s*#(\d+)\s+(?:0x[0-9a-fA-F]+\s+)?(?:in\s+)?(.*?)\s*$/;
/** glibc backtrace_symbols(): `/path/lib.so(sym+0x11)[0x7f…]`, `node[0xc45d95]`. */
const GLIBC_FRAME = /^\s*([^\s()[\]]+)(?:\(([^()\s]*?)(?:\+0x[0-9a-fA-F]+)?\))?\s*\[0x[0-9a-fA-F]+\]\s*$/;
/** Node/V8 fatal error dump: ` 1: 0xb78db3 node::OOMErrorHandler(char const*) [node]`. */
const NODE_FRAME = /^\s*(\d+): 0x[0-9a-fA-F]+ (.*?)\s*\[([^\]]+)\]\s*$/;

/** A frame being assembled from a symbol line and, for Rust, the `at` line after it. */
interface FrameParts {
  index: number;
  symbol: string;
  location?: string;
  module?: string;
}

/** Frames parsed from consecutive lines, and the index of the first line that is not one. */
export interface FrameBlock {
  readonly frames: Frame[];
  readonly next: number;
}

/**
 * Parses a Rust std backtrace starting at `lines[start]` (the line after `stack backtrace:`)
 * and stops at the first line that is neither a frame nor an `at` line.
 */
export function parseRustFrames(lines: readonly string[], start: number): FrameBlock {
  const frames: Frame[] = [];
  let current: FrameParts | null = null;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const at = RUST_AT.exec(line);
    if (at !== null && current !== null && current.location === undefined) {
      current.location = at[1]!;
      continue;
    }
    const frame = RUST_FRAME.exec(line);
    if (frame === null || at !== null) break;
    if (current !== null) frames.push(buildFrame(current));
    current = { index: Number(frame[1]), symbol: frame[2]! };
  }
  if (current !== null) frames.push(buildFrame(current));
  return { frames, next: i };
}

/** Parses one `#N` sanitizer stack starting at `lines[start]`; stops at the first other line. */
export function parseSanitizerFrames(lines: readonly string[], start: number): FrameBlock {
  const frames: Frame[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const match = SANITIZER_FRAME.exec(lines[i]!);
    if (match === null) break;
    frames.push(buildFrame({ index: Number(match[1]), ...splitSanitizerFrame(match[2]!) }));
  }
  return { frames, next: i };
}

/** Parses a frame printed by glibc's backtrace_symbols() or by Node's fatal-error handler. */
export function parseHostFrameLine(line: string, index: number): Frame | null {
  const node = NODE_FRAME.exec(line);
  if (node !== null) return buildFrame({ index: Number(node[1]), symbol: node[2]!, module: node[3]! });
  const glibc = GLIBC_FRAME.exec(line);
  if (glibc !== null) return buildFrame({ index, symbol: glibc[2] ?? '', module: glibc[1]! });
  return null;
}

/** True when the line starts a Rust backtrace frame (used to pick up headless backtraces). */
export function isRustFrameLine(line: string): boolean {
  return /^\s+\d+:\s+(?:0x[0-9a-fA-F]+ - )?\S/.test(line);
}

// Sanitizers print `sym file:line:col (module+0xoff) (BuildId: …)`; the symbol may contain
// spaces (`<A as B>::f`), so the file is recognised by its shape, not by position alone.
function splitSanitizerFrame(rest: string): Omit<FrameParts, 'index'> {
  let text = rest.replace(/\s*\(BuildId: [0-9a-fA-F]+\)$/, '');
  let module: string | undefined;
  const moduleMatch = /\s*\(([^()\s]+)\+0x[0-9a-fA-F]+\)$/.exec(text);
  if (moduleMatch !== null) {
    module = moduleMatch[1]!;
    text = text.slice(0, moduleMatch.index);
  }
  const space = text.lastIndexOf(' ');
  const tail = space > 0 ? text.slice(space + 1) : '';
  const parts: Omit<FrameParts, 'index'> = looksLikeFile(tail) ? { symbol: text.slice(0, space), location: tail } : { symbol: text };
  return module === undefined ? parts : { ...parts, module };
}

// A file token has a `/` or an extension and none of the characters symbols are made of.
function looksLikeFile(token: string): boolean {
  if (token === '' || /[<>(){}]|::/.test(token)) return false;
  return token.includes('/') || /\.\w+(?::\d+)*$/.test(token);
}

// Cleans the symbol, splits and normalises the location, and names the module by its file.
function buildFrame(parts: FrameParts): Frame {
  const symbol = normalizeSymbol(parts.symbol);
  const located = parts.location === undefined ? null : parseLocation(parts.location);
  const file = located?.file ?? parts.location;
  return {
    index: parts.index,
    symbol,
    ...(file === undefined ? {} : { file: normalizePath(file) }),
    ...(located === null ? {} : { line: located.line }),
    ...(located?.column == null ? {} : { column: located.column }),
    ...(parts.module === undefined ? {} : { module: parts.module.split('/').pop()! }),
  };
}
