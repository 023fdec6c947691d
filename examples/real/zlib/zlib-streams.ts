import zlib from 'node:zlib';
import fc from 'fast-check';
import { payload, sometimesDamaged } from '../compressible.js';

/**
 * zlib streams (RFC 1950) of structured payloads up to `maxLength` bytes, made by Node's own zlib
 * (an encoder independent of the library under test) at every level; `intactPercent` of them
 * intact, the rest damaged once.
 */
export function zlibStreams(maxLength: number, intactPercent: number): fc.Arbitrary<Uint8Array> {
  const compressed = fc
    .tuple(payload(maxLength), fc.integer({ min: 0, max: 9 }))
    .map(([bytes, level]) => new Uint8Array(zlib.deflateSync(bytes, { level })));
  return sometimesDamaged(compressed, intactPercent);
}
