import type { AbiSummary } from '../abi/abi-gate.js';
import type { ReportTable } from './run-summary.js';

/** The ABI section of a run summary as report tables: one per struct, a row per field, a cell per view (offset, size, type). */
export function abiTables(abi: AbiSummary): ReportTable[] {
  return abi.structs.map((s) => ({
    title: `struct ${s.name}: size ${s.sources.map((src) => `${src} ${s.size[src] ?? '?'}`).join(', ')}`,
    columns: ['field', ...s.sources],
    rows: s.fields.map((f) => ({
      cells: [
        f.name,
        ...s.sources.map((src) =>
          f.views[src] === undefined ? 'missing' : `@${f.views[src].offset} +${f.views[src].size} ${f.views[src].type}`,
        ),
      ],
      ok: f.ok,
    })),
    notes: s.diagnosis,
  }));
}
