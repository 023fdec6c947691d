/**
 * "Graffiti" (the idea comes from abi-cafe): fill the struct on the writing side with a
 * per-field byte pattern (every byte of field 0 is 0xA0, of field 1 0xA1, …; padding 0x00)
 * and show, for each field of the reading side, which bytes it sees and which writer field
 * they came from. A layout mismatch then reads like a memory dump of the bug.
 */
import { leafFields, type FieldLayout, type StructLayout } from '../debuginfo/layout.js';

/** Who wrote one byte of the painted object. */
export type ByteOrigin =
  | { readonly kind: 'field'; readonly field: string; readonly index: number }
  | { readonly kind: 'padding' }
  | { readonly kind: 'unwritten' };

/** One byte as the reader sees it. */
export interface SeenByte {
  /** The byte value, or undefined when the writer never wrote it. */
  readonly value: number | undefined;
  readonly origin: ByteOrigin;
}

/** What one reader field sees. */
export interface FieldGraffiti {
  readonly field: string;
  readonly offset: number;
  readonly size: number;
  readonly bytes: readonly SeenByte[];
  /** The bytes are exactly the writer's same-named field, in order. */
  readonly intact: boolean;
}

/** The whole experiment: the writer paints, the reader reads. */
export interface Graffiti {
  readonly writerSize: number;
  readonly readerSize: number;
  readonly fields: readonly FieldGraffiti[];
  /** Bytes the writer wrote past the end of the reader's object (empty if none). */
  readonly overflow: readonly SeenByte[];
}

/** The pattern byte of the writer's leaf field number `index`. */
export function graffitiByte(index: number): number {
  return 0xa0 + (index % 16);
}

/** Paints the writer's object: a value and an origin per byte. */
export function paint(writer: StructLayout): SeenByte[] {
  const bytes: SeenByte[] = Array.from({ length: writer.size }, () => ({ value: 0, origin: { kind: 'padding' } }));
  painted(writer).forEach(({ field, index }) => {
    for (let i = 0; i < field.size && field.offset + i < writer.size; i++) {
      bytes[field.offset + i] = { value: graffitiByte(index), origin: { kind: 'field', field: field.name, index: i } };
    }
  });
  return bytes;
}

// A union holds one member at a time, so only its largest member is painted; a struct
// paints every leaf field (nested members, not their parents).
function painted(layout: StructLayout): { field: FieldLayout; index: number }[] {
  const leaves = leafFields(layout).map((field, index) => ({ field, index }));
  if (layout.kind !== 'union' || leaves.length === 0) return leaves;
  const largest = leaves.reduce((best, f) => (f.field.size > best.field.size ? f : best));
  return [largest];
}

/** Paints `writer`'s object and reads it back with `reader`'s layout. */
export function readGraffiti(writer: StructLayout, reader: StructLayout): Graffiti {
  const bytes = paint(writer);
  const at = (offset: number): SeenByte => bytes[offset] ?? { value: undefined, origin: { kind: 'unwritten' } };
  const fields = leafFields(reader).map((field): FieldGraffiti => {
    const seen = Array.from({ length: field.size }, (_, i) => at(field.offset + i));
    const intact = seen.every((b, i) => b.origin.kind === 'field' && b.origin.field === field.name && b.origin.index === i);
    return { field: field.name, offset: field.offset, size: field.size, bytes: seen, intact };
  });
  return { writerSize: writer.size, readerSize: reader.size, fields, overflow: bytes.slice(reader.size) };
}

/** `A1 A1 00 ??`: hex of seen bytes, `??` for bytes the writer never wrote. */
export function hexOf(bytes: readonly SeenByte[]): string {
  return bytes.map((b) => (b.value === undefined ? '??' : b.value.toString(16).toUpperCase().padStart(2, '0'))).join(' ');
}

/** `padding ×4, offset bytes 0–3`: where a run of seen bytes came from. */
export function describeOrigins(bytes: readonly SeenByte[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const origin = bytes[i]!.origin;
    let j = i + 1;
    while (j < bytes.length && continues(bytes[j - 1]!.origin, bytes[j]!.origin)) j++;
    const n = j - i;
    if (origin.kind === 'field') {
      const last = bytes[j - 1]!.origin as { index: number };
      parts.push(n === 1 ? `\`${origin.field}\` byte ${origin.index}` : `\`${origin.field}\` bytes ${origin.index}–${last.index}`);
    } else {
      parts.push(`${origin.kind === 'padding' ? 'padding' : 'never written'} ×${n}`);
    }
    i = j;
  }
  return parts.join(', ');
}

function continues(previous: ByteOrigin, next: ByteOrigin): boolean {
  if (previous.kind !== next.kind) return false;
  if (previous.kind === 'field' && next.kind === 'field') return previous.field === next.field && next.index === previous.index + 1;
  return true;
}
