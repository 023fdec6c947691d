// A reference encoder of the LZ4 block format (lz4's doc/lz4_Block_format.md), greedy and small:
// it makes valid blocks for the spec's inputs in pure TypeScript (generation stays seeded and runs
// no native code). Rules it keeps: matches are at least 4 bytes, at most 65535 bytes back; the
// last match starts at least 12 bytes before the end of the block and the last 5 bytes are literals.

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;

/** Compresses `src` into one LZ4 block (what LZ4_decompress_safe takes). */
export function lz4CompressBlock(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  const n = src.length;
  const seen = new Map<number, number>();
  let anchor = 0;
  let i = 0;
  while (n >= MF_LIMIT + 1 && i <= n - MF_LIMIT) {
    const key = read32(src, i);
    const candidate = seen.get(key);
    seen.set(key, i);
    if (candidate === undefined || i - candidate > MAX_OFFSET) {
      i++;
      continue;
    }
    let length = MIN_MATCH;
    while (i + length < n - LAST_LITERALS && src[candidate + length] === src[i + length]) length++;
    sequence(out, src.subarray(anchor, i), i - candidate, length);
    i += length;
    anchor = i;
  }
  sequence(out, src.subarray(anchor, n), 0, 0);
  return Uint8Array.from(out);
}

// One sequence: token, literal length, literals, then (unless it is the last) offset and match length.
function sequence(out: number[], literals: Uint8Array, offset: number, matchLength: number): void {
  const matchCode = matchLength === 0 ? 0 : matchLength - MIN_MATCH;
  out.push((Math.min(literals.length, 15) << 4) | Math.min(matchCode, 15));
  if (literals.length >= 15) lengthBytes(out, literals.length - 15);
  for (const b of literals) out.push(b);
  if (matchLength === 0) return;
  out.push(offset & 0xff, offset >> 8);
  if (matchCode >= 15) lengthBytes(out, matchCode - 15);
}

function lengthBytes(out: number[], rest: number): void {
  let left = rest;
  while (left >= 255) {
    out.push(255);
    left -= 255;
  }
  out.push(left);
}

function read32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
