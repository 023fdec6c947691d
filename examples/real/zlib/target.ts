import zlib from 'node:zlib';
import fc from 'fast-check';
import { defineTarget } from '../../../harness/index.js';
import { payload } from '../compressible.js';
import { zlibStreams } from './zlib-streams.js';

// Debian's zlib (libz.so.1, stripped) from its header, /usr/include/zlib.h. Every name libz exports
// is also exported by the `node` executable (its bundled zlib): ffi-fuzz loads the library with
// RTLD_DEEPBIND and checks that uncompress → uncompress2 → inflate run libz's code, not node's.
// zlib.h's typedefs (Bytef = unsigned char, uLong/uLongf = unsigned long, uInt = unsigned int)
// are read from the header.

/** zlib's error returns are negative (Z_STREAM_ERROR -2, Z_DATA_ERROR -3, Z_MEM_ERROR -4, Z_BUF_ERROR -5); Z_OK is 0. */
const ZLIB_ERRORS = { errorReturn: 'negative' } as const;

/** "A CRC-32 (Adler-32) value is in the range of a 32-bit unsigned integer": the running value a caller passes on. */
const checksum = fc.oneof(fc.constantFrom(0, 1), fc.nat({ max: 0xffffffff }));

/** uncompress and uncompress2 take the same buffers. */
const inflating = {
  // "sourceLen is the byte length of the source buffer"; "Z_DATA_ERROR if the input data was
  // corrupted or incomplete": damaged streams are in contract.
  source: { length: 'sourceLen', content: zlibStreams(2048, 70), maxLength: 8192 },
  // "Upon entry, destLen is the total size of the destination buffer ... Upon exit, destLen is
  // the actual size of the uncompressed data": an in/out length, checked ≤ the buffer.
  dest: { capacity: 'destLen', maxCapacity: 4096 },
} as const;

export default defineTarget({
  name: 'zlib',
  library: '/usr/lib/x86_64-linux-gnu/libz.so.1',
  header: '/usr/include/zlib.h',
  functions: {
    uncompress: {
      prototype: 'int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)',
      params: inflating,
      contract: ZLIB_ERRORS,
    },
    uncompress2: {
      // "*sourceLen is the length of the source ... On return, *sourceLen is the number of source
      // bytes consumed": here the source's length is an in/out length too.
      prototype: 'int uncompress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong *sourceLen)',
      params: inflating,
      contract: ZLIB_ERRORS,
    },
    compress2: {
      prototype: 'int compress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen, int level)',
      params: {
        source: { length: 'sourceLen', content: payload(4096) },
        // "Z_BUF_ERROR if there was not enough room in the output buffer": any capacity.
        dest: { capacity: 'destLen', maxCapacity: 6000 },
        // "Z_STREAM_ERROR if the level parameter is invalid": any int.
        level: { values: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.integer()) },
      },
      contract: ZLIB_ERRORS,
    },
    compressBound: { prototype: 'uLong compressBound(uLong sourceLen)' },
    crc32: {
      prototype: 'uLong crc32(uLong crc, const Bytef *buf, uInt len)',
      // "If buf is Z_NULL, this function returns the required initial value for the crc": NULL is in contract.
      params: { buf: { length: 'len', nullable: true }, crc: { values: checksum } },
      // An independent implementation agrees: Node's zlib.crc32 (given no bytes, it answers as for NULL, so those are skipped).
      postcondition: (result, input) => {
        const [crc, buf] = input.args;
        const data = buf?.kind === 'buffer' ? buf.bytes.subarray(0, buf.declaredLength ?? buf.bytes.length) : undefined;
        if (crc?.kind !== 'int' || data === undefined || data.length === 0) return undefined;
        const want = zlib.crc32(data, Number(crc.value));
        return BigInt(want) === BigInt(result as number | bigint) ? undefined : `Node's zlib.crc32 says ${want}`;
      },
    },
    adler32: {
      prototype: 'uLong adler32(uLong adler, const Bytef *buf, uInt len)',
      params: { buf: { length: 'len', nullable: true }, adler: { values: checksum } },
    },
  },
});
