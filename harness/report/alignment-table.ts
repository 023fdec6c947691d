/** Outcome counts at one alignment offset. */
export interface AlignmentRow {
  readonly offset: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Outcome by alignment offset for one buffer parameter: the question the second postmortem could not answer. */
export interface AlignmentTable {
  readonly function: string;
  readonly param: string;
  readonly samples: number;
  readonly rows: readonly AlignmentRow[];
}

/** The table as text: one line per offset, one column per outcome seen. */
export function renderAlignmentTable(table: AlignmentTable): string[] {
  const labels = [...new Set(table.rows.flatMap((r) => Object.keys(r.outcomes)))].sort((a, b) =>
    a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b),
  );
  const width = Math.max(6, ...labels.map((l) => l.length));
  const cell = (s: string | number) => String(s).padStart(width);
  return [
    `alignment sweep: ${table.function}(${table.param}), ${table.samples} inputs at each offset`,
    `  offset ${labels.map(cell).join(' ')}`,
    ...table.rows.map((r) => `  ${String(r.offset).padStart(6)} ${labels.map((l) => cell(r.outcomes[l] ?? 0)).join(' ')}`),
  ];
}
