import { describe, expect, it } from 'vitest';
import { HarnessError } from '../model/harness-error.js';
import { resolveTarget } from './resolve-target.js';
import { defineTarget, type FunctionSpec, type TargetSpec } from './target-spec.js';

const LZ4 = 'int LZ4_decompress_safe(const char *src, char *dst, int compressedSize, int dstCapacity)';
const UNCOMPRESS = 'int uncompress(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen)';

function resolveOne(fn: FunctionSpec, extra: Partial<TargetSpec> = {}) {
  const name = /(\w+)\s*\(/.exec(fn.prototype)![1]!;
  return resolveTarget(defineTarget({ name: 't', library: 'x.so', functions: { [name]: fn }, ...extra }), '/').functions[0]!;
}

function errorOf(run: () => unknown): HarnessError {
  try {
    run();
  } catch (error) {
    if (error instanceof HarnessError) return error;
    throw error;
  }
  throw new Error('expected a HarnessError');
}

describe('parameter plans of the real-C-API vocabulary', () => {
  it('should pair buffers with the sizes their specs name, never by position', () => {
    const fn = resolveOne({ prototype: LZ4, params: { src: { length: 'compressedSize' }, dst: { capacity: 'dstCapacity' } } });
    expect(fn.params.map((p) => p.role)).toEqual(['buffer', 'capacity', 'length', 'length']);
    expect(fn.params[0]).toMatchObject({ lengthIndex: 2 });
    expect(fn.params[1]).toMatchObject({ sizeIndex: 3, maxCapacity: 4096 });
    expect(fn.params[3]).toMatchObject({ bufferIndex: 1 });
  });

  it('should make a size passed through a pointer an in/out length', () => {
    const fn = resolveOne({ prototype: UNCOMPRESS, params: { dest: { capacity: 'destLen', maxCapacity: 64 } } });
    expect(fn.params.map((p) => p.role)).toEqual(['capacity', 'inout', 'buffer', 'length']);
    expect(fn.params[1]).toMatchObject({ bufferIndex: 0, type: { name: 'unsigned long', bytes: 8 } });
  });

  it('should plan C strings, fixed values, and per-parameter survives and nullable', () => {
    const fn = resolveOne({
      prototype: 'int f(const char *s, const uint8_t *p, size_t n, void *opts, int mode)',
      params: {
        s: { cstring: { encoding: 'utf8', maxLength: 9 } },
        p: { nullable: true, survives: ['null'] },
        opts: { fixed: null },
        mode: { fixed: 3 },
      },
      contract: { survives: ['zero-length'] },
    });
    expect(fn.params[0]).toMatchObject({ role: 'cstring', encoding: 'utf8', maxLength: 9, isConst: true, nullable: false });
    expect(fn.params[1]).toMatchObject({ role: 'buffer', nullable: true, survives: new Set(['null']), lengthIndex: 2 });
    expect(fn.params[3]).toEqual({ role: 'fixed', name: 'opts', value: null });
    expect(fn.params[4]).toEqual({ role: 'fixed', name: 'mode', value: 3n });
  });

  it('should take opaque handle types from typedefs and name the way out for one outside a lifecycle', () => {
    const error = errorOf(() => resolveOne({ prototype: 'int rure_is_match(rure *re)' }, { typedefs: { rure: 'opaque' } }));
    expect(error.message).toContain("cannot generate parameter 're' of type rure *");
    expect(error.hint).toContain('lifecycle');
    expect(
      resolveOne({ prototype: 'int f(rure *re)', params: { re: { nullable: true } } }, { typedefs: { rure: 'opaque' } }).params[0],
    ).toEqual({
      role: 'fixed',
      name: 're',
      value: null,
    });
  });

  it.each([
    [{ prototype: LZ4, params: { dst: { capacity: 'src' } } }, '.params.dst.capacity', "capacity 'src' is not an integer parameter"],
    [
      { prototype: LZ4, params: { src: { length: 'compressedSize' }, dst: { capacity: 'compressedSize' } } },
      '.params.dst.capacity',
      'already carries the size',
    ],
    [{ prototype: 'int f(int n)', params: { n: { cstring: { encoding: 'utf8' } } } }, '.params.n.cstring', 'cstring needs a char pointer'],
    [{ prototype: 'int f(void *p)', params: { p: { fixed: 4 } } }, '.params.p.fixed', 'a pointer can only be fixed to null'],
    [{ prototype: 'int f(void *p)', params: { p: { capacity: 'n', cstring: { encoding: 'utf8' } } } }, '.params.p', 'cannot go together'],
    [
      { prototype: 'int f(const char *p)', params: { p: { cstring: { encoding: 'latin1' } } } },
      '.params.p.cstring.encoding',
      "encoding: 'utf8' | 'bytes'",
    ],
    [{ prototype: 'int f(void *p)', params: { p: { nullable: 'yes' } } }, '.params.p.nullable', 'nullable must be true or false'],
    [
      { prototype: 'int f(void *p)', params: { p: { survives: ['sometimes'] } } },
      '.params.p.survives',
      "unknown malformed-input kind 'sometimes'",
    ],
    [{ prototype: 'int f(void *p)', params: { p: { capcity: 'n' } } }, '.params.p.capcity', "unknown field 'capcity'"],
  ])('should reject %j naming the field', (fn, field, message) => {
    const error = errorOf(() => resolveOne(fn as FunctionSpec));
    expect(error.code).toBe('bad-spec');
    expect(error.where).toContain(field);
    expect(error.message).toContain(message);
  });
});

describe('return plans', () => {
  const helpers = { release: 'void release(char *p)' };

  it('should read a declared string, free it with the releaser, and compare it', () => {
    const fn = resolveOne({ prototype: 'char *print(int x)', returns: { cstring: true, releaser: 'release' } }, { helpers });
    expect(fn.returns).toEqual({ kind: 'cstring', releaser: 'release' });
    expect(fn.deterministic).toBe(true);
    expect(fn.koffiPrototype).toBe('void * print(int x)');
  });

  it('should never compare a returned pointer', () => {
    const fn = resolveOne({ prototype: 'char *make(int x)' });
    expect(fn.returns).toEqual({ kind: 'pointer', releaser: undefined });
    expect(fn.deterministic).toBe(false);
    const error = errorOf(() => resolveOne({ prototype: 'char *make(int x)', contract: { deterministic: true } }));
    expect(error.where).toContain('.contract.deterministic');
  });

  it.each([
    [{ prototype: 'int f(int x)', returns: { cstring: true } }, '.returns', 'returns int, not a pointer'],
    [{ prototype: 'char *f(int x)', returns: { releaser: 'nothing' } }, '.returns.releaser', "releaser names 'nothing'"],
    [{ prototype: 'char *f(int x)', returns: { releaser: 'two' } }, '.returns.releaser', 'must take exactly one pointer'],
    [{ prototype: 'char *f(int x)', returns: { owned: true } }, '.returns.owned', "unknown field 'owned'"],
  ])('should reject %j naming the field', (fn, field, message) => {
    const error = errorOf(() => resolveOne(fn as FunctionSpec, { helpers: { ...helpers, two: 'void two(char *a, char *b)' } }));
    expect(error.where).toContain(field);
    expect(error.message).toContain(message);
  });
});
