import fc from 'fast-check';
import { defineTarget, type CallInput } from '../../../harness/index.js';
import { payload, sometimesDamaged } from '../compressible.js';
import { lz4CompressBlock } from './lz4-block.js';

// Debian's liblz4 (liblz4.so.1, stripped) from its header, /usr/include/lz4.h.

/** LZ4 blocks of structured payloads up to 2 KiB, 70% intact (the rest damaged once). */
export const lz4Blocks = sometimesDamaged(payload(2048).map(lz4CompressBlock), 70);

/** "LZ4_MAX_INPUT_SIZE 0x7E000000": the largest input LZ4_compressBound accepts. */
const LZ4_MAX_INPUT_SIZE = 0x7e000000;

/** The capacity a call gave its `dst` (a `capacity` argument). */
function capacityOf(input: CallInput, param: number): number {
  const arg = input.args[param];
  return arg?.kind === 'capacity' ? arg.size : 0;
}

/** "the number of bytes written into buffer 'dst' (necessarily <= dstCapacity)". */
const withinCapacity = (result: unknown, input: CallInput) =>
  (result as number) > capacityOf(input, 1) ? `more bytes than dstCapacity (${capacityOf(input, 1)})` : undefined;

export default defineTarget({
  name: 'lz4',
  library: '/usr/lib/x86_64-linux-gnu/liblz4.so.1',
  header: '/usr/include/lz4.h',
  functions: {
    LZ4_decompress_safe: {
      prototype: 'int LZ4_decompress_safe(const char *src, char *dst, int compressedSize, int dstCapacity)',
      params: {
        // "compressedSize : is the exact complete size of the compressed block"; "This function is
        // protected against malicious data packets": damaged blocks are in contract. Paired by
        // name: by position, `dst` would pair with compressedSize (issue 11, item 2).
        src: { length: 'compressedSize', content: lz4Blocks, maxLength: 4096, survives: ['zero-length', 'misaligned'] },
        // "dstCapacity : is the size of destination buffer (which must be already allocated)";
        // "If destination buffer is not large enough, decoding will stop and output an error code".
        dst: { capacity: 'dstCapacity', maxCapacity: 4096 },
      },
      // "@return : the number of bytes decompressed into destination buffer ... If the source stream
      // is detected malformed, the function will stop decoding and return a negative result."
      contract: { errorReturn: 'negative' },
      postcondition: withinCapacity,
    },
    LZ4_compress_default: {
      prototype: 'int LZ4_compress_default(const char *src, char *dst, int srcSize, int dstCapacity)',
      params: {
        // "Compresses 'srcSize' bytes from buffer 'src' into already allocated 'dst' buffer of size 'dstCapacity'".
        src: { length: 'srcSize', content: payload(4096), maxLength: 4096 },
        // A too-small dst is in contract: "compression stops immediately, and the function result is zero".
        dst: { capacity: 'dstCapacity', maxCapacity: 4200 },
      },
      contract: { errorReturn: 'zero' },
      postcondition: withinCapacity,
    },
    LZ4_compressBound: {
      prototype: 'int LZ4_compressBound(int inputSize)',
      // "max supported value is LZ4_MAX_INPUT_SIZE ... or 0, if input size is incorrect (too large or negative)".
      params: {
        inputSize: { values: fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(LZ4_MAX_INPUT_SIZE, LZ4_MAX_INPUT_SIZE + 1)) },
      },
      postcondition: (result, input) => {
        const n = Number((input.args[0] as { value: bigint }).value);
        const want = n < 0 || n > LZ4_MAX_INPUT_SIZE ? 0 : n + Math.floor(n / 255) + 16;
        return result === want ? undefined : `LZ4_COMPRESSBOUND(${n}) is ${want}`;
      },
    },
  },
});
