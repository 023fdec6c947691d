/**
 * Renders an ABI report as plain text: one table per struct (field | declared | library |
 * header | ✓/✗ | type, each cell `offset/size`), then the diagnosis sentences and the
 * graffiti. Every line goes through the injected `write`, so the CLI prints it and tests
 * capture it exactly.
 */
import type { AbiReport, StructReport } from './check-abi.js';
import type { FieldRow, StructComparison } from './compare-layouts.js';
import { LAYOUT_SOURCES, type LayoutSource } from '../debuginfo/layout.js';

/** Receives one line of output, without its newline. */
export type WriteLine = (line: string) => void;

/** Writes the whole report: every struct, then a summary line. */
export function renderAbiReport(report: AbiReport, write: WriteLine): void {
  for (const struct of report.structs) {
    renderStructReport(struct, write);
    write('');
  }
  const bad = report.structs.filter((s) => !s.ok).map((s) => s.name);
  write(
    bad.length === 0
      ? `ABI check: ${report.structs.length} struct(s), all layouts agree.`
      : `ABI check: ${bad.length} of ${report.structs.length} struct(s) disagree: ${bad.join(', ')}.`,
  );
}

/** Writes one struct: title, problems reading a view, table, diagnosis, graffiti. */
export function renderStructReport(struct: StructReport, write: WriteLine): void {
  const { comparison } = struct;
  write(`${struct.ok ? '✓' : '✗'} ${struct.name} (${kindOf(comparison)}): ${comparison.sources.join(' vs ') || 'no layout'}`);
  for (const [source, message] of Object.entries(struct.errors)) write(`  ${source}: ${message}`);
  if (comparison.sources.length > 0) renderTable(comparison, write);
  for (const sentence of struct.diagnosis.sentences) write(`  - ${sentence}`);
  for (const report of struct.diagnosis.graffiti) for (const line of report.lines) write(`  ${line}`);
}

/** Writes the table of one comparison. */
export function renderTable(comparison: StructComparison, write: WriteLine): void {
  const sources = LAYOUT_SOURCES.filter((s) => comparison.sources.includes(s));
  const rows: string[][] = [['field', ...sources.map((s) => `${s} off/size`), 'ok', 'type']];
  const layout = (s: LayoutSource) => comparison.layouts[s]!;
  rows.push(['(sizeof)', ...sources.map((s) => String(layout(s).size)), mark(!comparison.sizeMismatch), '']);
  rows.push(['(alignof)', ...sources.map((s) => String(layout(s).align)), mark(!comparison.alignMismatch), '']);
  for (const row of comparison.rows) rows.push(fieldCells(row, sources));
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  rows.forEach((cells, i) => {
    write(`  ${cells.map((c, col) => c.padEnd(widths[col]!)).join(' | ')}`.trimEnd());
    if (i === 0) write(`  ${widths.map((w) => '-'.repeat(w)).join('-+-')}`);
  });
  for (const note of alignNotes(comparison)) write(`  note: ${note}`);
}

function fieldCells(row: FieldRow, sources: readonly LayoutSource[]): string[] {
  const cells = sources.map((s) => {
    const view = row.views[s];
    return view === undefined ? '—' : `${view.offset}/${view.size}`;
  });
  const type = row.views.library?.type ?? row.views.header?.type ?? row.views.declared?.type ?? '';
  return [row.name, ...cells, mark(row.ok), type];
}

function alignNotes(comparison: StructComparison): string[] {
  return LAYOUT_SOURCES.flatMap((s) => {
    const note = comparison.layouts[s]?.alignNote;
    return note === undefined ? [] : [`${s} alignment: ${note}`];
  });
}

function kindOf(comparison: StructComparison): string {
  const kinds = new Set(comparison.sources.map((s) => comparison.layouts[s]!.kind));
  return kinds.size === 0 ? 'struct' : [...kinds].join('/');
}

function mark(ok: boolean): string {
  return ok ? '✓' : '✗';
}
