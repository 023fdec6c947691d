import fc from 'fast-check';
import { HEADER_BYTES } from './mutate/byte-mutators.js';
import { OVERFLOW_EDGES, writeHalves, writeInt } from './mutate/interesting-values.js';

/**
 * Property mode's size-overflow probes: random bytes (8 to 64 of them) with one to three
 * size-overflow edges (0x10000000, 0x7fffffff, 0xffffffff…: mutate/interesting-values.ts) written
 * at offsets of the first 64 bytes aligned to their width, either byte order: the counts and sizes
 * a header carries, where `count * size` wraps. Random bytes hit such a count once in 2^28 tries.
 * Coverage mode's counterpart is the header-value mutator.
 */
export function headerEdges(maxLength: number): fc.Arbitrary<Uint8Array> {
  const edge = fc.record({
    width: fc.constantFrom(1, 2, 4, 8),
    slot: fc.nat(HEADER_BYTES - 1),
    pick: fc.nat(),
    bigEndian: fc.boolean(),
  });
  const longest = Math.min(maxLength, HEADER_BYTES);
  return fc
    .tuple(fc.uint8Array({ minLength: Math.min(8, longest), maxLength: longest }), fc.array(edge, { minLength: 1, maxLength: 3 }))
    .map(([bytes, edges]) => {
      const out = bytes.slice();
      for (const { width, slot, pick, bigEndian } of edges) {
        const slots = Math.floor(out.length / width);
        if (slots === 0) continue;
        const at = (slot % slots) * width;
        if (width === 8) writeHalves(out, at, OVERFLOW_EDGES[8][pick % OVERFLOW_EDGES[8].length]!, bigEndian);
        else {
          const values = OVERFLOW_EDGES[width as 1 | 2 | 4];
          writeInt(out, at, width, values[pick % values.length]!, bigEndian);
        }
      }
      return out;
    });
}
