/**
 * The ABI check as part of a campaign: a spec that declares structs has its
 * layouts compared with the library's (and its header's) before anything runs. A disagreement
 * stops `fuzz` (it would only rediscover the first postmortem as heap corruption) unless the
 * user allows it, in which case it becomes the campaign's first finding.
 */
import path from 'node:path';
import { checkAbi, type AbiReport, type StructReport } from './check-abi.js';
import type { FieldView } from './compare-layouts.js';
import { harnessErrorOf, withAbiErrors } from '../debuginfo/harness-error-of.js';
import { AbiError } from '../debuginfo/debuginfo-error.js';
import type { LayoutSource, StructLayout } from '../debuginfo/layout.js';
import { renderAbiReport } from './render-abi-table.js';
import { HarnessError } from '../model/harness-error.js';
import type { ResolvedTarget } from '../ffi/resolve-target.js';

/** A layout disagreement found before the campaign (checked by abiGate below). */
export interface AbiMismatch {
  /** The function that takes the struct (its bucket's function), when one does. */
  readonly fn: string | null;
  readonly structs: readonly string[];
  /** One line naming each struct and what differs, then the diagnosis. */
  readonly message: string;
  readonly declared: readonly StructLayout[];
  readonly header: string | null;
}

/** The ABI table of a run, as the run summary keeps it (plain data, plus the rendered lines). */
export interface AbiSummary {
  readonly ok: boolean;
  readonly library: string;
  readonly header: string | null;
  readonly structs: readonly {
    readonly name: string;
    readonly ok: boolean;
    readonly sources: readonly LayoutSource[];
    readonly size: Partial<Record<LayoutSource, number>>;
    readonly align: Partial<Record<LayoutSource, number>>;
    readonly fields: readonly { readonly name: string; readonly ok: boolean; readonly views: Partial<Record<LayoutSource, FieldView>> }[];
    readonly diagnosis: readonly string[];
  }[];
  /** The table as `ffi-fuzz abi` prints it. */
  readonly lines: readonly string[];
}

/**
 * Checks the target's declared structs against the library (and the spec's header). Null when
 * the spec declares none. A struct missing from a view is bad input (exit 2), not a finding.
 *
 * @throws HarnessError (exit 2) for an unreadable library or header, or a struct not found.
 */
export function checkTargetAbi(target: ResolvedTarget, libraryPath: string): AbiReport | null {
  if (Object.keys(target.structs).length === 0) return null;
  const report = withAbiErrors(() =>
    checkAbi({ libraryPath, structs: target.structs, ...(target.header === undefined ? {} : { headerPath: target.header }) }),
  );
  requireEveryView(report);
  return report;
}

/** Throws the exit-2 error for a struct that some view lacks (a typo, or a type the library never uses). */
export function requireEveryView(report: AbiReport): void {
  const missing = report.structs.filter((s) => Object.keys(s.errors).length > 0);
  if (missing.length === 0) return;
  const what = missing.flatMap((s) =>
    Object.entries(s.errors).map(
      ([source, message]) => `struct ${s.name} is ${message}${source === 'library' ? ` (${path.basename(report.libraryPath)})` : ''}`,
    ),
  );
  throw harnessErrorOf(new AbiError('struct-not-found', what.join('\n'), { missing: missing.map((s) => s.name) }));
}

/**
 * `fuzz`'s gate: prints the table and refuses to start on a mismatch unless `allowMismatch`.
 * Returns the report (for the summary and, on a mismatch, the first finding).
 */
export function abiGate(
  target: ResolvedTarget,
  libraryPath: string,
  allowMismatch: boolean,
  write: (line: string) => void,
): AbiReport | null {
  const report = checkTargetAbi(target, libraryPath);
  if (report === null) return null;
  if (report.ok) {
    write(
      `ABI check: ${report.structs.map((s) => s.name).join(', ')} ${report.structs.length === 1 ? 'agrees' : 'agree'} with ${path.basename(libraryPath)}${report.headerPath === undefined ? '' : ` and ${path.basename(report.headerPath)}`}`,
    );
    return report;
  }
  renderAbiReport(report, write);
  const bad = report.structs.filter((s) => !s.ok).map((s) => s.name);
  if (allowMismatch) {
    write(`--allow-abi-mismatch: fuzzing anyway; the mismatch of ${bad.join(', ')} is recorded as the first finding`);
    return report;
  }
  throw new HarnessError(
    'bad-spec',
    `the layout of struct ${bad.join(', ')} declared in the spec disagrees with ${path.basename(libraryPath)} (table above): fuzzing would only rediscover it as memory corruption`,
    {
      where: bad.map((s) => `structs.${s}`).join(', '),
      hint: 'fix the declaration or the library (ffi-fuzz abi <spec> shows the table), or pass --allow-abi-mismatch to fuzz anyway with the mismatch recorded as the first finding',
    },
  );
}

/** The finding a mismatched report becomes; its function is the first one that takes a mismatched struct. */
export function abiMismatchOf(report: AbiReport, functions: ResolvedTarget['functions']): AbiMismatch {
  const bad = report.structs.filter((s) => !s.ok);
  const names = new Set(bad.map((s) => s.name));
  const user = functions.find((f) => f.params.some((p) => p.role === 'output' && p.struct !== undefined && names.has(p.struct)));
  return {
    fn: user?.name ?? null,
    structs: [...names],
    message: [bad.map(mismatchLine).join('; '), ...bad.flatMap((s) => s.diagnosis.sentences.map((line) => `${s.name}: ${line}`))].join(
      '\n',
    ),
    declared: report.structs.map((s) => s.comparison.layouts.declared).filter((l): l is StructLayout => l !== undefined),
    header: report.headerPath ?? null,
  };
}

/** `struct Job: declared 16/4 vs library 24/8 (size/align); offset at 4 vs 8; flags at 12 vs 16`. */
export function mismatchLine(struct: StructReport): string {
  const c = struct.comparison;
  const parts: string[] = [];
  if (c.sizeMismatch || c.alignMismatch)
    parts.push(`${c.sources.map((s) => `${s} ${c.layouts[s]!.size}/${c.layouts[s]!.align}`).join(' vs ')} (size/align)`);
  for (const row of c.rows) {
    const seen = c.sources.filter((s) => row.views[s] !== undefined);
    if (row.offsetMismatch) parts.push(`${row.name} at ${seen.map((s) => row.views[s]!.offset).join(' vs ')}`);
    if (row.sizeMismatch) parts.push(`${row.name} size ${seen.map((s) => row.views[s]!.size).join(' vs ')}`);
    if (row.missingIn.length > 0) parts.push(`${row.name} missing in ${row.missingIn.join(', ')}`);
  }
  return `struct ${struct.name}: ${parts.join('; ') || 'kinds differ (struct vs union)'}`;
}

/** The run summary's copy of a report. */
export function abiSummaryOf(report: AbiReport): AbiSummary {
  const lines: string[] = [];
  renderAbiReport(report, (line) => lines.push(line));
  return {
    ok: report.ok,
    library: report.libraryPath,
    header: report.headerPath ?? null,
    structs: report.structs.map((s) => ({
      name: s.name,
      ok: s.ok,
      sources: s.comparison.sources,
      size: Object.fromEntries(s.comparison.sources.map((src) => [src, s.comparison.layouts[src]!.size])),
      align: Object.fromEntries(s.comparison.sources.map((src) => [src, s.comparison.layouts[src]!.align])),
      fields: s.comparison.rows.map((r) => ({ name: r.name, ok: r.ok, views: r.views })),
      diagnosis: s.diagnosis.sentences,
    })),
    lines,
  };
}
