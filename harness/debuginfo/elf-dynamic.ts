/**
 * The parts of an ELF64 little-endian file (x86_64, aarch64 Linux) the dynamic linker uses and
 * `strip` keeps: section headers, `.dynsym`, and the dynamic relocations that name a symbol. Read
 * with positional reads, so a 100 MB executable (node) costs only its tables.
 */
import fs from 'node:fs';
import { AbiError } from './debuginfo-error.js';

const SHT_RELA = 4;
const SHT_DYNSYM = 11;
/** Relocations through which code reaches a symbol: PLT slots, GOT entries, pointers in data (x86_64, aarch64). */
const SYMBOL_RELOCATIONS: ReadonlySet<number> = new Set([1, 6, 7, 257, 1025, 1026]);

/** One section header. */
export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly address: bigint;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
}

/** A dynamic relocation that names a symbol: the GOT slot at `offset` (from the load address) receives its address. */
export interface SymbolRelocation {
  readonly symbol: string;
  readonly offset: bigint;
  /** The file defines the symbol itself (an internal call that may still bind elsewhere). */
  readonly definedHere: boolean;
}

/** What {@link readElfDynamic} returns. */
export interface ElfDynamic {
  /** ET_DYN (a shared library or a PIE) rather than ET_EXEC (addresses are absolute). */
  readonly positionIndependent: boolean;
  readonly sections: readonly ElfSection[];
  readonly relocations: readonly SymbolRelocation[];
}

/**
 * Reads the section headers and the symbol-naming dynamic relocations of an ELF64 LE file.
 *
 * @throws AbiError `file-not-found`, `tool-failed` (not an ELF64 little-endian file)
 */
export function readElfDynamic(file: string, withRelocations = true): ElfDynamic {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (cause) {
    throw new AbiError('file-not-found', `cannot read ${file}: ${(cause as Error).message}`, { file }, cause);
  }
  try {
    const read = (offset: number, length: number): Buffer => {
      const b = Buffer.alloc(length);
      fs.readSync(fd, b, 0, length, offset);
      return b;
    };
    const header = read(0, 64);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1)
      throw new AbiError('tool-failed', `${file} is not an ELF64 little-endian file`, { file });
    const positionIndependent = header.readUInt16LE(16) === 3;
    const shoff = Number(header.readBigUInt64LE(0x28));
    const shentsize = header.readUInt16LE(0x3a);
    const shnum = header.readUInt16LE(0x3c);
    const table = read(shoff, shentsize * shnum);
    const raw = Array.from({ length: shnum }, (_, i) => {
      const o = i * shentsize;
      return {
        nameOffset: table.readUInt32LE(o),
        type: table.readUInt32LE(o + 4),
        address: table.readBigUInt64LE(o + 0x10),
        offset: Number(table.readBigUInt64LE(o + 0x18)),
        size: Number(table.readBigUInt64LE(o + 0x20)),
        link: table.readUInt32LE(o + 0x28),
      };
    });
    const names = raw[header.readUInt16LE(0x3e)];
    const nameTable = names === undefined ? Buffer.alloc(0) : read(names.offset, names.size);
    const sections = raw.map((s) => ({ ...s, name: cString(nameTable, s.nameOffset) }));
    return { positionIndependent, sections, relocations: withRelocations ? symbolRelocations(sections, read) : [] };
  } finally {
    fs.closeSync(fd);
  }
}

function symbolRelocations(sections: readonly ElfSection[], read: (offset: number, length: number) => Buffer): SymbolRelocation[] {
  const dynsymIndex = sections.findIndex((s) => s.type === SHT_DYNSYM);
  const dynsym = sections[dynsymIndex];
  const dynstr = dynsym === undefined ? undefined : sections[dynsym.link];
  if (dynsym === undefined || dynstr === undefined) return [];
  const symbols = read(dynsym.offset, dynsym.size);
  const strings = read(dynstr.offset, dynstr.size);
  const out: SymbolRelocation[] = [];
  for (const section of sections) {
    if (section.type !== SHT_RELA || section.link !== dynsymIndex) continue;
    const rela = read(section.offset, section.size);
    for (let o = 0; o + 24 <= rela.length; o += 24) {
      const info = rela.readBigUInt64LE(o + 8);
      const index = Number(info >> 32n);
      if (index === 0 || !SYMBOL_RELOCATIONS.has(Number(info & 0xffffffffn))) continue;
      const at = index * 24;
      out.push({
        symbol: cString(strings, symbols.readUInt32LE(at)),
        offset: rela.readBigUInt64LE(o),
        definedHere: symbols.readUInt16LE(at + 6) !== 0,
      });
    }
  }
  return out;
}

function cString(table: Buffer, offset: number): string {
  const end = table.indexOf(0, offset);
  return table.toString('latin1', offset, end < 0 ? table.length : end);
}
