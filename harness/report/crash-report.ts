import { describeInput, inputFromJson } from '../engine/call-input.js';
import type { CrashRecord } from '../store/crash-record.js';
import { displayPath } from './render-command.js';

const HEX_PREVIEW = 64;

/** The lines shown for one finding; always ending with the commands to reproduce and minimize. */
export function renderFinding(record: CrashRecord, file: string, isNew: boolean): string[] {
  const lines = [`── ${isNew ? 'new finding' : 'seen again'}: ${record.id}${isNew ? '' : ` (×${record.count})`}`, record.headline];
  if (!isNew) return lines;
  if (record.function !== null) lines.push(`Function: ${record.function}`);
  if (record.frames.length > 0) lines.push(`Frames: ${record.frames.slice(0, 3).join(' ← ')}`);
  if (record.input !== null) {
    const input = inputFromJson(record.input, file);
    lines.push(`Failing input: ${describeInput(input)}${hexPreview(record)}`);
  } else if (record.inflight.length > 0) {
    lines.push(`Failing input: ${record.concurrent ? 'only reproduces with these inputs running together' : 'unknown; in flight'}:`);
    for (const i of record.inflight) lines.push(`  thread ${i.worker}: ${describeInput(inputFromJson(i.input, file))}`);
  }
  lines.push(`Record: ${displayPath(file)}`);
  lines.push(`Reproduce with: ${record.reproduce}`);
  lines.push(`Minimize with: ${record.minimize}`);
  return lines;
}

function hexPreview(record: CrashRecord): string {
  const buffer = record.input?.args.find((a) => a.kind === 'buffer');
  if (buffer === undefined || buffer.kind !== 'buffer') return '';
  const hex = buffer.hex.slice(0, HEX_PREVIEW * 2);
  return ` bytes ${hex}${buffer.hex.length > hex.length ? '…' : ''}`;
}
