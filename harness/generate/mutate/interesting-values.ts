/**
 * Values at the edges of integer types, where off-by-one, sign and overflow bugs live (the
 * AFL/libFuzzer tables). Written into inputs at 1, 2, 4 and 8 bytes, both byte orders.
 * @internal
 */
export const INTERESTING_8: readonly number[] = [-128, -1, 0, 1, 16, 32, 64, 100, 127];

export const INTERESTING_16: readonly number[] = [...INTERESTING_8, -32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767];

export const INTERESTING_32: readonly number[] = [...INTERESTING_16, -2147483648, -100663046, -32769, 32768, 65535, 65536, 100663045, 2147483647];

export const INTERESTING_64: readonly bigint[] = [
  ...INTERESTING_32.map(BigInt),
  -9223372036854775808n,
  -2147483649n,
  2147483648n,
  4294967295n,
  4294967296n,
  9223372036854775807n,
];

/** Writes `value` as a `width`-byte integer at `at`, little- or big-endian (two's complement). */
export function writeInt(data: Uint8Array, at: number, width: number, value: bigint, bigEndian: boolean): void {
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    data[bigEndian ? at + width - 1 - i : at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Reads a `width`-byte unsigned integer at `at`. */
export function readInt(data: Uint8Array, at: number, width: number, bigEndian: boolean): bigint {
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
