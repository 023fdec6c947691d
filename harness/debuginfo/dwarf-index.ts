/**
 * A library's DWARF, loaded lazily one compile unit (CU) at a time through llvm-dwarfdump
 * and cached per file.
 *
 * Why lazily: a Rust cdylib carries the DWARF of std, core, alloc and every dependency
 * (tens of megabytes of dwarfdump text), while the types and functions the ABI check asks
 * about live in the library's own crate. Listing the CUs (`--debug-info -r 0`) takes a few
 * milliseconds; each wanted CU is then dumped alone (`--debug-info=<offset> -c`).
 */
import { statSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { AbiError } from './debuginfo-error.js';
import { attrNumber, attrString, parseDwarfdump, type Die, type ParsedDump } from './dwarfdump-parser.js';
import { runTool } from './run-tool.js';

/** What a CU is to the library: its own code, a dependency, or the toolchain's runtime. */
export type UnitRole = 'own' | 'dependency' | 'std';

/** One compile unit, as listed by the CU headers. */
export interface CompileUnit {
  /** Offset of the unit header. */
  readonly headerOffset: number;
  /** Offset of the DW_TAG_compile_unit DIE. */
  readonly offset: number;
  readonly name: string;
  /** `Rust`, `C11`, … (DW_LANG_ prefix removed). */
  readonly language: string;
  /** The Rust crate the CU belongs to (from `…/@/<crate>.<hash>-cgu.N`). */
  readonly crate?: string;
  readonly role: UnitRole;
  readonly addrSize: number;
  /** The code addresses the CU covers, `[start, end)`; undefined when DWARF does not say. */
  readonly ranges?: readonly (readonly [number, number])[];
}

/** Options for {@link DwarfIndex.open}. */
export interface DwarfIndexOptions {
  /** The llvm-dwarfdump executable. @defaultValue `'llvm-dwarfdump'` */
  readonly dwarfdump?: string;
  /** Whether to keep the parsed index for later calls on the same unchanged file. @defaultValue true */
  readonly cache?: boolean;
}

const RUST_RUNTIME_PATH = /^\/rustc\/|^\/rust\/deps\//;
const C_SYSTEM_PATH = /^\/usr\//;
const cache = new Map<string, DwarfIndex>();

/** A lazily loaded view of one ELF file's .debug_info. */
export class DwarfIndex {
  /** The file this index reads. */
  readonly path: string;
  /** The crate the library was built from (from `lib<crate>.so`), if a CU has it. */
  readonly ownCrate: string | undefined;
  /** Every CU, in file order. */
  readonly units: readonly CompileUnit[];
  private readonly tool: string;
  private readonly loaded = new Map<number, ParsedDump>();

  private constructor(path: string, tool: string, units: CompileUnit[], ownCrate: string | undefined) {
    this.path = path;
    this.tool = tool;
    this.units = units;
    this.ownCrate = ownCrate;
  }

  /**
   * Opens (or returns the cached index of) an ELF file.
   *
   * @throws AbiError `file-not-found`, `no-debug-info`, `tool-missing`.
   */
  static open(path: string, options: DwarfIndexOptions = {}): DwarfIndex {
    const tool = options.dwarfdump ?? 'llvm-dwarfdump';
    let key: string;
    try {
      const stat = statSync(path);
      key = `${realpathSync(path)}\0${stat.size}\0${stat.mtimeMs}\0${tool}`;
    } catch (cause) {
      throw new AbiError(
        'file-not-found',
        `${path} does not exist: build the library first (e.g. \`cargo build --release\`).`,
        { file: path },
        cause,
      );
    }
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const index = DwarfIndex.load(path, tool);
    if (options.cache !== false) cache.set(key, index);
    return index;
  }

  private static load(path: string, tool: string): DwarfIndex {
    const listing = parseDwarfdump(runTool(tool, ['--debug-info', '--recurse-depth=0', path]).stdout);
    const raw = listing.roots.map((offset, i) => ({ die: listing.dies.get(offset)!, header: listing.units[i] }));
    const cus = raw.filter((u) => u.die.tag === 'DW_TAG_compile_unit' || u.die.tag === 'DW_TAG_partial_unit');
    if (cus.length === 0) {
      throw new AbiError(
        'no-debug-info',
        `${path} has no DWARF debug info (.debug_info is missing or empty), so layouts and prototypes cannot be read: ` +
          'build with `debug = true` in [profile.release] of Cargo.toml (or `-g` for C) and do not strip the library.',
        { file: path, tool },
      );
    }
    const fileCrate = basename(path)
      .replace(/^lib/, '')
      .replace(/\.(so|dylib|dll)(\..*)?$/, '')
      .replace(/-/g, '_');
    const crates = new Set(cus.map(({ die }) => crateOf(attrString(die, 'DW_AT_name') ?? '')));
    const ownCrate = crates.has(fileCrate) ? fileCrate : undefined;
    const units = cus.map(({ die, header }): CompileUnit => {
      const name = attrString(die, 'DW_AT_name') ?? '';
      const language = (die.attrs.get('DW_AT_language') ?? '').replace(/^DW_LANG_/, '');
      const crate = language === 'Rust' ? crateOf(name) : undefined;
      return {
        headerOffset: header?.offset ?? die.offset,
        offset: die.offset,
        name,
        language,
        ...(crate === undefined ? {} : { crate }),
        role: roleOf(name, language, crate, ownCrate),
        addrSize: header?.addrSize ?? 8,
        ...codeRanges(die),
      };
    });
    return new DwarfIndex(path, tool, units, ownCrate);
  }

  /** The DIEs of one CU (dumped and parsed on first use). */
  unitDump(unit: CompileUnit): ParsedDump {
    const hit = this.loaded.get(unit.offset);
    if (hit !== undefined) return hit;
    const hex = `0x${unit.offset.toString(16).padStart(8, '0')}`;
    const dump = parseDwarfdump(runTool(this.tool, [`--debug-info=${hex}`, '--show-children', this.path]).stdout);
    this.loaded.set(unit.offset, dump);
    return dump;
  }

  /** The CU that contains a .debug_info offset. */
  unitAt(offset: number): CompileUnit | undefined {
    let found: CompileUnit | undefined;
    for (const unit of this.units) {
      if (unit.headerOffset <= offset) found = unit;
      else break;
    }
    return found;
  }

  /** A DIE by offset, loading its CU if needed (references may cross CUs). */
  die(offset: number): Die | undefined {
    const unit = this.unitAt(offset);
    return unit === undefined ? undefined : this.unitDump(unit).dies.get(offset);
  }

  /**
   * DIEs anywhere in the file whose DW_AT_name equals one of `names`, ignoring case
   * (`--name`, a scan of the whole section without dumping it: ~80 ms on a 6 MB cdylib).
   */
  lookupNames(names: readonly string[]): { offset: number; tag: string; name: string }[] {
    if (names.length === 0) return [];
    const args = ['--debug-info', '--ignore-case', ...names.map((n) => `--name=${n}`), this.path];
    const dump = parseDwarfdump(runTool(this.tool, args).stdout);
    return dump.roots
      .map((offset) => dump.dies.get(offset)!)
      .map((die) => ({ offset: die.offset, tag: die.tag, name: attrString(die, 'DW_AT_name') ?? '' }));
  }

  /** The CUs with the given roles, own code first. */
  unitsWithRole(...roles: UnitRole[]): CompileUnit[] {
    return roles.flatMap((role) => this.units.filter((u) => u.role === role));
  }
}

/** The crate of a Rust CU name: `src/lib.rs/@/job_layout.8cd3-cgu.0` → `job_layout`. */
export function crateOf(cuName: string): string | undefined {
  const match = /\/@\/([A-Za-z0-9_]+)\./.exec(cuName);
  return match === null ? undefined : match[1];
}

function roleOf(name: string, language: string, crate: string | undefined, ownCrate: string | undefined): UnitRole {
  if (language === 'Rust') {
    if (RUST_RUNTIME_PATH.test(name)) return 'std';
    if (ownCrate !== undefined) return crate === ownCrate ? 'own' : 'dependency';
    return /\/\.cargo\/(registry|git)\//.test(name) ? 'dependency' : 'own';
  }
  return C_SYSTEM_PATH.test(name) ? 'std' : 'own';
}

/** Whether a CU states code ranges that contain an address (a CU without code never does). */
export function unitCovers(unit: CompileUnit, address: number): boolean {
  return unit.ranges?.some(([start, end]) => address >= start && address < end) ?? false;
}

function codeRanges(die: Die): { ranges?: [number, number][] } {
  const ranges = die.attrs.get('DW_AT_ranges');
  if (ranges !== undefined) {
    const pairs = [...ranges.matchAll(/\[(0x[0-9a-f]+), (0x[0-9a-f]+)\)/gi)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
    return pairs.length > 0 ? { ranges: pairs } : {};
  }
  const low = attrNumber(die, 'DW_AT_low_pc');
  const high = attrNumber(die, 'DW_AT_high_pc');
  if (low === undefined || high === undefined) return {};
  return { ranges: [[low, high > low ? high : low + high]] };
}

/** Forgets every cached index (for tests that rebuild a library in place). */
export function clearDwarfCache(): void {
  cache.clear();
}
