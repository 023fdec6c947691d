import { describeInput, inputFromJson } from '../model/call-input.js';
import { inlineParamNames } from '../ffi/inline-spec.js';
import type { CrashRecord } from '../store/crash-record.js';
import { displayPath } from './render-command.js';

const HEX_PREVIEW = 64;

/** Parameter names of a record's function, from the prototype the record carries. */
export function paramNamesOf(record: CrashRecord, fn: string | null): string[] {
  return (fn === null ? undefined : inlineParamNames(record.target.spec, fn)) ?? [];
}

/** The lines shown for a new finding; always ending with the commands to reproduce and minimize. */
export function renderFinding(record: CrashRecord, file: string): string[] {
  const lines = [`── new finding: ${record.id}`, record.headline];
  if (record.contractUnknown !== undefined) lines.push(`Contract unknown — write a spec (not counted as a bug): ${record.contractUnknown}`);
  if (record.function !== null) lines.push(`Function: ${record.function}`);
  if (record.frames.length > 0) lines.push(`Frames: ${record.frames.slice(0, 3).join(' ← ')}`);
  if (record.input !== null) {
    const input = inputFromJson(record.input, file);
    // A call sequence (or a call judged against the one before it): the calls replayed first.
    if (record.preceding.length > 0) lines.push('Preceding calls (replayed first, in order):');
    for (const [k, call] of record.preceding.entries())
      lines.push(`  #${k} ${describeInput(inputFromJson(call, file), paramNamesOf(record, call.fn))}`);
    lines.push(`Failing input: ${describeInput(input, paramNamesOf(record, input.fn))}${hexPreview(record)}`);
    // A stress-mode race: the call went wrong only while the rest of its burst ran on other threads.
    if (record.concurrent)
      lines.push(
        `  while ${record.inflight.length} inputs ran together on ${new Set(record.inflight.map((i) => i.worker)).size} threads (the record's inflight; repro runs them concurrently again)`,
      );
  } else if (record.inflight.length > 0) {
    lines.push(`Failing input: ${record.concurrent ? 'only reproduces with these inputs running together' : 'unknown; in flight'}:`);
    for (const i of record.inflight)
      lines.push(`  thread ${i.worker}: ${describeInput(inputFromJson(i.input, file), paramNamesOf(record, i.input.fn))}`);
  }
  lines.push(`Record: ${displayPath(file)}`);
  lines.push(`Reproduce with: ${record.reproduce}`);
  lines.push(`Minimize with: ${record.minimize}`);
  return lines;
}

/** The closing table of a campaign: one line per bucket, most frequent first; findings whose contract is unknown apart. */
export function renderFindingsTable(
  findings: readonly { id: string; kind: string; count: number; headline: string; contractUnknown?: string | null }[],
): string[] {
  if (findings.length === 0) return [];
  const sorted = [...findings].sort((a, b) => b.count - a.count);
  const width = Math.max(...sorted.map((f) => f.id.length));
  const row = (f: (typeof sorted)[number]) => `  ${String(f.count).padStart(6)}  ${f.id.padEnd(width)}  ${f.headline.slice(0, 160)}`;
  const known = sorted.filter((f) => f.contractUnknown === undefined || f.contractUnknown === null);
  const unknown = sorted.filter((f) => !known.includes(f));
  return [
    ...(known.length === 0 ? [] : ['findings (count, bucket, headline):', ...known.map(row)]),
    ...(unknown.length === 0
      ? []
      : ['contract unknown — write a spec (not counted as bugs; count, bucket, headline):', ...unknown.map(row)]),
  ];
}

function hexPreview(record: CrashRecord): string {
  const buffer = record.input?.args.find((a) => a.kind === 'buffer');
  if (buffer === undefined || buffer.kind !== 'buffer') return '';
  const hex = buffer.hex.slice(0, HEX_PREVIEW * 2);
  return ` bytes ${hex}${buffer.hex.length > hex.length ? '…' : ''}`;
}
