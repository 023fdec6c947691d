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
      stringSlots: int('ffz_cmpb_slots'),
      stringWidth: int('ffz_cmpb_width'),
      stringA: pointer('ffz_cmpb_a'),
      stringB: pointer('ffz_cmpb_b'),
      stringLengthA: pointer('ffz_cmpb_len_a'),
      stringLengthB: pointer('ffz_cmpb_len_b'),
      stringUsed: pointer('ffz_cmpb_used'),
      redirected: int('ffz_redirected_compares'),
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

  /** Forgets the compare tables' contents, so the next `compares()` holds only what runs after. */
  clearCompares(): void {
    const v = this.views();
    v.size.fill(0);
    v.used.fill(0);
  }

  /** The compares in the tables (deduplicated): integers little-endian at their width, then byte strings. */
  compares(limit = 256): CompareOperands[] {
    const v = this.views();
    const out: CompareOperands[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < v.size.length && out.length < limit; i++) {
      const width = v.size[i]!;
      if (width !== 1 && width !== 2 && width !== 4 && width !== 8) continue;
      const key = `${width}:${v.a[i]}:${v.b[i]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: 'int', size: width, a: leBytes(v.a[i]!, width), b: leBytes(v.b[i]!, width) });
    }
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
        width,
        stringA: new Uint8Array(koffi.view(f.stringA(), strings * width)),
        stringB: new Uint8Array(koffi.view(f.stringB(), strings * width)),
        lengthA: new Uint8Array(koffi.view(f.stringLengthA(), strings)),
        lengthB: new Uint8Array(koffi.view(f.stringLengthB(), strings)),
        used: new Uint8Array(koffi.view(f.stringUsed(), strings)),
      };
    }
    return this.compareViews;
  }
}

interface CompareViews {
  readonly a: BigUint64Array;
  readonly b: BigUint64Array;
  readonly size: Uint8Array;
  /** Bytes per operand slot of the string table. */
  readonly width: number;
  readonly stringA: Uint8Array;
  readonly stringB: Uint8Array;
  readonly lengthA: Uint8Array;
  readonly lengthB: Uint8Array;
  readonly used: Uint8Array;
}

interface ShimFunctions {
  readonly regions: () => number;
  readonly counters: (i: number) => unknown;
  readonly countersLength: (i: number) => number | bigint;
  readonly compareSlots: () => number;
  readonly compareA: () => unknown;
  readonly compareB: () => unknown;
  readonly compareSize: () => unknown;
  readonly stringSlots: () => number;
  readonly stringWidth: () => number;
  readonly stringA: () => unknown;
  readonly stringB: () => unknown;
  readonly stringLengthA: () => unknown;
  readonly stringLengthB: () => unknown;
  readonly stringUsed: () => unknown;
  readonly redirected: () => number;
}

function leBytes(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
