import fs from 'node:fs';
import koffi from 'koffi';
import { libc, mapMemory, O_RDWR } from '../ffi/libc.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import { isErrorResult } from './oracles.js';
import { createSlotFile, SLOT_FILE_HEADER } from './slot-file.js';

/**
 * Call statistics of one engine life, shared with the supervisor through a file mapped with
 * mmap(MAP_SHARED), like the flight recorder: one slot per thread, updated with plain stores after
 * every call, so they survive the child's death. Per function: calls that returned, error returns
 * and the values returned (the first few distinct ones), sequence calls skipped, and what the
 * determinism learner concluded. Per thread: a latency histogram, filled only when the job asks
 * for timing (`compare`): reading the clock twice per call is the one cost worth avoiding.
 * The supervisor reads the file once after the life (call-stats-reader.ts).
 */

export const STATS_MAGIC = 0x5453_5a46; // "FZST"
export const STATS_VERSION = 2;
/** Sub-buckets per power of two: a quantile is read back within 1/16 (6%) of the true value. */
const SUB = 8;
/** Buckets 0..7 hold 0..7 ns exactly; then 8 per power of two up to 2^32 ns (4.3 s, clamped). */
export const BUCKETS = SUB + 29 * SUB;
/** A thread's totals: calls, calls timed, total ns (f64 each), then the histogram (u32 per bucket). */
const TOTALS_BYTES = 32;
export const HISTOGRAM_BYTES = BUCKETS * 4;
/** Distinct returned values counted per function; later ones count as untracked. */
export const TRACKED_VALUES = 8;
/** f64 fields of a function's row: calls, errors, skipped, untracked, learned, then (value, count) pairs. */
export const ROW_FIELDS = 5 + 2 * TRACKED_VALUES;
const ROW_BYTES = ROW_FIELDS * 8;

/** What the determinism learner concluded about a function (determinism.ts); stored as 0, 1, 2. */
export type Learned = 'unknown' | 'pure' | 'stateful';
export const LEARNED_CODES: readonly Learned[] = ['unknown', 'pure', 'stateful'];

/** Bytes of one thread's slot for `functions` rows. */
export function statsSlotSize(functions: number): number {
  return TOTALS_BYTES + HISTOGRAM_BYTES + functions * ROW_BYTES;
}

/** Creates (or truncates) the statistics file: `threads` zeroed slots of `functions` rows each. */
export function createStatsFile(file: string, threads: number, functions: number): void {
  createSlotFile(file, STATS_MAGIC, STATS_VERSION, threads, statsSlotSize(functions));
}

/** The histogram bucket of a latency in nanoseconds. */
export function bucketOf(ns: number): number {
  const n = ns >= 0xffffffff ? 0xffffffff : ns <= 0 ? 0 : Math.floor(ns);
  if (n < SUB) return n;
  const e = 31 - Math.clz32(n);
  return SUB + (e - 3) * SUB + ((n >>> (e - 3)) & (SUB - 1));
}

/** The nanoseconds a bucket stands for: the middle of its range. */
export function bucketValue(index: number): number {
  if (index < SUB) return index;
  const e = 3 + Math.floor((index - SUB) / SUB);
  const width = 2 ** (e - 3);
  return (SUB + ((index - SUB) % SUB)) * width + width / 2;
}

/** A returned value as a number to count by: integers, pointers (NULL = 0), booleans; undefined for strings and void. */
export function valueKey(result: unknown): number | undefined {
  if (typeof result === 'number') return result;
  if (typeof result === 'bigint') return Number(result);
  if (typeof result === 'boolean') return result ? 1 : 0;
  return result === null ? 0 : undefined;
}

/** Where the statistics of a life go, as the engine job carries it. */
export interface StatsTarget {
  readonly path: string;
  /** The functions, in row order (the supervisor reads the rows by these names). */
  readonly functions: readonly string[];
  /** Time every native call (a latency histogram per thread): `compare` only. */
  readonly timed: boolean;
}

/** One thread's slot, the recorded call's observer. Rows are the functions' positions in {@link StatsTarget.functions} (-1: not counted). */
export class StatsSlot {
  readonly timed: boolean;
  private readonly totals: Float64Array;
  private readonly histogram: Uint32Array;
  private readonly rows: Float64Array;

  constructor(target: StatsTarget, worker: number) {
    this.timed = target.timed;
    const size = fs.statSync(target.path).size;
    const slotSize = statsSlotSize(target.functions.length);
    if (SLOT_FILE_HEADER + (worker + 1) * slotSize > size) throw new Error(`the call statistics file ${target.path} has no slot ${worker}`);
    const c = libc();
    const fd = c.open(target.path, O_RDWR, 0o644);
    if (fd < 0) throw new Error(`cannot open the call statistics file ${target.path} (errno ${koffi.errno()})`);
    try {
      const { bytes } = mapMemory(size, { fd, what: 'the call statistics' });
      const at = bytes.byteOffset + SLOT_FILE_HEADER + worker * slotSize;
      this.totals = new Float64Array(bytes.buffer, at, TOTALS_BYTES / 8);
      this.histogram = new Uint32Array(bytes.buffer, at + TOTALS_BYTES, BUCKETS);
      this.rows = new Float64Array(bytes.buffer, at + TOTALS_BYTES + HISTOGRAM_BYTES, target.functions.length * ROW_FIELDS);
    } finally {
      c.close(fd);
    }
  }

  /** Counts one returned call of row `row`: its result, whether that is an error, and its latency when timed. */
  returned(row: number, fn: ResolvedFunction, result: unknown, ns: number): void {
    if (row < 0) return;
    const r = this.rows;
    const at = row * ROW_FIELDS;
    r[at]!++;
    if (isErrorResult(fn, result)) r[at + 1]!++;
    this.countValue(at, valueKey(result));
    const t = this.totals;
    t[0]!++;
    if (this.timed) {
      t[1]!++;
      t[2]! += ns;
      this.histogram[bucketOf(ns)]!++;
    }
  }

  /** Counts a sequence call of row `row` that was not made (lifecycle-model.ts says why). */
  skipped(row: number): void {
    if (row >= 0) this.rows[row * ROW_FIELDS + 2]!++;
  }

  /** Records what the determinism learner concluded about row `row` in this life. */
  learned(row: number, verdict: Learned): void {
    if (row >= 0) this.rows[row * ROW_FIELDS + 4] = LEARNED_CODES.indexOf(verdict);
  }

  // The value's pair if it has one, else the first free pair, else untracked.
  private countValue(at: number, key: number | undefined): void {
    const r = this.rows;
    if (key !== undefined) {
      for (let k = 0, pair = at + 5; k < TRACKED_VALUES; k++, pair += 2) {
        if (r[pair + 1] === 0) r[pair] = key;
        if (r[pair] === key) {
          r[pair + 1]!++;
          return;
        }
      }
    }
    r[at + 3]!++;
  }
}
