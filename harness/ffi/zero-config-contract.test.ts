import { describe, expect, it } from 'vitest';
import { parsePrototype } from './prototype.js';
import { isLengthOf, isReleaserName, shapeOf, wordsOf, zeroConfigFill, type FunctionShape } from './zero-config-contract.js';

/** Shapes of C prototypes; `types` are the opaque and struct names they use. */
function shapes(types: readonly string[], ...prototypes: string[]): FunctionShape[] {
  return prototypes.map((p) => shapeOf(parsePrototype(p, new Set(types))));
}

const VALUES = '{ values: fc.integer({ min: <lowest valid>, max: <highest valid> }) }';
const fill = (all: readonly FunctionShape[], name: string) => zeroConfigFill(all.find((f) => f.name === name)!, all);

describe('zero-config contract', () => {
  it('should split names into words and know a releaser by any of them (LZ4_freeHC, cJSON_Delete, rure_cstring_free)', () => {
    expect(wordsOf('LZ4_freeHC')).toEqual(['LZ4', 'free', 'HC']);
    expect(wordsOf('dstCapacity')).toEqual(['dst', 'Capacity']);
    expect(['LZ4_freeHC', 'LZ4_freeStream', 'cJSON_Delete', 'rure_cstring_free', 'LZ4F_readClose'].map(isReleaserName)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['LZ4_createStream', 'rure_options_new', 'freeze_frame', 'free_list_len'].map(isReleaserName)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('should pair a buffer with a length only when the name says length and abbreviates the buffer', () => {
    const int = (name: string) => ({ name, cType: 'int' });
    expect(
      [int('len'), int('srcSize'), int('n'), int('dictSize')].map(
        (l) => isLengthOf('ptr', l) || isLengthOf('src', l) || isLengthOf('dict', l),
      ),
    ).toEqual([true, true, true, true]);
    expect(isLengthOf('source', int('srcSize'))).toBe(true);
    expect(isLengthOf('dest', int('originalSize'))).toBe(false);
    expect(isLengthOf('src', int('compressedSize'))).toBe(false);
    expect(isLengthOf('src', int('level'))).toBe(false);
    expect(isLengthOf('src', { name: 'srcSize', cType: 'int *' })).toBe(false);
  });

  it("should fill lz4's certainly paired functions, and skip the block API with a spec naming each size and free integer", () => {
    // Arrange
    const lz4 = shapes(
      [],
      'int LZ4_compressBound(int isize)',
      'size_t LZ4F_headerSize(const void *src, size_t srcSize)',
      'int LZ4_decompress_safe_partial(const char *src, char *dst, int compressedSize, int targetOutputSize, int dstCapacity)',
      'int LZ4_compress_default(const char *src, char *dst, int srcSize, int dstCapacity)',
    );

    // Act / Assert
    expect(fill(lz4, 'LZ4F_headerSize')).toEqual({ certain: true });
    expect(fill(lz4, 'LZ4_decompress_safe_partial')).toEqual({
      certain: false,
      callable: false,
      reason: "'src' has no length parameter right after it whose name certainly pairs it (and 1 more parameter(s) like it)",
      snippet: `params: { src: { length: 'compressedSize' }, dst: { capacity: 'dstCapacity' }, targetOutputSize: ${VALUES} }`,
    });
    expect(fill(lz4, 'LZ4_compress_default')).toMatchObject({
      snippet: "params: { src: { length: 'srcSize' }, dst: { capacity: 'dstCapacity' } }",
    });
  });

  it("should call a function whose one guess is an integer's range, and say findings in it are the contract's to judge (zError, adler32)", () => {
    // Arrange
    const zlib = shapes(
      [],
      'const char *zError(int err)',
      'unsigned long adler32(unsigned long adler, const unsigned char *buf, unsigned int len)',
      'int LZ4_compressBound(int isize)',
      'double scale(double x, bool round)',
    );

    // Act / Assert
    expect(fill(zlib, 'zError')).toEqual({
      certain: false,
      callable: true,
      reason: "'err': an int whose valid values (an index, an enum, flags) only a spec can say",
      snippet: `params: { err: ${VALUES} }`,
    });
    expect(fill(zlib, 'adler32')).toMatchObject({ callable: true, snippet: `params: { adler: ${VALUES} }` });
    expect(fill(zlib, 'LZ4_compressBound')).toMatchObject({ callable: true });
    expect(fill(zlib, 'scale')).toEqual({ certain: true });
  });

  it('should call a function returning a handle a constructor, a function taking one a user of it, and name the releaser', () => {
    // Arrange
    const lz4 = shapes(
      ['LZ4_stream_t'],
      'LZ4_stream_t *LZ4_createStream(void)',
      'int LZ4_freeStream(LZ4_stream_t *stream)',
      'int LZ4_loadDict(LZ4_stream_t *dict, const char *dictionary, int dictSize)',
    );

    // Act
    const [create, free, use] = ['LZ4_createStream', 'LZ4_freeStream', 'LZ4_loadDict'].map((n) => fill(lz4, n));

    // Assert
    expect(create).toMatchObject({
      reason: expect.stringMatching(/^a constructor: it returns a LZ4_stream_t \* the caller must release \(with LZ4_freeStream\)/),
      snippet: "lifecycle: { create: 'LZ4_createStream', release: 'LZ4_freeStream' }",
    });
    expect(free).toMatchObject({ reason: expect.stringMatching(/^releases what the library returned/) });
    expect(use).toMatchObject({
      reason: "takes a LZ4_stream_t *, a handle LZ4_createStream returns: only a spec's lifecycle passes it one that is live",
      snippet: "lifecycle: { create: 'LZ4_createStream', use: ['LZ4_loadDict'], release: 'LZ4_freeStream' }",
    });
  });

  it('should not guess a C string, a void pointer or an in/out length, and name the in/out length in the spec (rure_escape_must, void *re, uLongf *destLen)', () => {
    // Arrange
    const fns = shapes(
      [],
      'const char *rure_escape_must(const char *pattern)',
      'bool rure_is_match(void *re, const uint8_t *haystack, size_t length, size_t start)',
      'int LZ4_compress_destSize(const char *src, char *dst, int *srcSizePtr, int targetDstSize)',
      'int uncompress(unsigned char *dest, unsigned long *destLen, const unsigned char *source, unsigned long sourceLen)',
    );

    // Act / Assert
    expect(fill(fns, 'rure_escape_must')).toMatchObject({ snippet: "params: { pattern: { cstring: { encoding: 'utf8' } } }" });
    expect(fill(fns, 'rure_is_match')).toMatchObject({ reason: expect.stringMatching(/^'re' is a void \*: what it points to/) });
    expect(fill(fns, 'LZ4_compress_destSize')).toMatchObject({
      callable: false,
      snippet: "params: { src: { length: 'srcSizePtr' }, dst: { capacity: 'targetDstSize' } }",
    });
    expect(fill(fns, 'uncompress')).toMatchObject({
      callable: false,
      reason: "'dest' is a buffer the function writes, whose capacity no parameter right after it certainly gives",
      snippet: "params: { dest: { capacity: 'destLen' } }",
    });
  });

  it('should say a getter takes no parameters', () => {
    const [getter] = shapes([], 'const char *get_last_error(void)');
    expect(zeroConfigFill(getter!, [getter!])).toMatchObject({ reason: expect.stringMatching(/^takes no parameters/) });
  });
});
