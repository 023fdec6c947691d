/**
 * libFuzzer's counter buckets: a hit count becomes one bit (1, 2, 3, 4-7, 8-15, 16-31, 32-127,
 * 128+), so a loop running 5 instead of 6 times is not new, but 1 → 2 and 7 → 8 are.
 */
export const BUCKET_BIT: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let c = 1; c < 256; c++)
    table[c] = c === 1 ? 1 : c === 2 ? 2 : c === 3 ? 4 : c < 8 ? 8 : c < 16 ? 16 : c < 32 ? 32 : c < 128 ? 64 : 128;
  return table;
})();

/** Index (0..7) of a bucket bit: a feature is `edge * 8 + bucketIndex`. */
const BIT_INDEX: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 8; i++) t[1 << i] = i;
  return t;
})();

interface Region {
  readonly base: number;
  readonly bytes: Uint8Array;
  /** The word-aligned prefix as 32-bit words: a run of zero counters is skipped four at a time. */
  readonly words: Uint32Array;
}

/**
 * The campaign's coverage: views over the target's 8-bit counter regions (native memory, read
 * in place) and the bucket bits seen so far. After each execution `collect` merges the counters
 * into what was seen, counts what is new, and zeroes the counters it read for the next run.
 */
export class CoverageMap {
  private readonly regions: readonly Region[];
  /** Per edge: the OR of every bucket bit seen. */
  readonly seen: Uint8Array;
  private edgeCount = 0;
  private featureCount = 0;

  constructor(counters: readonly Uint8Array[]) {
    let base = 0;
    this.regions = counters.map((bytes) => {
      const region = {
        base,
        bytes,
        words: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteOffset % 4 === 0 ? bytes.length >> 2 : 0),
      };
      base += bytes.length;
      return region;
    });
    this.seen = new Uint8Array(base);
  }

  /** Counters (edges) the target has. */
  get size(): number {
    return this.seen.length;
  }

  /** Edges hit at least once. */
  get edges(): number {
    return this.edgeCount;
  }

  /** (edge, bucket) pairs seen: libFuzzer's "features" for counters. */
  get features(): number {
    return this.featureCount;
  }

  /** Zeroes every counter (before the first run: library constructors may have run code). */
  clear(): void {
    for (const r of this.regions) r.bytes.fill(0);
  }

  /** Merges the last run's counters into `seen`, zeroes them, and returns how many features were new. */
  collect(): number {
    let fresh = 0;
    const seen = this.seen;
    for (const r of this.regions) {
      const { words, bytes, base } = r;
      for (let w = 0; w < words.length; w++) {
        if (words[w] === 0) continue;
        const x = words[w]!;
        words[w] = 0;
        for (let k = 0; k < 4; k++) {
          const c = (x >>> (k * 8)) & 0xff;
          if (c !== 0) fresh += this.merge(seen, base + w * 4 + k, c);
        }
      }
      for (let i = words.length * 4; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (c === 0) continue;
        bytes[i] = 0;
        fresh += this.merge(seen, base + i, c);
      }
    }
    return fresh;
  }

  /** The last run's features (edge * 8 + bucket index) without merging them; zeroes the counters. */
  snapshot(out: number[]): number[] {
    for (const r of this.regions) {
      const { bytes, base } = r;
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (c === 0) continue;
        bytes[i] = 0;
        out.push((base + i) * 8 + BIT_INDEX[BUCKET_BIT[c]!]!);
      }
    }
    return out;
  }

  private merge(seen: Uint8Array, index: number, count: number): number {
    const bit = BUCKET_BIT[count]!;
    const old = seen[index]!;
    if ((old & bit) !== 0) return 0;
    if (old === 0) this.edgeCount++;
    seen[index] = old | bit;
    this.featureCount++;
    return 1;
  }
}
