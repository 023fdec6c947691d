/**
 * The mutation engine's random source: xoshiro128** on four 32-bit words. Small, fast (no BigInt,
 * no allocation per draw) and fully determined by its seed, so one job with one seed mutates the
 * same way every time. Not for cryptography.
 * @internal
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from up to three integers (seed, job, restart…): each word goes through a murmur3 finaliser. */
  constructor(...parts: readonly number[]) {
    let h = 0x9e3779b9;
    const mix = (x: number): number => {
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
      return (x ^ (x >>> 16)) >>> 0;
    };
    for (const p of parts) h = mix(h ^ mix((p | 0) + Math.floor(p / 0x100000000)));
    this.a = mix(h ^ 0x1234567) || 1;
    this.b = mix(h ^ 0x89abcdef);
    this.c = mix(h ^ 0x2545f491);
    this.d = mix(h ^ 0x6c078965);
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform integer in [0, n) (n ≥ 1; n up to 2^32). */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.u32() / 0x100000000) * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True one time in `n`. */
  oneIn(n: number): boolean {
    return this.below(n) === 0;
  }

  bool(): boolean {
    return (this.u32() & 1) === 1;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** A length biased to small values (most mutations touch a few bytes), at most `max`. */
  smallLength(max: number): number {
    if (max <= 1) return max;
    const cap = this.oneIn(8) ? max : Math.min(max, 8);
    return 1 + this.below(cap);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
