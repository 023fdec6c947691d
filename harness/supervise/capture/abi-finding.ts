import type { AbiReport } from '../../abi/check-abi.js';
import { abiMismatchOf } from '../../abi/abi-gate.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { saveCrash } from '../../store/crash-store.js';
import { captureAbiMismatch, type CaptureContext, type RecordLocator } from './crash-capture.js';

/** Records an allowed mismatch as the campaign's first finding (before anything runs) and returns where. */
export function storeAbiFinding(
  report: AbiReport,
  target: ResolvedTarget,
  capture: CaptureContext,
  locate: RecordLocator,
  warn: (line: string) => void,
): { record: CrashRecord; file: string } {
  const record = captureAbiMismatch(capture, locate, abiMismatchOf(report, target.functions));
  const file = locate(record.id, record.function ?? 'unknown');
  return { record: saveCrash(file, record, warn), file };
}
