/**
 * Says what a layout mismatch does at run time, in sentences ("Rust writes 24 bytes into a
 * 16-byte object: 8 bytes past the end"), and shows it with graffiti: the writer's object
 * painted field by field, read back through the reader's layout.
 *
 * The library is the writer (it fills structs the caller allocated, as in the first
 * postmortem); the declared layout and the C header are readers. Where there is no
 * library view, the declaration and the header are compared with neutral wording.
 */
import { compareLayouts, type StructComparison } from './compare-layouts.js';
import { describeOrigins, graffitiByte, hexOf, readGraffiti, type Graffiti } from './graffiti.js';
import { leafFields, type LayoutSource, type StructLayout } from '../debuginfo/layout.js';

/** The graffiti experiment for one writer/reader pair, with its printable lines. */
export interface GraffitiReport {
  readonly writer: LayoutSource;
  readonly reader: LayoutSource;
  readonly graffiti: Graffiti;
  readonly lines: readonly string[];
}

/** Everything said about one struct. */
export interface Diagnosis {
  /** One sentence per consequence; empty when the views agree. */
  readonly sentences: readonly string[];
  readonly graffiti: readonly GraffitiReport[];
}

/** Diagnoses every disagreeing pair of views of a compared struct. */
export function diagnose(comparison: StructComparison): Diagnosis {
  const { layouts } = comparison;
  const sentences: string[] = [];
  const graffiti: GraffitiReport[] = [];
  const agree = (a: LayoutSource, b: LayoutSource) =>
    layouts[a] !== undefined && layouts[b] !== undefined && compareLayouts(comparison.name, { [a]: layouts[a], [b]: layouts[b] }).ok;
  // When the declaration and the header agree with each other, they are one reader.
  const readersAgree = agree('declared', 'header');
  const pairs: [LayoutSource, LayoutSource, string][] = readersAgree
    ? [['library', 'declared', 'declared and header']]
    : [
        ['library', 'declared', 'declared'],
        ['library', 'header', 'header'],
        ['header', 'declared', 'declared'],
      ];
  for (const [writer, reader, readerName] of pairs) {
    const w = layouts[writer];
    const r = layouts[reader];
    if (w === undefined || r === undefined || agree(writer, reader)) continue;
    const prefix = `${readerName} vs ${writer}: `;
    const said = writer === 'library' ? writeReadSentences(comparison.name, w, r, reader) : neutralSentences(w, r, writer, reader);
    sentences.push(...said.map((s) => prefix + s));
    if (writer === 'library')
      graffiti.push(graffitiReport(writer, reader, w, r, readersAgree ? 'the declared layout and the C header read' : undefined));
  }
  return { sentences, graffiti };
}

/** How a view is named in a sentence. */
export function sourceLabel(source: LayoutSource, layout: StructLayout): string {
  switch (source) {
    case 'library':
      return layout.language === 'Rust' ? 'Rust' : 'the library';
    case 'declared':
      return 'the declared layout';
    case 'header':
      return 'the C header';
    default: {
      const never: never = source;
      return never;
    }
  }
}

