import koffi from 'koffi';
import type { CompareOperands } from '../../generate/mutate/mutator.js';

/**
 * The engine side of the coverage shim (native/sancov-shim.c and its compare hooks). `load` must
 * run BEFORE the instrumented target is loaded: the shim is opened with RTLD_GLOBAL (koffi
 * `global: true`) so the target's undefined `__sanitizer_cov_*` symbols bind to it, and the
 * target's module constructor registers its counters here while it loads (and has its
 * memcmp/strcmp… calls redirected to the shim: native/got-patch.c). Everything read afterwards is
 * a koffi.view over the shim's or the target's memory: no copy and no FFI call per execution.
 */
export class SancovRuntime {
  private compareViews: CompareViews | undefined;

  private constructor(private readonly fns: ShimFunctions) {}

  /** Loads the shim globally (once per process; later loads return the same handle). */
  static load(shimPath: string): SancovRuntime {
    const lib = koffi.load(shimPath, { global: true });
    const pointer = (name: string) => lib.func(`void *${name}(void)`) as () => unknown;
    const int = (name: string) => lib.func(`int ${name}(void)`) as () => number;
    return new SancovRuntime({
      regions: int('ffz_cov_regions'),
      counters: lib.func('void *ffz_cov_counters(int i)') as (i: number) => unknown,
      countersLength: lib.func('size_t ffz_cov_counters_len(int i)') as (i: number) => number | bigint,
      compareSlots: int('ffz_cmp_slots'),
      compareA: pointer('ffz_cmp_a'),
      compareB: pointer('ffz_cmp_b'),
      compareSize: pointer('ffz_cmp_size'),
      compareSite: pointer('ffz_cmp_site'),
      stringSlots: int('ffz_cmpb_slots'),
      stringWidth: int('ffz_cmpb_width'),
      stringA: pointer('ffz_cmpb_a'),
      stringB: pointer('ffz_cmpb_b'),
      stringLengthA: pointer('ffz_cmpb_len_a'),
      stringLengthB: pointer('ffz_cmpb_len_b'),
      stringUsed: pointer('ffz_cmpb_used'),
      redirected: int('ffz_redirected_compares'),
      recording: pointer('ffz_cmp_recording'),
    });
  }

  /** The counter regions registered so far (one per instrumented library), as views. */
  counterRegions(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0, n = this.fns.regions(); i < n; i++) {
      const length = Number(this.fns.countersLength(i));
      if (length > 0) out.push(new Uint8Array(koffi.view(this.fns.counters(i), length)));
    }
    return out;
  }

  /** GOT slots of instrumented modules pointed at the shim's memcmp/strcmp… hooks (0: none of its calls are seen). */
  redirectedCompares(): number {
    return this.fns.redirected();
  }

  /** Empties the compare tables and starts recording: the next `compares()` holds only what runs in between. */
  recordCompares(): void {
    const v = this.views();
    v.size.fill(0);
    v.used.fill(0);
    v.recording[0] = 1;
  }

  /**
   * Stops recording and returns the compares in the tables (deduplicated): integers little-endian at their width, in call-site
   * order, then byte strings. The order does not depend on where a slot landed: an operand that
   * varies between processes (a distance between two heap blocks in a UB check) then moves no
   * other entry, and a seeded campaign picks the same compares in every run.
   */
  compares(limit = 256): CompareOperands[] {
    const v = this.views();
    v.recording[0] = 0;
    const ints: { site: number; key: string; pair: CompareOperands }[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < v.size.length; i++) {
      const width = v.size[i]!;
      if (width !== 1 && width !== 2 && width !== 4 && width !== 8) continue;
      const key = `${width}:${v.a[i]}:${v.b[i]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ints.push({ site: v.site[i]!, key, pair: { kind: 'int', size: width, a: leBytes(v.a[i]!, width), b: leBytes(v.b[i]!, width) } });
    }
    ints.sort((x, y) => x.site - y.site || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const out: CompareOperands[] = ints.slice(0, limit).map((e) => e.pair);
    for (let i = 0; i < v.used.length && out.length < limit; i++) {
      if (v.used[i] === 0) continue;
      const a = v.stringA.slice(i * v.width, i * v.width + v.lengthA[i]!);
      const b = v.stringB.slice(i * v.width, i * v.width + v.lengthB[i]!);
      const key = `s:${Buffer.from(a).toString('hex')}:${Buffer.from(b).toString('hex')}`;
      if (b.length === 0 || seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: 'bytes', a, b });
    }
    return out;
  }

  private views(): CompareViews {
    if (this.compareViews === undefined) {
      const f = this.fns;
      const slots = f.compareSlots();
      const strings = f.stringSlots();
      const width = f.stringWidth();
      this.compareViews = {
        a: new BigUint64Array(koffi.view(f.compareA(), slots * 8)),
        b: new BigUint64Array(koffi.view(f.compareB(), slots * 8)),
        size: new Uint8Array(koffi.view(f.compareSize(), slots)),
        site: new Uint16Array(koffi.view(f.compareSite(), slots * 2)),
        width,
        stringA: new Uint8Array(koffi.view(f.stringA(), strings * width)),
        stringB: new Uint8Array(koffi.view(f.stringB(), strings * width)),
        lengthA: new Uint8Array(koffi.view(f.stringLengthA(), strings)),
        lengthB: new Uint8Array(koffi.view(f.stringLengthB(), strings)),
        used: new Uint8Array(koffi.view(f.stringUsed(), strings)),
        recording: new Int32Array(koffi.view(f.recording(), 4)),
      };
    }
    return this.compareViews;
  }
}

interface CompareViews {
  readonly a: BigUint64Array;
  readonly b: BigUint64Array;
  readonly size: Uint8Array;
  /** Each slot's call site (its offset in its page). */
  readonly site: Uint16Array;
  /** Bytes per operand slot of the string table. */
  readonly width: number;
  readonly stringA: Uint8Array;
  readonly stringB: Uint8Array;
  readonly lengthA: Uint8Array;
  readonly lengthB: Uint8Array;
  readonly used: Uint8Array;
  /** The shim's switch: 1 while compares are recorded. */
  readonly recording: Int32Array;
}

interface ShimFunctions {
  readonly regions: () => number;
  readonly counters: (i: number) => unknown;
  readonly countersLength: (i: number) => number | bigint;
  readonly compareSlots: () => number;
  readonly compareA: () => unknown;
  readonly compareB: () => unknown;
  readonly compareSize: () => unknown;
  readonly compareSite: () => unknown;
  readonly stringSlots: () => number;
  readonly stringWidth: () => number;
  readonly stringA: () => unknown;
  readonly stringB: () => unknown;
  readonly stringLengthA: () => unknown;
  readonly stringLengthB: () => unknown;
  readonly stringUsed: () => unknown;
  readonly redirected: () => number;
  readonly recording: () => unknown;
}

function leBytes(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
