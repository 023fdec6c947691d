/**
 * Compares the views of one struct (declared in the spec, compiled into the library,
 * compiled from the C header): size, alignment, kind, and each field's offset and size,
 * matched by field name. The result is a table of rows with mismatch flags; wording the
 * consequences is diagnose.ts's job.
 */
import { LAYOUT_SOURCES, type LayoutSource, type StructLayout } from '../debuginfo/layout.js';

/** One view of one field. */
export interface FieldView {
  readonly offset: number;
  readonly size: number;
  readonly type: string;
}

/** One field across the views. */
export interface FieldRow {
  readonly name: string;
  /** The field in each view that has it. */
  readonly views: Partial<Record<LayoutSource, FieldView>>;
  /** Views of the struct that lack this field. */
  readonly missingIn: readonly LayoutSource[];
  readonly offsetMismatch: boolean;
  readonly sizeMismatch: boolean;
  /** No mismatch and present everywhere. */
  readonly ok: boolean;
}

/** One struct across the views. */
export interface StructComparison {
  readonly name: string;
  /** The layouts compared, by source. */
  readonly layouts: Partial<Record<LayoutSource, StructLayout>>;
  /** The sources present, in table order. */
  readonly sources: readonly LayoutSource[];
  readonly sizeMismatch: boolean;
  readonly alignMismatch: boolean;
  /** One view says struct, another union. */
  readonly kindMismatch: boolean;
  readonly rows: readonly FieldRow[];
  /** Every check passed. */
  readonly ok: boolean;
}

/**
 * Compares the available views of struct `name`. With a single view everything is "ok"
 * (there is nothing to disagree with).
 */
export function compareLayouts(name: string, layouts: Partial<Record<LayoutSource, StructLayout>>): StructComparison {
  const sources = LAYOUT_SOURCES.filter((s) => layouts[s] !== undefined);
  const present = sources.map((s) => layouts[s]!);
  const sizeMismatch = !allEqual(present.map((l) => l.size));
  const alignMismatch = !allEqual(present.map((l) => l.align));
  const kindMismatch = !allEqual(present.map((l) => l.kind));
  const rows = fieldNames(sources.map((s) => layouts[s]!)).map((field) => compareField(field, sources, layouts));
  return {
    name,
    layouts,
    sources,
    sizeMismatch,
    alignMismatch,
    kindMismatch,
    rows,
    ok: !sizeMismatch && !alignMismatch && !kindMismatch && rows.every((r) => r.ok),
  };
}

function compareField(name: string, sources: readonly LayoutSource[], layouts: Partial<Record<LayoutSource, StructLayout>>): FieldRow {
  const views: Partial<Record<LayoutSource, FieldView>> = {};
  const missingIn: LayoutSource[] = [];
  for (const source of sources) {
    const field = layouts[source]!.fields.find((f) => f.name === name);
    if (field === undefined) missingIn.push(source);
    else views[source] = { offset: field.offset, size: field.size, type: field.type };
  }
  const found = Object.values(views);
  const offsetMismatch = !allEqual(found.map((v) => v.offset));
  const sizeMismatch = !allEqual(found.map((v) => v.size));
  return { name, views, missingIn, offsetMismatch, sizeMismatch, ok: !offsetMismatch && !sizeMismatch && missingIn.length === 0 };
}

// Field names in a merged order: each view's order is kept, and a name only one view has
// is placed right after that view's previous field.
function fieldNames(layouts: readonly StructLayout[]): string[] {
  const order: string[] = [];
  for (const layout of layouts) {
    let cursor = -1;
    for (const field of layout.fields) {
      const at = order.indexOf(field.name);
      if (at >= 0) {
        cursor = at;
      } else {
        order.splice(cursor + 1, 0, field.name);
        cursor += 1;
      }
    }
  }
  return order;
}

function allEqual(values: readonly unknown[]): boolean {
  return values.every((v) => v === values[0]);
}
