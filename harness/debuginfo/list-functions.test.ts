import { beforeAll, describe, expect, it } from 'vitest';
import { AbiError } from './debuginfo-error.js';
import { listExportedFunctions } from './list-functions.js';
import { buildCLibrary } from '../abi/test-support/c-ground-truth.js';
import { buildFfiTypesFixture, buildRustTargets } from '../abi/test-support/rust-targets.js';

const C_SOURCE = `#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
typedef struct Point { int x; int y; } Point;
struct Tagged { unsigned long id; };
static int helper(int x) { return x * 2; }
__attribute__((visibility("hidden"))) int hidden_fn(int x) { return helper(x); }
int point_sum(const Point *p, size_t count, unsigned long scale) { return (int)((p->x + p->y) * count * scale); }
const char *describe(struct Tagged *t, char *buf, uint8_t flags) { buf[0] = (char)(t->id + flags); return buf; }
int log_all(const char *fmt, ...) { va_list ap; va_start(ap, fmt); int n = va_arg(ap, int); va_end(ap); return n + hidden_fn(1); }
void reset(void) {}
`;

describe('listExportedFunctions', () => {
  let chunkParser: string;
  let jobLayout: string;
  let ffiTypes: string;

  beforeAll(() => {
    ({ 'chunk-parser': chunkParser, 'job-layout': jobLayout } = buildRustTargets(['chunk-parser', 'job-layout']));
    ffiTypes = buildFfiTypesFixture();
  }, 600_000);

  it("should recover chunk-parser's prototypes with their real parameter names", () => {
    // Arrange / Act
    const functions = listExportedFunctions(chunkParser);
    // Assert
    expect(functions.map((f) => f.prototype).sort()).toEqual([
      'const char *get_last_error(void)',
      'int32_t parse_chunk(const uint8_t *ptr, int32_t len)',
    ]);
    const parse = functions.find((f) => f.name === 'parse_chunk')!;
    expect(parse).toMatchObject({ returnType: 'int32_t', mapped: true, unmappedReasons: [], language: 'Rust' });
    expect(parse.params).toEqual([
      { name: 'ptr', cType: 'const uint8_t *' },
      { name: 'len', cType: 'int32_t' },
    ]);
  });

  it('should leave out Rust runtime exports and functions of dependency crates', () => {
    // Arrange / Act
    const names = listExportedFunctions(chunkParser).map((f) => f.name);
    // Assert: serde_json and std are linked in, but only the crate's own API is listed.
    expect(names.filter((n) => /^(rust_|__rust)/.test(n))).toEqual([]);
    expect(names).toHaveLength(2);
  });

  it("should name a pointer to the crate's repr(C) struct by its C name", () => {
    // Arrange / Act
    const prototypes = listExportedFunctions(jobLayout).map((f) => f.prototype);
    // Assert
    expect(prototypes).toContain('int32_t job_fill(Job *out)');
    expect(prototypes).toContain('size_t job_size(void)');
  });

  it('should map every FFI-safe Rust type to its C spelling', () => {
    // Arrange / Act
    const byName = new Map(listExportedFunctions(ffiTypes).map((f) => [f.name, f]));
    // Assert
    expect(byName.get('scalars')!.prototype).toBe(
      'uint32_t scalars(int8_t a, uint16_t b, int64_t c, size_t d, intptr_t e, bool f, float g, double h)',
    );
    expect(byName.get('pointers')!.prototype).toBe(
      'int32_t pointers(const uint8_t *src, uint8_t *dst, const char *name, char *out, void *opaque, const uint8_t *const *list)',
    );
    expect(byName.get('structs')!.prototype).toBe('Pair structs(Pair *pair, Pair by_value, Word word)');
    expect(byName.get('nothing')!.prototype).toBe('void nothing(void)');
    expect([...byName.keys()]).not.toContain('internal_helper');
  });

  it('should mark a function whose types have no C spelling, with a reason per type', () => {
    // Arrange / Act
    const fn = listExportedFunctions(ffiTypes).find((f) => f.name === 'unmappable')!;
    // Assert
    expect(fn.mapped).toBe(false);
    expect(fn.unmappedReasons).toHaveLength(3);
    expect(fn.unmappedReasons[0]).toMatch(/^parameter `callback`: .*Option/);
    expect(fn.unmappedReasons[1]).toMatch(/^parameter `text`: `&str` is a fat pointer/);
    expect(fn.unmappedReasons[2]).toMatch(/^parameter `wide`: `u128` has no koffi type/);
  });

  it('should list a C library with C types, variadics, and without hidden or static functions', () => {
    // Arrange
    const library = buildCLibrary(C_SOURCE, { debug: true, name: 'cfuncs' });
    // Act
    const prototypes = listExportedFunctions(library).map((f) => f.prototype);
    // Assert
    expect(prototypes).toEqual([
      'int point_sum(const Point *p, size_t count, unsigned long scale)',
      'const char *describe(Tagged *t, char *buf, uint8_t flags)',
      'int log_all(const char *fmt, ...)',
      'void reset(void)',
    ]);
  });

  it('should fail with no-debug-info for a library built without -g', () => {
    // Arrange
    const library = buildCLibrary(C_SOURCE, { debug: false, name: 'cfuncs_nodebug' });
    // Act
    const attempt = () => listExportedFunctions(library);
    // Assert
    expect(attempt).toThrow(AbiError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'no-debug-info' }));
  });
});
