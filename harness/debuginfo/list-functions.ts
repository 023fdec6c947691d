/**
 * The exported `extern "C"` functions of a library with C prototypes recovered from its
 * DWARF (what `ffi-fuzz list --lib L` prints, and what zero-config fuzzing starts from).
 *
 * A function is listed when it is in the dynamic symbol table (`nm -D --defined-only`)
 * and has an external DW_TAG_subprogram in the library's own code: Rust runtime exports
 * (`rust_eh_personality`, `__rust_*`) and functions of dependency crates are left out.
 */
import { cTypeOf, type CTypeResult } from './c-type-of.js';
import { attrFlag, attrNumber, attrRef, attrString, type Die } from './dwarfdump-parser.js';
import { DwarfIndex, unitCovers, type CompileUnit, type DwarfIndexOptions } from './dwarf-index.js';
import { DwarfTypes } from './dwarf-types.js';
import { runTool } from './run-tool.js';

/** One parameter of an exported function. */
export interface FunctionParam {
  /** The name in the source (`arg<i>` when DWARF has none). */
  readonly name: string;
  readonly cType: string;
}

/** One exported function. */
export interface ExportedFunction {
  readonly name: string;
  /** `int32_t parse_chunk(const uint8_t *ptr, int32_t len)`: usable as a koffi prototype when `mapped`. */
  readonly prototype: string;
  readonly params: readonly FunctionParam[];
  readonly returnType: string;
  /** Every type had a faithful C spelling. */
  readonly mapped: boolean;
  /** Why not, when `mapped` is false (one reason per unmapped type). */
  readonly unmappedReasons: readonly string[];
  /** DWARF language of the defining CU (`Rust`, `C11`). */
  readonly language: string;
}

/** Options for {@link listExportedFunctions}. */
export interface ListFunctionsOptions extends DwarfIndexOptions {
  /** The nm executable. @defaultValue `'nm'` */
  readonly nm?: string;
}

/** Exports of the Rust runtime and the C toolchain that are never the library's API. */
export const RUNTIME_EXPORTS = /^(rust_eh_personality|rust_begin_unwind|rust_panic|__rust_|_init$|_fini$|__bss_start$|_edata$|_end$)/;

/**
 * Lists the library's own exported functions, in source order.
 *
 * A library that exports nothing gives an empty list.
 *
 * @throws AbiError `file-not-found`, `no-debug-info`, `tool-missing`.
 */
export function listExportedFunctions(libraryPath: string, options: ListFunctionsOptions = {}): ExportedFunction[] {
  const index = DwarfIndex.open(libraryPath, options);
  const exported = dynamicSymbols(libraryPath, options.nm ?? 'nm');
  const found = new Map<string, { fn: ExportedFunction; concrete: boolean; line: number; file: string }>();
  for (const unit of unitsHolding(index, [...exported.values()])) {
    const types = new DwarfTypes(index, unit.addrSize);
    for (const die of index.unitDump(unit).dies.values()) {
      if (die.tag !== 'DW_TAG_subprogram') continue;
      const decl = origin(index, die);
      const symbol = attrString(decl, 'DW_AT_linkage_name') ?? attrString(decl, 'DW_AT_name');
      if (symbol === undefined || !exported.has(symbol) || RUNTIME_EXPORTS.test(symbol) || !attrFlag(decl, 'DW_AT_external')) continue;
      const concrete = die.attrs.has('DW_AT_low_pc') || die.attrs.has('DW_AT_ranges');
      if (found.get(symbol)?.concrete === true) continue;
      found.set(symbol, {
        fn: describe(index, types, unit, die, decl, symbol),
        concrete,
        line: attrNumber(decl, 'DW_AT_decl_line') ?? 0,
        file: attrString(decl, 'DW_AT_decl_file') ?? '',
      });
    }
  }
  return [...found.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line).map((f) => f.fn);
}

// Only CUs whose code holds an exported function need to be dumped (each dump is a
// process); if no CU states its code ranges, every own CU is read.
function unitsHolding(index: DwarfIndex, addresses: readonly number[]): CompileUnit[] {
  const own = index.unitsWithRole('own');
  const holding = own.filter((u) => addresses.some((a) => unitCovers(u, a)));
  return holding.length > 0 || own.some((u) => u.ranges !== undefined) ? holding : own;
}

/** The functions the file defines in its dynamic symbol table: name → address. */
export function dynamicSymbols(libraryPath: string, nm: string): Map<string, number> {
  const out = runTool(nm, ['-D', '--defined-only', libraryPath]).stdout;
  const names = new Map<string, number>();
  for (const line of out.split('\n')) {
    const match = /^\s*([0-9a-f]+)\s+[TtWi]\s+(\S+)$/.exec(line);
    if (match !== null) names.set(match[2]!.replace(/@.*$/, ''), parseInt(match[1]!, 16));
  }
  return names;
}

// A concrete out-of-line copy (C at -O2) keeps its name, type and parameters on the
// abstract DIE it points to with DW_AT_abstract_origin / DW_AT_specification.
function origin(index: DwarfIndex, die: Die): Die {
  let current = die;
  for (let hops = 0; hops < 4; hops++) {
    const ref = attrRef(current, 'DW_AT_abstract_origin') ?? attrRef(current, 'DW_AT_specification');
    const next = ref === undefined ? undefined : index.die(ref);
    if (next === undefined) break;
    current = next;
  }
  return current;
}

// Builds one function's prototype; an unmappable type keeps a best-effort spelling and
// adds a reason, so the listing stays complete and says what to fix by hand.
function describe(index: DwarfIndex, types: DwarfTypes, unit: CompileUnit, die: Die, decl: Die, symbol: string): ExportedFunction {
  const results: { name: string; type: CTypeResult }[] = [];
  const reasons: string[] = [];
  const concreteParams = types
    .children(die)
    .filter((c) => c.tag === 'DW_TAG_formal_parameter' || c.tag === 'DW_TAG_unspecified_parameters');
  const paramDies =
    concreteParams.length > 0
      ? concreteParams
      : types.children(decl).filter((c) => c.tag === 'DW_TAG_formal_parameter' || c.tag === 'DW_TAG_unspecified_parameters');
  let variadic = false;
  paramDies.forEach((param, i) => {
    if (param.tag === 'DW_TAG_unspecified_parameters') {
      variadic = true;
      return;
    }
    const source = origin(index, param);
    if (attrFlag(source, 'DW_AT_artificial')) return;
    const type = cTypeOf(types, types.typeOf(source), unit.language);
    const name = attrString(source, 'DW_AT_name') ?? `arg${i}`;
    if (!type.ok) reasons.push(`parameter \`${name}\`: ${type.reason}`);
    results.push({ name, type });
  });
  const ret = cTypeOf(types, types.typeOf(decl), unit.language);
  if (!ret.ok) reasons.push(`return type: ${ret.reason}`);
  const params = results.map((r) => ({ name: r.name, cType: r.type.cType }));
  const list = [...params.map((p) => `${p.cType}${p.cType.endsWith('*') ? '' : ' '}${p.name}`), ...(variadic ? ['...'] : [])];
  const prototype = `${ret.cType}${ret.cType.endsWith('*') ? '' : ' '}${symbol}(${list.length === 0 ? 'void' : list.join(', ')})`;
  return {
    name: symbol,
    prototype,
    params,
    returnType: ret.cType,
    mapped: reasons.length === 0,
    unmappedReasons: reasons,
    language: unit.language,
  };
}
