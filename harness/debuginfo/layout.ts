/**
 * The shared vocabulary of the ABI check: how one struct or union is laid out in memory,
 * whichever side described it (a koffi declaration, a library's DWARF, a C header).
 *
 * Every reader in this folder produces these plain values, so the comparison, the
 * diagnosis and the table never care where a layout came from.
 */

/** Where a layout was read from. */
export type LayoutSource = 'declared' | 'library' | 'header';

/** Every layout source, in the order the table shows them. */
export const LAYOUT_SOURCES: readonly LayoutSource[] = Object.freeze(['declared', 'library', 'header']);

/**
 * One member of a struct or union.
 *
 * Members of nested structs and unions are flattened after their parent with dotted names
 * (`inner.b`) and offsets from the start of the outermost struct, so a difference inside a
 * nested struct shows up as its own row. Arrays are one field; their elements are not
 * flattened.
 */
export interface FieldLayout {
  /** Member name; nested members are `parent.child`. */
  readonly name: string;
  /** Byte offset from the start of the outermost struct. */
  readonly offset: number;
  /** Size in bytes (for an array: the whole array). */
  readonly size: number;
  /**
   * Alignment of the member's type, when the source knows it (DWARF: the member's
   * DW_AT_alignment or its type's; koffi: the type's natural alignment, since koffi does
   * not expose a `[n, type]` override). Informative only: offsets are what is compared.
   */
  readonly align?: number;
  /** The type as its source spells it (`uint32_t`, `u64`, `Inner`, `uint16_t[3]`). */
  readonly type: string;
  /** Bit-field width in bits, when the member is a bit-field. */
  readonly bitSize?: number;
}

/** The layout of one struct or union. */
export interface StructLayout {
  /** The name it was asked for (a tag, a typedef or a Rust path). */
  readonly name: string;
  /** `sizeof` in bytes, tail padding included. */
  readonly size: number;
  /** `alignof` in bytes. */
  readonly align: number;
  /** Whether members follow each other or share offset 0. */
  readonly kind: 'struct' | 'union';
  /** Members in declaration order, nested members flattened after their parent. */
  readonly fields: readonly FieldLayout[];
  /**
   * Who compiled it, as DWARF names the language (`Rust`, `C11`), when known; used to
   * word the diagnosis ("Rust writes …").
   */
  readonly language?: string;
  /** How the alignment was obtained when the source did not state it (see dwarf-layouts). */
  readonly alignNote?: string;
}

/** Whether a field has flattened children (a nested struct or union member). */
export function hasChildren(layout: StructLayout, field: FieldLayout): boolean {
  const prefix = `${field.name}.`;
  return layout.fields.some((f) => f.name.startsWith(prefix));
}

/** The leaf fields of a layout: the ones that hold bytes themselves (no nested children). */
export function leafFields(layout: StructLayout): FieldLayout[] {
  return layout.fields.filter((f) => !hasChildren(layout, f));
}

/** Rounds `n` up to a multiple of `align` (`align` ≥ 1). */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
