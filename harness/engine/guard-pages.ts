/**
 * Guard pages: every parameter region of the arena ends with a PROT_NONE page, and a guarded
 * buffer is placed so that it ends right before that page. A read or write past its end then
 * faults at the culprit instruction instead of landing in the red zone (which sees writes only,
 * and only after the call returns) or in unrelated memory.
 *
 * Cost: nothing per call. The guard page is mapped and protected once per worker, and placing a
 * buffer is the same copy as without guard pages, at another offset.
 *
 * Alignment: the buffer keeps its alignment offset modulo 16 (the largest fundamental alignment
 * on x86-64 and aarch64), so `align 3` is still 3 mod 8 and 3 mod 16, and the buffer ends 0 to
 * 15 bytes before the guard page. Those bytes stay a red zone checked after the call; an overrun
 * longer than them faults. (Without guard pages the offset is kept modulo 64.)
 */

import type { GuardPages } from '../model/guard-pages.js';

/**
 * Largest buffer `small` guards. Larger buffers keep the full 32-byte red zone after them, so an
 * overrun of a big buffer is reported with its offset and length and the process lives on.
 */
export const GUARD_SMALL_MAX = 4096;

/** The alignment modulus a guarded buffer keeps. */
export const GUARDED_ALIGN_MODULUS = 16;

/** Whether a buffer of `size` bytes is placed against the guard page under `mode`. */
export function isGuarded(mode: GuardPages, size: number): boolean {
  switch (mode) {
    case 'off':
      return false;
    case 'small':
      return size <= GUARD_SMALL_MAX;
    case 'all':
      return true;
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/**
 * Start of a guarded buffer of `size` bytes whose region's guard page begins at `guard`: the
 * highest start ≡ `align` (mod 16) whose buffer still ends at or before the guard page.
 */
export function guardedStart(guard: number, size: number, align: number): number {
  const offset = align % GUARDED_ALIGN_MODULUS;
  return Math.floor((guard - size - offset) / GUARDED_ALIGN_MODULUS) * GUARDED_ALIGN_MODULUS + offset;
}

/**
 * For a fault `into` bytes into the guard page after a buffer of `size` bytes at `align`: the
 * offset of the faulting byte from the buffer's first byte (so `size` is the first byte past it).
 */
export function faultOffset(size: number, align: number, into: number): number {
  const guard = 1 << 20; // any page-aligned address: the slack depends on size and align only
  return guard - guardedStart(guard, size, align) + into;
}
