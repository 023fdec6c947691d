import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrototype, renderPrototype } from './prototype.js';
import { specTypeScope } from './type-scope.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-scope-'));
const headerFile = path.join(dir, 'api.h');
fs.writeFileSync(
  headerFile,
  `typedef unsigned char Byte; typedef Byte Bytef; typedef unsigned long uLong; typedef uLong uLongf;
   typedef struct stream_s { int x; } stream; typedef stream *streamp; typedef enum { A } mode;
   typedef void *(*alloc_func)(void *, unsigned int);`,
);

describe('specTypeScope', () => {
  it("should resolve a header's typedefs to C types, structs it does not declare to opaque handles", () => {
    const scope = specTypeScope({ structs: [], headers: [headerFile] });
    const proto = parsePrototype('int f(Bytef *dest, uLongf *destLen, streamp s, mode m, const stream *t)', scope);
    expect(renderPrototype(proto)).toBe('int f(unsigned char *dest, unsigned long *destLen, stream *s, int m, const stream *t)');
    expect(proto.params[2]!.type).toEqual({ kind: 'pointer', isConst: false, to: { kind: 'opaque', name: 'stream' } });
  });

  it("should let the spec's own typedefs and structs come first", () => {
    const scope = specTypeScope({ structs: ['stream'], typedefs: { Bytef: 'int8_t', handle: 'opaque' }, headers: [headerFile] });
    const proto = parsePrototype('int f(Bytef *p, handle *h, stream *s)', scope);
    expect(proto.params.map((p) => p.type)).toEqual([
      { kind: 'pointer', isConst: false, to: { kind: 'int', name: 'int8_t', bytes: 1, signed: true } },
      { kind: 'pointer', isConst: false, to: { kind: 'opaque', name: 'handle' } },
      { kind: 'pointer', isConst: false, to: { kind: 'struct', name: 'stream' } },
    ]);
  });

  it('should say why a function-pointer typedef cannot be used', () => {
    const scope = specTypeScope({ structs: [], headers: [headerFile] });
    expect(() => parsePrototype('int f(alloc_func a)', scope)).toThrowError(
      "type 'alloc_func' of parameter 1 is 'void *(*)(void *, unsigned int)' (a function pointer or an array), which ffi-fuzz cannot generate",
    );
  });

  it('should stop a typedef that refers to itself', () => {
    const scope = specTypeScope({ structs: [], typedefs: { a: 'b', b: 'a' } });
    expect(() => parsePrototype('int f(a x)', scope)).toThrowError(/refers to itself/);
  });

  it('should not read any header while the scalars and the spec suffice', () => {
    const scope = specTypeScope({ structs: [], headers: ['/nonexistent/api.h'] });
    expect(renderPrototype(parsePrototype('int32_t f(const uint8_t *p, size_t n)', scope))).toBe('int32_t f(const uint8_t *p, size_t n)');
  });
});
