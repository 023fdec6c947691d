/**
 * Sizes, alignments and members of DWARF types, following DW_AT_type references through
 * typedefs and qualifiers, across CUs when needed.
 */
import { attrFlag, attrNumber, attrRef, attrRefName, attrString, type Die } from './dwarfdump-parser.js';
import type { DwarfIndex } from './dwarf-index.js';
import { inferAlignment, type InferredAlignment } from './infer-alignment.js';

const QUALIFIERS = new Set(['DW_TAG_typedef', 'DW_TAG_const_type', 'DW_TAG_volatile_type', 'DW_TAG_restrict_type', 'DW_TAG_atomic_type']);
const POINTERS = new Set(['DW_TAG_pointer_type', 'DW_TAG_reference_type', 'DW_TAG_rvalue_reference_type', 'DW_TAG_ptr_to_member_type']);
/** Struct-like tags: a C struct, a C union, a C++ class. */
export const RECORD_TAGS = new Set(['DW_TAG_structure_type', 'DW_TAG_union_type', 'DW_TAG_class_type']);

/** One data member of a record, with what the layout needs. */
export interface MemberInfo {
  readonly die: Die;
  readonly name: string;
  readonly offset: number;
  /** The member's type DIE (qualifiers kept), if resolvable. */
  readonly type: Die | undefined;
  /** The type as dwarfdump prints it next to the reference. */
  readonly typeName: string;
  readonly bitSize?: number;
}

/** Type queries over one {@link DwarfIndex}; `addrSize` is the pointer size of the CU. */
export class DwarfTypes {
  private readonly alignCache = new Map<number, InferredAlignment>();

  constructor(
    private readonly index: DwarfIndex,
    private readonly addrSize: number,
  ) {}

  /** The DIE a DW_AT_type of `die` points to. */
  typeOf(die: Die): Die | undefined {
    const ref = attrRef(die, 'DW_AT_type');
    return ref === undefined ? undefined : this.index.die(ref);
  }

  /** `die` with typedefs and cv-qualifiers peeled off. */
  strip(die: Die): Die {
    let current = die;
    for (let hops = 0; hops < 64 && QUALIFIERS.has(current.tag); hops++) {
      const next = this.typeOf(current);
      if (next === undefined) break;
      current = next;
    }
    return current;
  }

  /** `sizeof` of a type, or undefined when it has none (void, function, unknown bound). */
  sizeOf(die: Die): number | undefined {
    const type = this.strip(die);
    const explicit = attrNumber(type, 'DW_AT_byte_size');
    if (explicit !== undefined) return explicit;
    if (POINTERS.has(type.tag)) return this.addrSize;
    if (type.tag === 'DW_TAG_array_type') {
      const element = this.typeOf(type);
      const elementSize = element === undefined ? undefined : this.sizeOf(element);
      return elementSize === undefined ? undefined : elementSize * this.elementCount(type);
    }
    return undefined;
  }

  /** The number of elements of an array type (product of its dimensions; 0 if unbounded). */
  elementCount(array: Die): number {
    let count = 1;
    for (const child of this.children(array)) {
      if (child.tag !== 'DW_TAG_subrange_type') continue;
      const explicit = attrNumber(child, 'DW_AT_count');
      const upper = attrNumber(child, 'DW_AT_upper_bound');
      const lower = attrNumber(child, 'DW_AT_lower_bound') ?? 0;
      count *= explicit ?? (upper === undefined ? 0 : upper - lower + 1);
    }
    return count;
  }

  /** `alignof` of a type: DW_AT_alignment when stated, else computed (see infer-alignment). */
  alignOf(die: Die): number {
    return this.alignInfo(die).align;
  }

  /** {@link alignOf} plus how a record's alignment was obtained. */
  alignInfo(die: Die): InferredAlignment {
    const explicit = attrNumber(die, 'DW_AT_alignment');
    if (explicit !== undefined) return { align: explicit };
    const type = this.strip(die);
    const stated = attrNumber(type, 'DW_AT_alignment');
    if (stated !== undefined) return { align: stated };
    if (POINTERS.has(type.tag)) return { align: this.addrSize };
    if (type.tag === 'DW_TAG_array_type') {
      const element = this.typeOf(type);
      return { align: element === undefined ? 1 : this.alignOf(element) };
    }
    if (RECORD_TAGS.has(type.tag)) return this.recordAlign(type);
    const size = attrNumber(type, 'DW_AT_byte_size') ?? 1;
    const complex = type.attrs.get('DW_AT_encoding')?.includes('complex') === true;
    return { align: Math.max(1, Math.min(16, complex ? size / 2 : size)) };
  }

  // GCC states no DW_AT_alignment for plain or #pragma pack structs: infer it from members.
  private recordAlign(record: Die): InferredAlignment {
    const hit = this.alignCache.get(record.offset);
    if (hit !== undefined) return hit;
    this.alignCache.set(record.offset, { align: 1 }); // guards against self-reference
    const members = this.members(record).filter((m) => m.bitSize === undefined && m.type !== undefined);
    const shapes = members.map((m) => ({
      offset: m.offset,
      size: this.sizeOf(m.type!) ?? 0,
      align: this.alignOf(m.die.attrs.has('DW_AT_alignment') ? m.die : m.type!),
    }));
    const kind = record.tag === 'DW_TAG_union_type' ? 'union' : 'struct';
    const result = inferAlignment(kind, attrNumber(record, 'DW_AT_byte_size') ?? 0, shapes);
    this.alignCache.set(record.offset, result);
    return result;
  }

  /** The data members of a record (static members and Rust variant parts skipped). */
  members(record: Die): MemberInfo[] {
    const result: MemberInfo[] = [];
    for (const child of this.children(record)) {
      if (child.tag !== 'DW_TAG_member' || attrFlag(child, 'DW_AT_external') || attrFlag(child, 'DW_AT_declaration')) continue;
      const bitSize = attrNumber(child, 'DW_AT_bit_size');
      const bitOffset = attrNumber(child, 'DW_AT_data_bit_offset');
      const byteOffset = attrNumber(child, 'DW_AT_data_member_location') ?? (bitOffset === undefined ? 0 : Math.floor(bitOffset / 8));
      result.push({
        die: child,
        name: attrString(child, 'DW_AT_name') ?? `<anonymous@${byteOffset}>`,
        offset: byteOffset,
        type: this.typeOf(child),
        typeName: attrRefName(child, 'DW_AT_type') ?? '?',
        ...(bitSize === undefined ? {} : { bitSize }),
      });
    }
    return result;
  }

  /** The child DIEs of a DIE. */
  children(die: Die): Die[] {
    return die.children.map((offset) => this.index.die(offset)).filter((d): d is Die => d !== undefined);
  }
}
