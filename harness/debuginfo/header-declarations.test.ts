import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAbiError } from './debuginfo-error.js';
import { readHeaderDeclarations } from './header-declarations.js';
import { listHeaderFunctions } from './header-functions.js';

function header(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-header-'));
  const file = path.join(dir, 'api.h');
  fs.writeFileSync(file, text);
  return file;
}

describe('readHeaderDeclarations', () => {
  it('should keep parameter names and typedef names as the header writes them, and desugar typedefs', () => {
    const file = header(`
      #include <stddef.h>
      typedef unsigned char Byte;
      typedef Byte Bytef;
      typedef struct handle handle;
      typedef enum { A, B } mode;
      typedef void (*callback)(int);
      int decode(Bytef *dest, unsigned long *destLen, const Bytef *source, size_t sourceLen);
      handle *open_handle(mode m, callback cb);
      int log_it(const char *format, ...);
      void unnamed(int, char *);
    `);
    const { functions, typedefs } = readHeaderDeclarations([file]);
    expect(functions.get('decode')).toEqual({
      name: 'decode',
      returns: 'int',
      params: [
        { name: 'dest', type: 'Bytef *' },
        { name: 'destLen', type: 'unsigned long *' },
        { name: 'source', type: 'const Bytef *' },
        { name: 'sourceLen', type: 'size_t' },
      ],
      variadic: false,
    });
    expect(functions.get('open_handle')?.returns).toBe('handle *');
    expect(functions.get('log_it')?.variadic).toBe(true);
    expect(functions.get('unnamed')?.params.map((p) => p.name)).toEqual([undefined, undefined]);
    expect(typedefs.get('Bytef')).toBe('unsigned char');
    expect(typedefs.get('handle')).toBe('struct handle');
    expect(typedefs.get('callback')).toBe('void (*)(int)');
  });

  it('should say which header does not compile', () => {
    const file = header('int broken(widget w);');
    try {
      readHeaderDeclarations([file]);
      expect.unreachable();
    } catch (error) {
      expect(isAbiError(error, 'header-compile-failed')).toBe(true);
      expect((error as Error).message).toContain('api.h');
      expect((error as Error).message).toContain("unknown type name 'widget'");
    }
  });

  it('should report a missing header as file-not-found', () => {
    expect(() => readHeaderDeclarations(['/nonexistent/api.h'])).toThrowError(/header not found: \/nonexistent\/api.h/);
  });
});

describe('listHeaderFunctions on a stripped Debian library', () => {
  it("should take zlib's names from its dynamic symbols and its prototypes from zlib.h", () => {
    const functions = listHeaderFunctions('/usr/lib/x86_64-linux-gnu/libz.so.1', ['/usr/include/zlib.h']);
    const uncompress = functions.find((f) => f.name === 'uncompress');
    expect(uncompress?.prototype).toBe('int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)');
    expect(uncompress?.mapped).toBe(true);
    // Declared only with -D_LARGEFILE64_SOURCE: exported, listed, and said why it has no prototype.
    const gzopen64 = functions.find((f) => f.name === 'gzopen64');
    expect(gzopen64?.mapped).toBe(false);
    expect(gzopen64?.unmappedReasons[0]).toContain('not declared in zlib.h');
    expect(functions.find((f) => f.name === 'gzprintf')?.unmappedReasons[0]).toContain('variadic');
  });

  it("should read several headers together: lz4.h alone declares 42 of liblz4.so.1's exports", () => {
    const declared = (headers: string[]) => listHeaderFunctions('/usr/lib/x86_64-linux-gnu/liblz4.so.1', headers).filter((f) => f.mapped);
    const one = declared(['/usr/include/lz4.h']);
    const three = declared(['/usr/include/lz4.h', '/usr/include/lz4hc.h', '/usr/include/lz4frame.h']);
    expect(one.length).toBe(42);
    expect(three.length).toBeGreaterThan(one.length);
    expect(three.map((f) => f.name)).toEqual(expect.arrayContaining(['LZ4_compress_HC', 'LZ4F_compressFrame']));
  });
});
