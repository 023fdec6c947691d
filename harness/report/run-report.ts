import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import type { CallInputJson } from '../model/call-input.js';
import { PROJECT_ROOT } from '../model/project-root.js';
import type { TimelineSample } from '../store/campaign-state.js';
import type { CrashRecord } from '../store/crash-record.js';
import type { AlignmentTable } from './alignment-table.js';
import type { FunctionSummary } from './function-table.js';

/** Version tag of a run's summary.json. */
export const RUN_REPORT_SCHEMA = 'ffi-fuzz/run-report@1';

/** Hex shown per input in the report (bytes past it are counted, not shown). */
const HEX_BYTES = 4096;

/**
 * A plain table for report sections other engines fill (e.g. `abi`: one table per struct). Cells
 * are text; `ok` marks a row as agreeing (true), disagreeing (false) or neither (null).
 */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly ok: boolean | null }[];
  readonly notes?: readonly string[];
}

/** One finding (signature bucket) as the report shows it. */
export interface ReportFinding {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  readonly signature: string;
  readonly function: string | null;
  readonly message: string | null;
  /** `file:line:col` in the target's source, when it printed one. */
  readonly location: string | null;
  /** `location` resolved to a source file (relative to the working directory when inside it). */
  readonly source: { readonly file: string; readonly line: number; readonly column: number } | null;
  readonly oracle: string | null;
  readonly frames: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
  /** From `repro --times N`: share of replays that reproduced it; null until measured. */
  readonly reproductionRate: number | null;
  readonly reproductionRuns: number | null;
  readonly reproduce: string;
  readonly minimize: string;
  /** The record as the user would type its path, and absolute (for `report` to refresh it). */
  readonly record: string;
  readonly recordFile: string;
  readonly inputHex: string | null;
  readonly inputBytes: number | null;
  readonly minimizedHex: string | null;
  readonly minimizedBytes: number | null;
  /** What zero-config guessed about the function's contract: the finding is not counted as a bug (crash-record.ts). */
  readonly contractUnknown?: string | null;
}

/** A fault of the harness that stopped the run (junit: an error, not a failure). */
export interface ReportFault {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

/**
 * summary.json of one run (`reports/<run>/`): everything report.html, junit.xml and the SARIF
 * file are rendered from, so `ffi-fuzz report <run>` can regenerate them. Optional sections are
 * filled by the engines that measure them.
 */
export interface RunReport {
  readonly schema: typeof RUN_REPORT_SCHEMA;
  /** The folder name: `<iso-time>-<target>`. */
  readonly run: string;
  readonly target: string;
  readonly library: string;
  readonly librarySha256: string;
  readonly harnessVersion: string;
  readonly seed: number;
  readonly mode: string;
  readonly threads: number;
  readonly functions: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly elapsedMs: number;
  readonly execs: number;
  readonly execsPerSecond: number;
  readonly restarts: number;
  readonly peakRssMb: number;
  /** Continued from a checkpoint left by an interrupted run. */
  readonly resumed: boolean;
  /** The command that runs this campaign again. */
  readonly command: string;
  readonly totals: { readonly findings: number; readonly hits: number; readonly byKind: Readonly<Record<string, number>> };
  readonly timeline: readonly TimelineSample[];
  readonly findings: readonly ReportFinding[];
  readonly fault: ReportFault | null;
  /** Outcome by alignment offset, per buffer parameter (the alignment sweep). */
  readonly alignment?: readonly AlignmentTable[];
  /** Declared vs compiled layouts (the `abi` check), one table per struct. */
  readonly abi?: readonly ReportTable[];
  /** Per function: calls, ok, error returns by value, skipped calls, findings, oracles, vacuity warnings (function-table.ts). */
  readonly perFunction?: readonly FunctionSummary[];
  /** What the campaign as a whole could not test, with the likely cause. */
  readonly warnings?: readonly string[];
}

/** The first buffer of an input as hex (capped), with its full length. */
export function inputHex(input: CallInputJson | null | undefined): { hex: string; bytes: number } | null {
  const buffer = input?.args.find((a) => a.kind === 'buffer');
  if (buffer === undefined || buffer.kind !== 'buffer') return null;
  return { hex: buffer.hex.slice(0, HEX_BYTES * 2), bytes: buffer.hex.length / 2 };
}

/** A record (and its minimized twin) as a report row. */
export function reportFinding(
  record: CrashRecord,
  file: string,
  minimized: CrashRecord | null,
  display: (file: string) => string,
): ReportFinding {
  const raw = inputHex(record.input);
  const small = inputHex(minimized?.input);
  return {
    id: record.id,
    kind: record.kind,
    headline: record.headline,
    signature: record.signature,
    function: record.function,
    message: record.message,
    location: record.location,
    source: resolveSource(record),
    oracle: record.oracle,
    frames: record.frames,
    firstSeen: record.firstSeen,
    lastSeen: record.lastSeen,
    count: record.count,
    reproductionRate: record.reproduction?.rate ?? null,
    reproductionRuns: record.reproduction?.runs ?? null,
    reproduce: record.reproduce,
    minimize: record.minimize,
    record: display(file),
    recordFile: path.resolve(file),
    inputHex: raw?.hex ?? null,
    inputBytes: raw?.bytes ?? null,
    minimizedHex: small?.hex ?? null,
    minimizedBytes: small?.bytes ?? null,
    contractUnknown: record.contractUnknown ?? null,
  };
}

/**
 * The Rust source file a panic location names. Cargo prints paths relative to the workspace
 * root (`chunk-parser/src/lib.rs`), so the file is looked for there, next to the spec, and from
 * the working directory; the first that exists wins.
 */
export function resolveSource(record: CrashRecord, cwd: string = process.cwd()): ReportFinding['source'] {
  const m = /^(.+):(\d+):(\d+)$/.exec(record.location ?? '');
  if (m === null) return null;
  const [, file, line, column] = m as unknown as [string, string, string, string];
  const roots = [cwd, path.join(PROJECT_ROOT, 'targets'), PROJECT_ROOT];
  if (record.target.specModule !== null) roots.unshift(path.dirname(path.dirname(path.resolve(cwd, record.target.specModule))));
  const found = path.isAbsolute(file) ? file : roots.map((r) => path.join(r, file)).find((f) => fs.existsSync(f));
  const rel = found === undefined ? file : path.relative(cwd, found);
  return {
    file: found !== undefined && rel.startsWith('..') ? found : rel.split(path.sep).join('/'),
    line: Number(line),
    column: Number(column),
  };
}

/** Totals over the findings. */
export function totalsOf(findings: readonly ReportFinding[]): RunReport['totals'] {
  const byKind: Record<string, number> = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return { findings: findings.length, hits: findings.reduce((n, f) => n + f.count, 0), byKind };
}

/** Reads a run's summary.json; errors name the file. */
export function readRunReport(file: string): RunReport {
  let json: RunReport;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as RunReport;
  } catch (cause) {
    throw new HarnessError('bad-record', `cannot read the run summary: ${(cause as Error).message}`, {
      where: file,
      cause,
      hint: 'pass a run folder: reports/<iso-time>-<target>/',
    });
  }
  if (json?.schema !== RUN_REPORT_SCHEMA)
    throw new HarnessError(
      'bad-record',
      `not an ffi-fuzz run summary (schema ${JSON.stringify(json?.schema)}, expected "${RUN_REPORT_SCHEMA}")`,
      { where: file },
    );
  for (const key of ['findings', 'timeline', 'functions'] as const) {
    if (!Array.isArray(json[key])) throw new HarnessError('bad-record', `field '${key}' must be an array`, { where: file });
  }
  return json;
}
