/**
 * Values at the edges of integer types, where off-by-one, sign and overflow bugs live (the
 * AFL/libFuzzer tables). Written into inputs at 1, 2, 4 and 8 bytes, both byte orders.
 * @internal
 */
export const INTERESTING_8: readonly number[] = [-128, -1, 0, 1, 16, 32, 64, 100, 127];

export const INTERESTING_16: readonly number[] = [...INTERESTING_8, -32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767];

export const INTERESTING_32: readonly number[] = [
  ...INTERESTING_16,
  -2147483648,
  -100663046,
  -32769,
  32768,
  65535,
  65536,
  100663045,
  2147483647,
];

export const INTERESTING_64: readonly bigint[] = [
  ...INTERESTING_32.map(BigInt),
  -9223372036854775808n,
  -2147483649n,
  2147483648n,
  4294967295n,
  4294967296n,
  9223372036854775807n,
];

/**
 * Size-overflow edges by width in bytes: every power of two from the middle of the type to its top,
 * ±1, and all ones. A count read from a header and multiplied by a record size wraps to a small
 * number at these (a u32 `count * 16` is 0 for 0x10000000 and 16 for 0x10000001), where random
 * bytes almost never land. Values of up to 4 bytes as numbers, 8 bytes as (low, high) halves.
 */
export const OVERFLOW_EDGES: Readonly<Record<1 | 2 | 4, readonly number[]>> & { readonly 8: readonly (readonly [number, number])[] } = {
  1: overflowEdges(8).map(Number),
  2: overflowEdges(16).map(Number),
  4: overflowEdges(32).map(Number),
  8: overflowEdges(64).map((v) => [Number(BigInt.asUintN(32, v)), Number(v >> 32n)] as const),
};

function overflowEdges(bits: number): bigint[] {
  const out: bigint[] = [];
  for (let k = bits / 2; k < bits; k++) {
    const p = 1n << BigInt(k);
    out.push(p - 1n, p, p + 1n);
  }
  out.push((1n << BigInt(bits)) - 1n);
  return out;
}

/** INTERESTING_64 as (low, high) 32-bit halves: written without BigInt arithmetic on the hot path. */
export const INTERESTING_64_HALVES: readonly (readonly [number, number])[] = INTERESTING_64.map(
  (v) => [Number(BigInt.asUintN(32, v)), Number(BigInt.asUintN(32, v >> 32n))] as const,
);

/** Writes a 64-bit value given as 32-bit halves at `at`. */
export function writeHalves(data: Uint8Array, at: number, [lo, hi]: readonly [number, number], bigEndian: boolean): void {
  for (let i = 0; i < 8; i++) {
    const byte = (i < 4 ? lo >>> (i * 8) : hi >>> ((i - 4) * 8)) & 0xff;
    data[bigEndian ? at + 7 - i : at + i] = byte;
  }
}

/** Writes `value` as a `width`-byte integer at `at`, little- or big-endian (two's complement). */
export function writeInt(data: Uint8Array, at: number, width: number, value: bigint | number, bigEndian: boolean): void {
  if (width <= 4) {
    // The common widths without BigInt (no allocation on the mutation path).
    let v = typeof value === 'number' ? value : Number(BigInt.asIntN(32, value));
    for (let i = 0; i < width; i++) {
      data[bigEndian ? at + width - 1 - i : at + i] = v & 0xff;
      v >>= 8;
    }
    return;
  }
  let v = BigInt.asUintN(width * 8, BigInt(value));
  for (let i = 0; i < width; i++) {
    data[bigEndian ? at + width - 1 - i : at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Reads a `width`-byte unsigned integer at `at` (a number up to 4 bytes, a bigint for 8). */
export function readInt(data: Uint8Array, at: number, width: number, bigEndian: boolean): bigint | number {
  if (width <= 4) {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[bigEndian ? at + i : at + width - 1 - i]!;
    return v;
  }
  let v = 0n;
  for (let i = 0; i < width; i++) v = (v << 8n) | BigInt(data[bigEndian ? at + i : at + width - 1 - i]!);
  return v;
}

/** Edge values by integer width in bytes (for scalar arguments). */
export const INTEREST_OF_WIDTH: Readonly<Record<number, readonly bigint[]>> = {
  1: INTERESTING_8.map(BigInt),
  2: INTERESTING_16.map(BigInt),
  4: INTERESTING_32.map(BigInt),
  8: INTERESTING_64,
};
