import fs from 'node:fs';
import path from 'node:path';
import type { CallInputJson } from '../model/call-input.js';
import { PROJECT_ROOT } from '../model/project-root.js';
import type { CrashRecord } from '../store/crash-record.js';
import type { ReportFinding } from './run-summary.js';

/** Hex shown per input in the report (bytes past it are counted, not shown). */
const HEX_BYTES = 4096;

/** The first buffer of an input as hex (capped), with its full length. */
export function inputHex(input: CallInputJson | null | undefined): { hex: string; bytes: number } | null {
  const buffer = input?.args.find((a) => a.kind === 'buffer');
  if (buffer === undefined || buffer.kind !== 'buffer') return null;
  return { hex: buffer.hex.slice(0, HEX_BYTES * 2), bytes: buffer.hex.length / 2 };
}

/** How a report row is filled beside the record itself. */
export interface FindingContext {
  /** minimized.json beside the record, when one was written and reads cleanly. */
  readonly minimized: { readonly record: CrashRecord; readonly file: string } | null;
  /** The commands to act on it, as a report shows them (runnable from any directory: report-commands.ts). */
  readonly commands: { readonly reproduce: string; readonly minimize: string };
  /** A path as the report shows it. */
  readonly display: (file: string) => string;
}

/** A record (and its minimized twin) as a report row. */
export function reportFinding(record: CrashRecord, file: string, context: FindingContext): ReportFinding {
  const raw = inputHex(record.input);
  const small = inputHex(context.minimized?.record.input);
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
    reproduce: context.commands.reproduce,
    minimize: context.commands.minimize,
    record: context.display(file),
    recordFile: path.resolve(file),
    minimized: context.minimized === null ? null : path.resolve(context.minimized.file),
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
