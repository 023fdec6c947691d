/**
 * Checking a recorded ABI finding again (`repro`, and any replay of records): an `abi-layout`
 * record ran nothing, so instead of an engine child its recorded declarations are compared with
 * the library once more. The record alone is enough: it keeps the declared layouts.
 */
import fs from 'node:fs';
import { checkLayouts, type AbiReport } from '../../abi/check-abi.js';
import { withAbiErrors } from '../../debuginfo/harness-error-of.js';
import { renderAbiReport } from '../../abi/render-abi-table.js';
import { HarnessError } from '../../model/harness-error.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { abiMismatchOf, requireEveryView } from '../../abi/abi-gate.js';
import { triageAbiMismatch } from '../capture/crash-capture.js';
import { ExitCode } from '../../model/exit-codes.js';

/** The verdict of checking an ABI record again, as `reproOnce` gives one for a crash. */
export interface AbiRecheck {
  readonly verdict: 'reproduced' | 'different' | 'fixed';
  /** The signature id of the mismatch now; null when the layouts agree. */
  readonly id: string | null;
  readonly report: AbiReport;
  /** Set when the recorded header is gone and only the library was checked. */
  readonly note?: string;
}

/**
 * Checks an ABI record again: its recorded declarations against `libraryPath` (the record's
 * library, or another build) and the header if it is still there. What `repro` (and any replay
 * of records) runs instead of an engine child for an `abi-layout` record.
 *
 * @throws HarnessError (exit 2) for a record without its layouts, or an unreadable library.
 */
export function recheckAbiRecord(record: CrashRecord, libraryPath: string): AbiRecheck {
  if (record.abi === undefined)
    throw new HarnessError('bad-record', "an abi-layout record without its 'abi' field (the declared layouts)", {
      hint: 'rerun the campaign that wrote it',
    });
  const header = record.abi.header !== null && fs.existsSync(record.abi.header) ? record.abi.header : undefined;
  const note =
    record.abi.header !== null && header === undefined
      ? `the header ${record.abi.header} is gone; the declarations were checked against the library only`
      : undefined;
  const report = withAbiErrors(() =>
    checkLayouts({ libraryPath, declared: record.abi!.declared, ...(header === undefined ? {} : { headerPath: header }) }),
  );
  requireEveryView(report);
  const id = report.ok ? null : triageAbiMismatch({ ...abiMismatchOf(report, []), fn: record.function }).id;
  const verdict = id === null ? 'fixed' : id === record.id ? 'reproduced' : 'different';
  return note === undefined ? { verdict, id, report } : { verdict, id, report, note };
}

/** `repro` of an ABI record: prints the table and the verdict; exit 1 while the layouts disagree. */
export function reproAbiRecord(record: CrashRecord, libraryPath: string, write: (line: string) => void): ExitCode {
  const again = recheckAbiRecord(record, libraryPath);
  if (again.note !== undefined) write(`note: ${again.note}`);
  renderAbiReport(again.report, write);
  switch (again.verdict) {
    case 'fixed':
      write(`no longer fails: ${record.id} did not reproduce`);
      return ExitCode.Clean;
    case 'reproduced':
      write(`reproduced: ${record.headline} (same signature ${record.id})`);
      return ExitCode.Findings;
    case 'different':
      write(`fails differently: signature ${again.id}, recorded ${record.id}`);
      return ExitCode.Findings;
    default: {
      const never: never = again.verdict;
      return never;
    }
  }
}
