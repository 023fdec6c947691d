/**
 * Struct and union layouts as the compiler recorded them in an ELF file's DWARF.
 *
 * This is the "library" view of the ABI check (and, through header-layouts, the "header"
 * view): DW_TAG_structure_type / DW_TAG_union_type with DW_AT_byte_size, DW_AT_alignment
 * (or an inferred alignment) and the DW_AT_data_member_location of each DW_TAG_member.
 */
import { AbiError } from './debuginfo-error.js';
import { attrFlag, attrString, type Die } from './dwarfdump-parser.js';
import { DwarfIndex, type CompileUnit, type DwarfIndexOptions } from './dwarf-index.js';
import { DwarfTypes, RECORD_TAGS } from './dwarf-types.js';
import type { FieldLayout, StructLayout } from './layout.js';

/** Options for {@link readDwarfStructs}. */
export type DwarfStructOptions = DwarfIndexOptions;

/** What {@link findDwarfStructs} found, as values: nothing is thrown for a missing name. */
export interface DwarfStructSearch {
  readonly found: Map<string, StructLayout>;
  readonly missing: string[];
  /** For each missing name, record names that look like it. */
  readonly suggestions: Map<string, string[]>;
}

interface Candidate {
  readonly record: Die;
  readonly unit: CompileUnit;
  readonly rank: number;
}

/**
 * Reads the layouts of the named structs/unions from `elfPath`'s DWARF.
 *
 * A name is a struct or union tag (`Job`), a typedef of one, or a Rust path
 * (`job_layout::Job`). When a name exists in several CUs or namespaces, the one in the
 * library's own crate wins.
 *
 * @throws AbiError `no-debug-info`, `tool-missing`, `file-not-found`, or
 *   `struct-not-found` listing every missing name.
 */
export function readDwarfStructs(elfPath: string, names: readonly string[], options: DwarfStructOptions = {}): Map<string, StructLayout> {
  const search = findDwarfStructs(elfPath, names, options);
  if (search.missing.length > 0) throw structNotFound(elfPath, search);
  return search.found;
}

/** Like {@link readDwarfStructs}, but reports missing names as values. */
export function findDwarfStructs(elfPath: string, names: readonly string[], options: DwarfStructOptions = {}): DwarfStructSearch {
  const index = DwarfIndex.open(elfPath, options);
  const best = new Map<string, Candidate>();
  const seenNames = new Set<string>();
  scanUnits(index, index.unitsWithRole('own'), names, best, seenNames, 0);
  // Dependency crates are not dumped one by one (a cdylib may link dozens): a whole-file
  // name lookup says which of their CUs, if any, define a name the own CUs lack.
  const pending = names.filter((n) => !best.has(n));
  if (pending.length > 0) {
    const hits = index.lookupNames([...new Set(pending.map(lastSegment))]);
    for (const hit of hits) seenNames.add(hit.name);
    const units = new Set(hits.filter((h) => RECORD_TAGS.has(h.tag) || h.tag === 'DW_TAG_typedef').map((h) => index.unitAt(h.offset)));
    scanUnits(
      index,
      [...units].filter((u): u is CompileUnit => u?.role === 'dependency'),
      pending,
      best,
      seenNames,
      2,
    );
  }
  const found = new Map<string, StructLayout>();
  for (const [name, candidate] of best) found.set(name, layoutOfRecord(index, candidate, name));
  const missing = names.filter((n) => !found.has(n));
  const suggestions = new Map(missing.map((n) => [n, similarNames(n, seenNames)]));
  return { found, missing, suggestions };
}

// Scans CUs in order until every name has a candidate at least as good as `enough`.
function scanUnits(
  index: DwarfIndex,
  units: readonly CompileUnit[],
  names: readonly string[],
  best: Map<string, Candidate>,
  seenNames: Set<string>,
  enough: number,
): void {
  for (const unit of units) {
    if (names.every((n) => (best.get(n)?.rank ?? Infinity) <= enough)) return;
    for (const die of index.unitDump(unit).dies.values()) {
      const dieName = attrString(die, 'DW_AT_name');
      if (dieName === undefined || !(RECORD_TAGS.has(die.tag) || die.tag === 'DW_TAG_typedef')) continue;
      seenNames.add(dieName);
      for (const wanted of names) {
        const candidate = matchCandidate(index, unit, die, dieName, wanted);
        if (candidate !== undefined && candidate.rank < (best.get(wanted)?.rank ?? Infinity)) best.set(wanted, candidate);
      }
    }
  }
}

function lastSegment(name: string): string {
  return name.split('::').pop() ?? name;
}

