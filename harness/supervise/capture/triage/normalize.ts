import { demangleRustLegacy } from './demangle-legacy.js';
import { maskQuoted } from './mask-message.js';

// Everything that differs between two runs of the same bug (thread ids, ASLR addresses,
// lengths taken from the input, the machine's checkout path, the toolchain hash) is
// rewritten here, so that a signature names the bug and not the run (issue #3).

/**
 * Directories that sit directly under a crate's root. The directory before the last of them
 * in a path is taken as the crate directory.
 */
const CRATE_ROOT_DIRS: ReadonlySet<string> = new Set(['src', 'tests', 'benches', 'examples']);

/**
 * Rewrites a source path so it starts at its crate directory, wherever the build ran:
 * `./targets/chunk-parser/src/lib.rs`, `/work/main/targets/chunk-parser/src/lib.rs` and
 * `chunk-parser/src/lib.rs` all become `chunk-parser/src/lib.rs`;
 * `/rustc/<hash>/library/core/src/panicking.rs` becomes `core/src/panicking.rs`.
 * A path already starting at `src/` (the root package of a build) is kept; an absolute path
 * with no crate layout keeps its last two components. `.` and `..` segments are resolved.
 */
export function normalizePath(path: string): string {
  const segments = resolveDots(path.trim().replace(/\\/g, '/').split('/'));
  const isAbsolute = path.trim().startsWith('/');
  let root = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (CRATE_ROOT_DIRS.has(segments[i]!)) {
      root = i;
      break;
    }
  }
  if (root > 0) return segments.slice(root - 1).join('/');
  if (root === 0 || !isAbsolute) return segments.join('/');
  return segments.slice(-2).join('/');
}

// Drops empty and `.` segments and lets `..` cancel the segment before it.
function resolveDots(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out;
}

/**
 * Cleans a symbol as a backtrace printed it: demangles legacy `_ZN…17h<hash>E` names, strips
 * `::h<16 hex>` suffixes, `[<hex>]` crate-hash brackets (`std[e28293b1aa0f68bd]::…`) and
 * LLVM's `.llvm.<digits>` suffixes. Empty input becomes `<unknown>`.
 */
export function normalizeSymbol(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed === '<null>') return '<unknown>';
  const demangled = demangleRustLegacy(trimmed) ?? trimmed;
  return demangled
    .replace(/\.llvm\.\d+/g, '')
    .replace(/\[[0-9a-f]{8,16}\]/g, '')
    .replace(/::h[0-9a-f]{16}(?=$|[^0-9a-zA-Z_])/g, '');
}

/** Paths as they appear in messages: absolute, or explicitly relative (`./`, `../`). */
const PATH_IN_TEXT = /(?:\.{1,2}\/|(?<![\w.])\/)[\w.@+~-]+(?:\/[\w.@+~-]+)*/g;

/**
 * Normalises a message for signatures: every quoted span (`'…'`, `"…"`, backticks) and value
 * payload (`Err(…)`, an unwrap's `Err` value) is masked (mask-message.ts: their content comes from
 * the input), paths become crate-relative (`/rustc/<hash>/` paths included), hex addresses become
 * `0xADDR`, long hex ids `HEX`, sanitizer thread names `TN`, decimal numbers `N`, and whitespace
 * runs (newlines included) one space.
 *
 * @example normalizeMessage("byte index 3 is not a char boundary; it is inside 'Օ' (bytes 2..4) of `<Օ`")
 * // "byte index N is not a char boundary; it is inside '…' (bytes N..N) of `…`"
 */
export function normalizeMessage(message: string): string {
  return normalizeUnquoted(maskQuoted(message)).replace(/\s+/g, ' ').trim();
}

// The rewriting rules for the text left after masking, in an order where no rule undoes another.
function normalizeUnquoted(text: string): string {
  return text
    .replace(PATH_IN_TEXT, (path) => normalizePath(path))
    .replace(/\b0x[0-9a-f]+\b/gi, '0xADDR')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi, 'HEX')
    .replace(/\bT\d+\b/g, 'TN')
    .replace(/\b\d+\b/g, 'N');
}

/** A source location split into its parts; `column` is null when the text has none. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
}

/** Splits `file:line[:col]`; null when the text does not end with a line number. */
export function parseLocation(text: string): SourceLocation | null {
  const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(text.trim());
  if (match === null || match[1] === '') return null;
  return { file: match[1]!, line: Number(match[2]), column: match[3] === undefined ? null : Number(match[3]) };
}

/** `file:line:col` → `file:line` (columns move with formatting; lines identify the site). */
export function locationWithoutColumn(location: string): string {
  const parsed = parseLocation(location);
  return parsed === null ? location : `${normalizePath(parsed.file)}:${parsed.line}`;
}
