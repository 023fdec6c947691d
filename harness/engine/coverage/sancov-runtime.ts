import koffi from 'koffi';
import type { CompareOperands } from '../../generate/mutate/mutator.js';

/**
 * The engine side of the coverage shim (native/sancov-shim.c). `load` must run BEFORE the
 * instrumented target is loaded: the shim is opened with RTLD_GLOBAL (koffi `global: true`) so
 * the target's undefined `__sanitizer_cov_*` symbols bind to it, and the target's module
 * constructor registers its counters here while it loads. Everything read afterwards is a
 * koffi.view over the shim's or the target's memory: no copy and no FFI call per execution.
 */
export class SancovRuntime {
  private compareViews: { a: BigUint64Array; b: BigUint64Array; size: Uint8Array } | undefined;

  private constructor(private readonly fns: ShimFunctions) {}

  /** Loads the shim globally (once per process; later loads return the same handle). */
  static load(shimPath: string): SancovRuntime {
    const lib = koffi.load(shimPath, { global: true });
    return new SancovRuntime({
      regions: lib.func('int ffz_cov_regions(void)') as () => number,
      counters: lib.func('void *ffz_cov_counters(int i)') as (i: number) => unknown,
      countersLength: lib.func('size_t ffz_cov_counters_len(int i)') as (i: number) => number | bigint,
      compareSlots: lib.func('int ffz_cmp_slots(void)') as () => number,
      compareA: lib.func('void *ffz_cmp_a(void)') as () => unknown,
      compareB: lib.func('void *ffz_cmp_b(void)') as () => unknown,
      compareSize: lib.func('void *ffz_cmp_size(void)') as () => unknown,
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

  /** Forgets the compare table's contents, so the next `compares()` holds only what runs after. */
  clearCompares(): void {
    this.views().size.fill(0);
  }

  /** The operand pairs in the compare table (deduplicated), little-endian at their width. */
  compares(limit = 256): CompareOperands[] {
    const { a, b, size } = this.views();
    const out: CompareOperands[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < size.length && out.length < limit; i++) {
      const width = size[i]!;
      if (width !== 1 && width !== 2 && width !== 4 && width !== 8) continue;
      const key = `${width}:${a[i]}:${b[i]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ size: width, a: leBytes(a[i]!, width), b: leBytes(b[i]!, width) });
    }
    return out;
  }

  private views(): { a: BigUint64Array; b: BigUint64Array; size: Uint8Array } {
    if (this.compareViews === undefined) {
      const slots = this.fns.compareSlots();
      this.compareViews = {
        a: new BigUint64Array(koffi.view(this.fns.compareA(), slots * 8)),
        b: new BigUint64Array(koffi.view(this.fns.compareB(), slots * 8)),
        size: new Uint8Array(koffi.view(this.fns.compareSize(), slots)),
      };
    }
    return this.compareViews;
  }
}

interface ShimFunctions {
  readonly regions: () => number;
  readonly counters: (i: number) => unknown;
  readonly countersLength: (i: number) => number | bigint;
  readonly compareSlots: () => number;
  readonly compareA: () => unknown;
  readonly compareB: () => unknown;
  readonly compareSize: () => unknown;
}

function leBytes(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
