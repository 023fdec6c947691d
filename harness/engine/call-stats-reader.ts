import fs from 'node:fs';
import {
  BUCKETS,
  bucketValue,
  HISTOGRAM_BYTES,
  LEARNED_CODES,
  ROW_FIELDS,
  STATS_MAGIC,
  statsSlotSize,
  TRACKED_VALUES,
  type Learned,
} from './call-stats.js';
import { SLOT_FILE_HEADER } from './slot-file.js';

// The supervisor's side of the call statistics (call-stats.ts writes them): read after a life,
// however it ended, and added up over the lives of a campaign.

/** What one function's calls did. */
export interface FunctionCalls {
  readonly name: string;
  /** Calls that returned (a call the process died in is not counted). */
  readonly calls: number;
  /** Of those, calls whose result is an error under the function's contract. */
  readonly errors: number;
  /** Sequence calls not made: their handle came from a failed or released creation. */
  readonly skipped: number;
  /** Returned values by value (integers, pointers with NULL as 0, booleans as 0/1), most frequent first. */
  readonly values: readonly { readonly value: number; readonly count: number }[];
  /** Returned calls whose value is not among `values` (strings, void, or past the first distinct values). */
  readonly untracked: number;
  /** What the determinism learner concluded: 'stateful' once any life saw it, else 'pure' once any life did. */
  readonly learned: Learned;
}

/** A life's (or a campaign's) call statistics. */
export interface CallStats {
  readonly functions: readonly FunctionCalls[];
  /** Calls that returned, all functions. */
  readonly calls: number;
  /** Calls timed (the job asked for timing) and their mean latency. */
  readonly timedCalls: number;
  readonly meanNs: number;
  /** Latency histogram, {@link BUCKETS} counts (see {@link bucketValue}). */
  readonly histogram: readonly number[];
}

/** No calls of `functions` yet. */
export function emptyStats(functions: readonly string[]): CallStats {
  return {
    functions: functions.map((name) => ({ name, calls: 0, errors: 0, skipped: 0, values: [], untracked: 0, learned: 'unknown' })),
    calls: 0,
    timedCalls: 0,
    meanNs: 0,
    histogram: new Array<number>(BUCKETS).fill(0),
  };
}

/** Reads a life's statistics file, rows named by `functions`; a missing file (the child died loading) reads as no calls. */
export function readStats(file: string, functions: readonly string[]): CallStats {
  if (!fs.existsSync(file)) return emptyStats(functions);
  const buf = fs.readFileSync(file);
  if (buf.length < SLOT_FILE_HEADER || buf.readUInt32LE(0) !== STATS_MAGIC) throw new Error(`${file} is not a call statistics file`);
  const threads = buf.readUInt32LE(8);
  const slotSize = statsSlotSize(functions.length);
  let total = emptyStats(functions);
  for (let t = 0; t < threads; t++) total = addStats(total, readSlot(buf, SLOT_FILE_HEADER + t * slotSize, functions));
  return total;
}

function readSlot(buf: Buffer, at: number, names: readonly string[]): CallStats {
  const f64 = (offset: number) => buf.readDoubleLE(offset);
  const histogram = Array.from({ length: BUCKETS }, (_, b) => buf.readUInt32LE(at + 32 + 4 * b));
  const functions = names.map((name, row): FunctionCalls => {
    const base = at + 32 + HISTOGRAM_BYTES + row * ROW_FIELDS * 8;
    const values = Array.from({ length: TRACKED_VALUES }, (_, k) => ({
      value: f64(base + (5 + 2 * k) * 8),
      count: f64(base + (6 + 2 * k) * 8),
    }));
    return {
      name,
      calls: f64(base),
      errors: f64(base + 8),
      skipped: f64(base + 16),
      untracked: f64(base + 24),
      learned: LEARNED_CODES[f64(base + 32)] ?? 'unknown',
      values: values.filter((v) => v.count > 0),
    };
  });
  const timedCalls = f64(at + 8);
  return { functions, calls: f64(at), timedCalls, meanNs: timedCalls === 0 ? 0 : f64(at + 16) / timedCalls, histogram };
}

/** The sum of two statistics over the same functions (lives of one campaign, threads of one life). */
export function addStats(a: CallStats, b: CallStats): CallStats {
  const timedCalls = a.timedCalls + b.timedCalls;
  return {
    functions: a.functions.map((f, i) => addFunction(f, b.functions[i])),
    calls: a.calls + b.calls,
    timedCalls,
    meanNs: timedCalls === 0 ? 0 : (a.meanNs * a.timedCalls + b.meanNs * b.timedCalls) / timedCalls,
    histogram: a.histogram.map((n, k) => n + (b.histogram[k] ?? 0)),
  };
}

function addFunction(a: FunctionCalls, b: FunctionCalls | undefined): FunctionCalls {
  if (b === undefined) return a;
  const values = new Map(a.values.map((v) => [v.value, v.count]));
  for (const v of b.values) values.set(v.value, (values.get(v.value) ?? 0) + v.count);
  const learned: Learned = a.learned === 'stateful' || b.learned === 'stateful' ? 'stateful' : a.learned === 'pure' ? 'pure' : b.learned;
  return {
    name: a.name,
    calls: a.calls + b.calls,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
    untracked: a.untracked + b.untracked,
    learned,
    values: [...values].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || x.value - y.value),
  };
}

/** The latency (ns) below which a fraction `q` of the timed calls fall; null without any. */
export function quantileNs(stats: CallStats, q: number): number | null {
  const total = stats.histogram.reduce((n, c) => n + c, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let b = 0; b < BUCKETS; b++) {
    seen += stats.histogram[b]!;
    if (seen >= rank) return bucketValue(b);
  }
  return bucketValue(BUCKETS - 1);
}
