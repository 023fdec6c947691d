import fs from 'node:fs';
import koffi from 'koffi';
import { libc, mapMemory, O_RDWR } from '../ffi/libc.js';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import { isErrorResult } from './oracles.js';
import type { CallObserver } from './recorded-call.js';
import { createSlotFile, SLOT_FILE_HEADER } from './slot-file.js';

/**
 * Call statistics shared with the supervisor through a file mapped with mmap(MAP_SHARED), like the
 * flight recorder: one slot per worker, updated with plain stores after every call, so they survive
 * the child's death (a crashing build loses no counts). The children of one campaign add to the
 * same file, which the supervisor reads once at the end: calls, error returns, and a histogram of
 * call latencies. Only `compare` turns it on (EngineJob.statsPath); fuzzing pays nothing.
 */

const MAGIC = 0x5453_5a46; // "FZST"
const VERSION = 1;
const HEADER = SLOT_FILE_HEADER;
/** Sub-buckets per power of two: a quantile is read back within 1/16 (6%) of the true value. */
const SUB = 8;
/** Buckets 0..7 hold 0..7 ns exactly; then 8 per power of two up to 2^32 ns (4.3 s, clamped). */
export const BUCKETS = SUB + 29 * SUB;
const SLOT_HEADER = 32;
const SLOT_SIZE = SLOT_HEADER + BUCKETS * 4;

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

/** Creates (or truncates) the statistics file with `slots` zeroed slots. */
export function createStatsFile(file: string, slots: number): void {
  createSlotFile(file, MAGIC, VERSION, slots, SLOT_SIZE);
}

/** One worker's slot: adds to what earlier children of the campaign left there. Watches the recorded call (recorded-call.ts). */
export class StatsSlot implements CallObserver {
  private readonly data: DataView;
  private readonly counts: Uint32Array;

  constructor(file: string, slot: number) {
    const size = fs.statSync(file).size;
    const slots = (size - HEADER) / SLOT_SIZE;
    if (slot >= slots) throw new Error(`the call statistics file ${file} has no slot ${slot}`);
    const c = libc();
    const fd = c.open(file, O_RDWR, 0o644);
    if (fd < 0) throw new Error(`cannot open the call statistics file ${file} (errno ${koffi.errno()})`);
    try {
      const { bytes } = mapMemory(size, { fd, what: 'the call statistics' });
      const at = bytes.byteOffset + HEADER + slot * SLOT_SIZE;
      this.data = new DataView(bytes.buffer, at, SLOT_SIZE);
      this.counts = new Uint32Array(bytes.buffer, at + SLOT_HEADER, BUCKETS);
    } finally {
      c.close(fd);
    }
  }

  returned(fn: ResolvedFunction, result: unknown, ms: number): void {
    this.record(ms * 1e6, isErrorResult(fn, result));
  }

  /** Counts one returned call: its latency and whether it returned an error. */
  record(ns: number, error: boolean): void {
    const d = this.data;
    d.setFloat64(0, d.getFloat64(0, true) + 1, true);
    if (error) d.setFloat64(8, d.getFloat64(8, true) + 1, true);
    d.setFloat64(16, d.getFloat64(16, true) + ns, true);
    this.counts[bucketOf(ns)]!++;
  }
}

/** Totals over every slot of a statistics file. */
export interface CallStats {
  /** Calls that returned (a call the process died in is not counted). */
  readonly calls: number;
  /** Of those, calls whose result is an error under the function's contract. */
  readonly errors: number;
  readonly meanNs: number;
  /** Latency histogram, {@link BUCKETS} counts (see {@link bucketValue}). */
  readonly histogram: readonly number[];
}

/** Reads and sums every slot (a plain read: the writers may be dead). */
export function readStats(file: string): CallStats {
  const buf = fs.readFileSync(file);
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC) throw new Error(`${file} is not a call statistics file`);
  const slots = buf.readUInt32LE(8);
  let calls = 0;
  let errors = 0;
  let totalNs = 0;
  const histogram = new Array<number>(BUCKETS).fill(0);
  for (let slot = 0; slot < slots; slot++) {
    const at = HEADER + slot * SLOT_SIZE;
    calls += buf.readDoubleLE(at);
    errors += buf.readDoubleLE(at + 8);
    totalNs += buf.readDoubleLE(at + 16);
    for (let b = 0; b < BUCKETS; b++) histogram[b]! += buf.readUInt32LE(at + SLOT_HEADER + 4 * b);
  }
  return { calls, errors, meanNs: calls === 0 ? 0 : totalNs / calls, histogram };
}

/** The latency (ns) below which a fraction `q` of the calls fall; null without calls. */
export function quantileNs(stats: CallStats, q: number): number | null {
  const total = stats.histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let b = 0; b < BUCKETS; b++) {
    seen += stats.histogram[b]!;
    if (seen >= rank) return bucketValue(b);
  }
  return bucketValue(BUCKETS - 1);
}