function matchCandidate(index: DwarfIndex, unit: CompileUnit, die: Die, dieName: string, wanted: string): Candidate | undefined {
  if (dieName !== lastSegment(wanted)) return undefined;
  const path = qualifiedName(unit, die, index);
  if (wanted.includes('::') && path !== wanted) return undefined;
  let record = die;
  if (die.tag === 'DW_TAG_typedef') {
    record = new DwarfTypes(index, unit.addrSize).strip(die);
    if (!RECORD_TAGS.has(record.tag)) return undefined;
  }
  if (attrFlag(record, 'DW_AT_declaration')) return undefined;
  const inOwnCrate = index.ownCrate !== undefined && path.startsWith(`${index.ownCrate}::`);
  const rank = inOwnCrate || (index.ownCrate === undefined && unit.role === 'own') ? 0 : unit.role === 'own' ? 1 : 2;
  return { record, unit, rank };
}

/** `job_layout::Job` for a Rust struct inside `namespace job_layout`. */
function qualifiedName(unit: CompileUnit, die: Die, index: DwarfIndex): string {
  const parts = [attrString(die, 'DW_AT_name') ?? ''];
  let parentOffset = die.parent;
  while (parentOffset !== undefined) {
    const parent = index.unitDump(unit).dies.get(parentOffset);
    if (parent === undefined || parent.tag === 'DW_TAG_compile_unit') break;
    parts.unshift(attrString(parent, 'DW_AT_name') ?? '');
    parentOffset = parent.parent;
  }
  return parts.join('::');
}

function layoutOfRecord(index: DwarfIndex, candidate: Candidate, name: string): StructLayout {
  const types = new DwarfTypes(index, candidate.unit.addrSize);
  const { record } = candidate;
  const alignment = types.alignInfo(record);
  return {
    name,
    size: types.sizeOf(record) ?? 0,
    align: alignment.align,
    kind: record.tag === 'DW_TAG_union_type' ? 'union' : 'struct',
    fields: flatten(types, record, 0, ''),
    language: candidate.unit.language,
    ...(alignment.note === undefined ? {} : { alignNote: alignment.note }),
  };
}

// Nested records are flattened after their parent so that a difference inside them gets
// its own row; C11 anonymous members are flattened without a prefix, as C names them.
function flatten(types: DwarfTypes, record: Die, base: number, prefix: string): FieldLayout[] {
  const fields: FieldLayout[] = [];
  for (const member of types.members(record)) {
    const offset = base + member.offset;
    const stripped = member.type === undefined ? undefined : types.strip(member.type);
    const nested = stripped !== undefined && RECORD_TAGS.has(stripped.tag);
    const anonymous = attrString(member.die, 'DW_AT_name') === undefined;
    if (nested && anonymous) {
      fields.push(...flatten(types, stripped, offset, prefix));
      continue;
    }
    const name = `${prefix}${member.name}`;
    const size =
      member.bitSize !== undefined ? Math.ceil(member.bitSize / 8) : member.type === undefined ? 0 : (types.sizeOf(member.type) ?? 0);
    fields.push({
      name,
      offset,
      size,
      align: member.type === undefined ? 1 : types.alignOf(member.die.attrs.has('DW_AT_alignment') ? member.die : member.type),
      type: member.typeName,
      ...(member.bitSize === undefined ? {} : { bitSize: member.bitSize }),
    });
    if (nested) fields.push(...flatten(types, stripped, offset, `${name}.`));
  }
  return fields;
}

function similarNames(wanted: string, seen: Set<string>): string[] {
  const short = (wanted.split('::').pop() ?? wanted).toLowerCase();
  return [...seen]
    .filter((n) => !n.includes('<') && (n.toLowerCase().includes(short) || short.includes(n.toLowerCase())) && n.length > 1)
    .slice(0, 5);
}

function structNotFound(elfPath: string, search: DwarfStructSearch): AbiError {
  const hints = search.missing.map((n) => {
    const like = search.suggestions.get(n) ?? [];
    return like.length === 0 ? `\`${n}\`` : `\`${n}\` (similar: ${like.map((s) => `\`${s}\``).join(', ')})`;
  });
  const suggestions = [...search.suggestions.values()].flat();
  return new AbiError(
    'struct-not-found',
    `${elfPath}: no struct or union named ${hints.join(', ')} in its debug info. Check the spelling (a tag, a typedef or ` +
      'a Rust path like `my_crate::Job`); the compiler only emits types that the code uses, so make sure an exported ' +
      'function takes or returns it (for C, compile with -fno-eliminate-unused-debug-types).',
    { file: elfPath, missing: search.missing, suggestions },
  );
}
