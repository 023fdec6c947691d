import path from 'node:path';
import type { BuildMeasurement, Comparison } from '../supervise/compare.js';
import { displayPath } from './render-command.js';

/** Rows of the comparison: a label, then how to show the value of each build. */
const ROWS: readonly (readonly [string, (m: BuildMeasurement) => string])[] = [
  ['library', (m) => path.basename(m.library)],
  ['sha256', (m) => m.librarySha256.slice(0, 16)],
  ['calls', (m) => String(m.calls)],
  ['error rate', (m) => `${percent(m.errorRate)} (${m.errors})`],
  ['crashes', (m) => String(m.crashes)],
  ['crashes / 1M calls', (m) => String(m.crashesPerMillionCalls)],
  ['throughput (calls/s)', (m) => String(m.callsPerSecond)],
  ['latency p50 (µs/call)', (m) => fixed(m.latencyUs.p50)],
  ['latency p99 (µs/call)', (m) => fixed(m.latencyUs.p99)],
  ['wall time (s)', (m) => (m.elapsedMs / 1000).toFixed(1)],
  ['peak RSS (MiB)', (m) => String(m.peakRssMb)],
];

/**
 * The measured comparison as text: a header line, one row per figure with both builds side by
 * side, then each build's crash buckets. Every value comes from the measurement; nothing is typed in.
 */
export function renderComparison(c: Comparison): string[] {
  const label = Math.max(...ROWS.map(([name]) => name.length));
  const cells = ROWS.map(([name, show]) => [name, show(c.buggy), show(c.fixed)] as const);
  const width = Math.max('buggy'.length, ...cells.map(([, b]) => b.length));
  const line = (a: string, b: string, f: string) => `${a.padEnd(label)}  ${b.padEnd(width)}  ${f}`.trimEnd();
  const lines = [
    `compare ${c.target} (${c.functions.join(', ')}): ${c.inputs} inputs per build, ${c.threads} thread(s), seed ${c.seed}`,
    line('', 'buggy', 'fixed'),
    ...cells.map(([name, b, f]) => line(name, b, f)),
  ];
  for (const m of [c.buggy, c.fixed]) {
    if (m.buckets.length === 0) continue;
    lines.push(`${m.side} crashes by bucket (count, bucket, headline):`);
    for (const b of m.buckets) lines.push(`  ${String(b.count).padStart(6)}  ${b.id}  ${b.headline.slice(0, 140)}`);
  }
  lines.push(c.recordsKept ? `records: ${displayPath(c.buggy.recordsRoot)}, ${displayPath(c.fixed.recordsRoot)}` : 'records: not kept (pass --out DIR to keep them)');
  return lines;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function fixed(value: number | null): string {
  return value === null ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
