/**
 * A fuzzing dictionary harvested from a library: the string literals its own code refers to
 * (JSON field names such as `user_id`, keywords, enum spellings). Zero-config fuzzing builds
 * buffer contents from them (dictionary-content.ts), where a spec would hand-write an arbitrary.
 *
 * Why code references and not `strings`: rustc stores string literals back to back in .rodata
 * with no NUL between them (`user_idevent_typetimestamp…`), so the text alone cannot be cut
 * into literals. Each literal is, however, loaded by its own RIP-relative `lea`, so the
 * addresses the code loads are where literals start (x86-64; on other machines, or when
 * objdump is missing, we fall back to NUL-separated runs, which is how C stores them).
 * Literals loaded from the library's own compile units (DWARF code ranges) are preferred
 * over those of std and dependencies: they are the formats the library itself parses.
 */
import fs from 'node:fs';
import { isAbiError } from './debuginfo-error.js';
import { DwarfIndex, unitCovers } from './dwarf-index.js';
import { runTool } from './run-tool.js';

/** Tokens for generating inputs, and where they were found. */
export interface LibraryDictionary {
  readonly tokens: readonly string[];
  /**
   * `own-code`: literals referenced from the library's own compile units; `all-code`: from any
   * code (no DWARF code ranges); `strings`: NUL-separated runs of .rodata; `none`: nothing usable.
   */
  readonly source: 'own-code' | 'all-code' | 'strings' | 'none';
  /** Why the harvest fell back or came up empty, for one line of output. */
  readonly note?: string;
}

/** Most tokens kept: a dictionary is a hint, not a corpus. */
export const MAX_TOKENS = 64;
/** A token is a word, a dotted path or a kebab-case name, as field names and keywords are. */
const WORD = /^[A-Za-z_][A-Za-z0-9_.-]{1,47}$/;
const LEA_RIP = /^\s*([0-9a-f]+):\s+lea\s+[^#]*\(%rip\)[^#]*#\s+([0-9a-f]+)/;

interface Section {
  readonly address: number;
  readonly offset: number;
  readonly size: number;
}

/** Harvests a library's dictionary; never throws for an unreadable library (the result says why it is empty). */
export function harvestDictionary(libraryPath: string): LibraryDictionary {
  let bytes: Buffer;
  let rodata: Section | undefined;
  try {
    bytes = fs.readFileSync(libraryPath);
    rodata = rodataOf(libraryPath);
  } catch (error) {
    return { tokens: [], source: 'none', note: reason(error) };
  }
  if (rodata === undefined) return { tokens: [], source: 'none', note: 'the library has no .rodata section' };
  let references: Map<number, number[]>;
  try {
    references = literalReferences(libraryPath, rodata);
  } catch (error) {
    return { ...nulSeparatedWords(bytes, rodata), note: `objdump failed (${reason(error)}); used NUL-separated strings` };
  }
  if (references.size === 0) return nulSeparatedWords(bytes, rodata);
  const starts = [...references.keys()].sort((a, b) => a - b);
  const own = ownCodeFilter(libraryPath);
  const wanted = (start: number) => own === undefined || references.get(start)!.some(own);
  const tokens = words(starts.flatMap((start, i) => (wanted(start) ? [literalAt(bytes, rodata, start, starts[i + 1])] : [])));
  return { tokens, source: own === undefined ? 'all-code' : 'own-code' };
}

/** The .rodata section's address, file offset and size (`readelf -S -W`). */
function rodataOf(libraryPath: string): Section | undefined {
  const out = runTool('readelf', ['-S', '-W', libraryPath]).stdout;
  const m = /\]\s+\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/.exec(out);
  return m === null ? undefined : { address: parseInt(m[1]!, 16), offset: parseInt(m[2]!, 16), size: parseInt(m[3]!, 16) };
}

/** Every .rodata address a `lea …(%rip)` loads → the addresses of the instructions that load it. */
function literalReferences(libraryPath: string, rodata: Section): Map<number, number[]> {
  const out = runTool('objdump', ['-d', '--no-show-raw-insn', libraryPath]).stdout;
  const refs = new Map<number, number[]>();
  for (const line of out.split('\n')) {
    const m = LEA_RIP.exec(line);
    if (m === null) continue;
    const target = parseInt(m[2]!, 16);
    if (target < rodata.address || target >= rodata.address + rodata.size) continue;
    const from = refs.get(target) ?? [];
    from.push(parseInt(m[1]!, 16));
    refs.set(target, from);
  }
  return refs;
}

// Code addresses of the library's own compile units; undefined when DWARF cannot say (no debug
// info, or no unit states its ranges), in which case every literal counts.
function ownCodeFilter(libraryPath: string): ((address: number) => boolean) | undefined {
  try {
    const own = DwarfIndex.open(libraryPath)
      .unitsWithRole('own')
      .filter((u) => u.ranges !== undefined);
    return own.length === 0 ? undefined : (address) => own.some((u) => unitCovers(u, address));
  } catch (error) {
    if (isAbiError(error)) return undefined;
    throw error;
  }
}

/** The printable bytes from `start` up to the next referenced literal, a control byte or 64 bytes. */
function literalAt(bytes: Buffer, rodata: Section, start: number, next: number | undefined): string {
  const end = Math.min(next ?? Infinity, start + 64, rodata.address + rodata.size);
  let at = start;
  while (at < end && isPrintable(bytes[rodata.offset + (at - rodata.address)]!)) at++;
  return bytes.toString('latin1', rodata.offset + (start - rodata.address), rodata.offset + (at - rodata.address));
}

/** Fallback for code we cannot read: .rodata cut at NUL bytes, as C string literals are stored. */
function nulSeparatedWords(bytes: Buffer, rodata: Section): LibraryDictionary {
  const text = bytes.toString('latin1', rodata.offset, rodata.offset + rodata.size);
  const tokens = words(text.split(/[^\x20-\x7e]+/));
  return tokens.length === 0 ? { tokens, source: 'none', note: 'no word-like string literals found' } : { tokens, source: 'strings' };
}

// Keeps word-like literals in first-seen order; a dotted path also gives its segments
// (`payload.items` → `payload`, `items`), since nested documents use them one level at a time.
function words(literals: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const literal of literals) {
    if (!WORD.test(literal)) continue;
    for (const token of [literal, ...(literal.includes('.') ? literal.split('.') : [])]) {
      if (token.length >= 2 && seen.size < MAX_TOKENS) seen.add(token);
    }
  }
  return [...seen];
}

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** One line saying what the dictionary holds, for the run's log. */
export function describeDictionary(libraryName: string, dictionary: LibraryDictionary): string {
  const from = {
    'own-code': "literals of the library's own code",
    'all-code': 'literals the code refers to',
    strings: 'NUL-separated strings',
    none: '',
  }[dictionary.source];
  const note = dictionary.note === undefined ? '' : ` (${dictionary.note})`;
  if (dictionary.tokens.length === 0) return `dictionary: none harvested from ${libraryName}${note}; inputs are random bytes`;
  const shown = dictionary.tokens.slice(0, 12).join(', ');
  return `dictionary: ${dictionary.tokens.length} token(s) from ${from} of ${libraryName}${note}: ${shown}${dictionary.tokens.length > 12 ? ', …' : ''}`;
}
