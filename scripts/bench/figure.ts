/**
 * One measured figure of `npm run bench`, always beside the reference it is judged against,
 * measured in the same run on the same machine, and the ratio of the two.
 */
export interface Figure {
  /** The table section: ceiling, property, coverage, stress, overhead, turnaround, minimize. */
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: { readonly name: string; readonly value: number; readonly unit: string } | null;
  /** value / reference (null without a reference). */
  readonly ratio: number | null;
  /** What the ratio should be, e.g. '≥ 0.8' (issue #8); absent when there is no goal. */
  readonly goal?: string;
  /** How it was measured, and what it includes. */
  readonly note?: string;
  /** Machine-readable extras (executions, sizes, raw samples). */
  readonly details?: Readonly<Record<string, number | string | readonly number[]>>;
}

/** A section that could not be measured in this tree, and why (the table says so instead of a number). */
export interface Skipped {
  readonly section: string;
  readonly name: string;
  readonly reason: string;
}

/** Builds a figure, computing its ratio. */
export function figure(
  section: string,
  name: string,
  value: number,
  unit: string,
  reference: Figure['reference'],
  extra: Pick<Figure, 'goal' | 'note' | 'details'> = {},
): Figure {
  const ratio = reference === null || reference.value === 0 ? null : value / reference.value;
  return { section, name, value, unit, reference, ratio, ...extra };
}

/** A number as people read it: 3 significant digits, thousands grouped. */
export function human(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The short table printed at the end: one line per figure (value, reference, ratio, goal). */
export function renderTable(figures: readonly Figure[], skipped: readonly Skipped[]): string[] {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    `${human(f.value)} ${f.unit}`,
    f.reference === null ? '-' : `${human(f.reference.value)} ${f.reference.unit} (${f.reference.name})`,
    f.ratio === null ? '-' : `${f.ratio.toFixed(f.ratio < 0.1 ? 4 : 2)}×`,
    f.goal ?? '',
  ]);
  const header = ['section', 'figure', 'value', 'reference (same run)', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...skipped.map((s) => `${s.section}  ${s.name}: not measured: ${s.reason}`),
  ];
}
