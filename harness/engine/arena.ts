import { libc, mapMemory, PAGE_SIZE, PROT_NONE } from '../ffi/libc.js';
import type { RedzoneDamage } from '../model/outcome.js';
import type { GuardPages } from '../model/guard-pages.js';
import { guardedStart, isGuarded } from './guard-pages.js';

/** Bytes of red zone on each side of every buffer the harness passes. */
export const REDZONE = 32;
/** What an output buffer the caller sizes holds before the call: never 0, so a callee that relies on zeroed memory shows. */
export const OUTPUT_FILL = 0xa5;
/** Buffers start `align` bytes past a 64-byte boundary, so alignment 0..63 is real. */
const LEAD = 128;

/**
 * Native memory where one worker places the buffers of each call: one region per parameter,
 * each buffer at its requested alignment between two red zones (canaries) that are checked after
 * the call, so a write past the end becomes a finding instead of silent heap corruption.
 */
export class Arena {
  private readonly regionSize: number;
  private readonly base: bigint;
  private readonly memory: Uint8Array;
  /** The same memory read 4 bytes at a time (the red-zone check). */
  private readonly words: DataView;
  private readonly canary: Uint8Array;
  /** The canary as little-endian 32-bit words. */
  private readonly canaryWords: Uint32Array;
  /** Addresses handed out so far, by offset: a call makes no BigInt. */
  private readonly addresses: bigint[] = [];
  /** Guard pages: each region ends with a PROT_NONE page that small buffers end against (see guard-pages.ts). */
  readonly guard: GuardPages;

  constructor(params: number, maxBytes: number, canarySeed: number, guard: GuardPages = 'off') {
    this.guard = guard;
    this.regionSize = Math.ceil((LEAD + maxBytes + REDZONE) / PAGE_SIZE) * PAGE_SIZE + (guard === 'off' ? 0 : PAGE_SIZE);
    const mapped = mapMemory(this.regionSize * Math.max(1, params), { what: 'the input arena' });
    this.base = mapped.address;
    this.memory = mapped.bytes;
    this.words = new DataView(this.memory.buffer, this.memory.byteOffset, this.memory.length);
    for (const { address } of this.guardPages()) {
      if (libc().mprotect(address, PAGE_SIZE, PROT_NONE) !== 0)
        throw new Error('mprotect(PROT_NONE) of a guard page of the input arena failed');
    }
    this.canary = new Uint8Array(REDZONE);
    let x = (canarySeed ^ 0x9e3779b9) >>> 0 || 1;
    for (let i = 0; i < REDZONE; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      // Never 0x00 or 0xff: the values a stray memset writes, which would hide the damage's edges.
      this.canary[i] = 1 + (x % 254);
    }
    const canaryView = new DataView(this.canary.buffer);
    this.canaryWords = Uint32Array.from({ length: REDZONE / 4 }, (_, k) => canaryView.getUint32(4 * k, true));
  }

  /** The PROT_NONE page ending each parameter's region (none when guard pages are off). */
  guardPages(): { param: number; address: bigint }[] {
    if (this.guard === 'off') return [];
    const count = this.memory.length / this.regionSize;
    return Array.from({ length: count }, (_, param) => ({ param, address: this.base + BigInt(this.guardOffset(param)) }));
  }

  /**
   * Copies `bytes` into parameter `param`'s region at `align` (or fills `bytes` many bytes with
   * `fill`), arms both red zones, returns the address.
   */
  place(param: number, bytes: Uint8Array | number, align: number, fill = 0): bigint {
    const size = typeof bytes === 'number' ? bytes : bytes.length;
    const start = this.startOf(param, size, align);
    if (typeof bytes === 'number') this.memory.fill(fill, start, start + size);
    else this.memory.set(bytes, start);
    return this.arm(param, start, size);
  }

  /** Places a C string: `bytes`, then the NUL, between red zones (the placed size is `bytes.length + 1`). */
  placeCString(param: number, bytes: Uint8Array, align: number): bigint {
    const start = this.startOf(param, bytes.length + 1, align);
    this.memory.set(bytes, start);
    this.memory[start + bytes.length] = 0;
    return this.arm(param, start, bytes.length + 1);
  }

  private arm(param: number, start: number, size: number): bigint {
    this.memory.set(this.canary, start - REDZONE);
    this.memory.set(this.canary.subarray(0, this.afterLength(param, start + size)), start + size);
    let address = this.addresses[start];
    if (address === undefined) this.addresses[start] = address = this.base + BigInt(start);
    return address;
  }

  /** The bytes currently at a placed region (a view, not a copy): an in/out length's integer. */
  view(param: number, size: number, align: number): Uint8Array {
    const start = this.startOf(param, size, align);
    return this.memory.subarray(start, start + size);
  }

  /**
   * Where the bytes now at a placed buffer first differ from `bytes` (its length), -1 when they
   * do not: a const input the callee must not have written. Reads in place.
   */
  changedAt(param: number, bytes: Uint8Array, align: number, placedSize = bytes.length): number {
    const start = this.startOf(param, placedSize, align);
    const memory = this.memory;
    for (let i = 0; i < bytes.length; i++) if (memory[start + i] !== bytes[i]) return i;
    return -1;
  }

  /** Checks both red zones of a placed buffer; undefined when intact. */
  damage(param: number, size: number, align: number): RedzoneDamage | undefined {
    const start = this.startOf(param, size, align);
    const afterLength = this.afterLength(param, start + size);
    if (this.armed(start - REDZONE, REDZONE) && this.armed(start + size, afterLength)) return undefined;
    const before = this.firstDiff(start - REDZONE, REDZONE);
    const after = this.firstDiff(start + size, afterLength);
    if (before === undefined && after === undefined) return undefined;
    const [zone, range] = after !== undefined ? [start + size, after] : [start - REDZONE, before!];
    const from = zone + range[0];
    return {
      param,
      offset: from - start,
      length: range[1] - range[0],
      found: Buffer.from(this.memory.subarray(from, zone + range[1])).toString('hex'),
    };
  }

  /** Where a buffer of `size` bytes at `align` starts in parameter `param`'s region. */
  private startOf(param: number, size: number, align: number): number {
    if (isGuarded(this.guard, size)) return guardedStart(this.guardOffset(param), size, align);
    return this.regionSize * param + LEAD + align;
  }

  /** Red-zone bytes after a buffer ending at `end`: cut short by the guard page. */
  private afterLength(param: number, end: number): number {
    return this.guard === 'off' ? REDZONE : Math.min(REDZONE, this.guardOffset(param) - end);
  }

  private guardOffset(param: number): number {
    return this.regionSize * (param + 1) - PAGE_SIZE;
  }

  /** True when the `length` bytes at `at` still hold the canary, compared 4 bytes at a time. */
  private armed(at: number, length: number): boolean {
    const words = this.words;
    const whole = length >> 2;
    for (let k = 0; k < whole; k++) if (words.getUint32(at + 4 * k, true) !== this.canaryWords[k]) return false;
    for (let i = whole * 4; i < length; i++) if (this.memory[at + i] !== this.canary[i]) return false;
    return true;
  }

  private firstDiff(at: number, length: number): [number, number] | undefined {
    let first = -1;
    let last = -1;
    for (let i = 0; i < length; i++) {
      if (this.memory[at + i] !== this.canary[i]) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first < 0 ? undefined : [first, last + 1];
  }
}
