import path from 'node:path';
import { displayPath } from './render-command.js';

/** Which build of the pair. */
export type CompareSide = 'buggy' | 'fixed';

/** One crash bucket seen while measuring a build. */
export interface CompareBucket {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  /** Deaths in this bucket (each one a recorded crash). */
  readonly count: number;
  readonly record: string;
}

/** What one build did under the workload; every number is counted, none is derived from an assumption. */
export interface BuildMeasurement {
  readonly side: CompareSide;
  readonly library: string;
  readonly librarySha256: string;
  /** Native calls started (flight-recorder counters, summed over every child). */
  readonly calls: number;
  /** Calls that returned (call statistics); the others were inside the library when a child died. */
  readonly returned: number;
  /** Returned calls whose result is an error under the contract (a negative return for chunk-parser). */
  readonly errors: number;
  readonly errorRate: number;
  /** Child deaths, summed from the crash records written (a record's count is its deaths). */
  readonly crashes: number;
  readonly crashesPerMillionCalls: number;
  /** Deaths the campaign counted while restarting: equals `crashes` (checked). */
  readonly restarts: number;
  /** Oracle findings (a wrong last error…) reported without a death, by bucket count. */
  readonly findingBuckets: number;
  readonly elapsedMs: number;
  readonly callsPerSecond: number;
  /** Latency of one call (one chunk of events), from the engine's histogram (±6%). */
  readonly latencyUs: { readonly p50: number | null; readonly p99: number | null; readonly mean: number | null };
  readonly peakRssMb: number;
  readonly buckets: readonly CompareBucket[];
  /** Corpus root the crash records went to (removed afterwards unless `--out` was given). */
  readonly recordsRoot: string;
}

/** The measured table `compare` prints (and `--json` emits). */
export interface Comparison {
  readonly schema: 'ffi-fuzz/compare@1';
  readonly target: string;
  readonly functions: readonly string[];
  readonly seed: number;
  readonly threads: number;
  /** Inputs of the seeded workload run against each build. */
  readonly inputs: number;
  readonly startedAt: string;
  readonly buggy: BuildMeasurement;
  readonly fixed: BuildMeasurement;
  /** False when the records went to a temporary folder that is gone now. */
  readonly recordsKept: boolean;
}

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
  lines.push(
    c.recordsKept
      ? `records: ${displayPath(c.buggy.recordsRoot)}, ${displayPath(c.fixed.recordsRoot)}`
      : 'records: not kept (pass --out DIR to keep them)',
  );
  return lines;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function fixed(value: number | null): string {
  return value === null ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