function writeReadSentences(name: string, w: StructLayout, r: StructLayout, reader: LayoutSource): string[] {
  const who = sourceLabel('library', w);
  const out: string[] = [];
  if (w.kind !== r.kind) out.push(`\`${name}\` is a ${w.kind} in ${who} but a ${r.kind} in ${sourceLabel(reader, r)}.`);
  if (w.size > r.size) {
    const d = w.size - r.size;
    out.push(
      `${who} writes ${w.size} bytes into a ${r.size}-byte object: ${d} bytes past the end (and reads ${d} bytes past the end of one passed in).`,
    );
  } else if (w.size < r.size) {
    out.push(
      `${who} writes only ${w.size} bytes of a ${r.size}-byte object: its last ${r.size - w.size} bytes keep whatever was there before.`,
    );
  }
  if (w.align !== r.align) {
    const misaligned = w.align > r.align ? `; a \`${name}\` at an address that is ${r.align} mod ${w.align} is misaligned for ${who}` : '';
    out.push(
      `${who} aligns \`${name}\` to ${w.align}, ${sourceLabel(reader, r)} to ${r.align}: arrays of it and structs containing it are laid out differently${misaligned}.`,
    );
  }
  for (const field of leafFields(r)) {
    const written = w.fields.find((f) => f.name === field.name);
    if (written === undefined) {
      out.push(`field \`${field.name}\` is read at ${field.offset} but ${who} has no such field.`);
      continue;
    }
    if (written.offset !== field.offset) {
      const past = written.offset + written.size > r.size ? `, past the end of the ${r.size}-byte object` : '';
      out.push(`field \`${field.name}\` read at ${field.offset} is written at ${written.offset}${past}.`);
    }
    if (written.size !== field.size) out.push(`field \`${field.name}\` is read as ${field.size} bytes but written as ${written.size}.`);
  }
  for (const field of leafFields(w)) {
    if (!r.fields.some((f) => f.name === field.name))
      out.push(`field \`${field.name}\` is written at ${field.offset} by ${who} but ${sourceLabel(reader, r)} has no such field.`);
  }
  return out;
}

function neutralSentences(a: StructLayout, b: StructLayout, aSource: LayoutSource, bSource: LayoutSource): string[] {
  const an = sourceLabel(aSource, a);
  const bn = sourceLabel(bSource, b);
  const out: string[] = [];
  if (a.kind !== b.kind) out.push(`${an} says ${a.kind}, ${bn} says ${b.kind}.`);
  if (a.size !== b.size)
    out.push(
      `${an} says ${a.size} bytes, ${bn} says ${b.size}: an object allocated by one is ${Math.abs(a.size - b.size)} bytes ${a.size > b.size ? 'larger' : 'smaller'} than the other expects.`,
    );
  if (a.align !== b.align) out.push(`${an} aligns to ${a.align}, ${bn} to ${b.align}.`);
  for (const field of a.fields) {
    const other = b.fields.find((f) => f.name === field.name);
    if (other === undefined) out.push(`field \`${field.name}\` is in ${an} but not in ${bn}.`);
    else if (other.offset !== field.offset || other.size !== field.size) {
      out.push(
        `field \`${field.name}\` is at ${field.offset} (${field.size} bytes) in ${an} but at ${other.offset} (${other.size} bytes) in ${bn}.`,
      );
    }
  }
  for (const field of b.fields)
    if (!a.fields.some((f) => f.name === field.name)) out.push(`field \`${field.name}\` is in ${bn} but not in ${an}.`);
  return out;
}

function graffitiReport(writer: LayoutSource, reader: LayoutSource, w: StructLayout, r: StructLayout, readsLabel?: string): GraffitiReport {
  const graffiti = readGraffiti(w, r);
  const legend = leafFields(w)
    .map((f, i) => `${f.name}=${graffitiByte(i).toString(16).toUpperCase()}`)
    .join(' ');
  const rows = graffiti.fields.map((f) => ({
    name: f.field,
    span: `@${f.offset}..${f.offset + f.size - 1}`,
    hex: hexOf(f.bytes),
    tail: `${f.intact ? '✓' : '✗'} ${describeOrigins(f.bytes)}`,
  }));
  if (graffiti.overflow.length > 0) {
    rows.push({
      name: '(past the end)',
      span: `@${graffiti.readerSize}..${graffiti.writerSize - 1}`,
      hex: hexOf(graffiti.overflow),
      tail: `✗ ${describeOrigins(graffiti.overflow)}`,
    });
  }
  const width = (key: 'name' | 'span' | 'hex') => Math.max(...rows.map((row) => row[key].length));
  const reads = readsLabel ?? `${sourceLabel(reader, r)} reads`;
  const lines = [`graffiti: ${sourceLabel(writer, w)} paints each field (${legend}, padding=00); ${reads}:`];
  for (const row of rows)
    lines.push(`  ${row.name.padEnd(width('name'))}  ${row.span.padEnd(width('span'))}  ${row.hex.padEnd(width('hex'))}  ${row.tail}`);
  return { writer, reader, graffiti, lines };
}
