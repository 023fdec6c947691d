import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCLibrary } from '../abi/test-support/c-ground-truth.js';
import { resolveTarget, type ResolvedFunction } from '../ffi/resolve-target.js';
import { defineTarget, type TargetSpec } from '../ffi/target-spec.js';
import type { ArgValue, CallInput } from '../model/call-input.js';
import { Arena, OUTPUT_FILL } from './arena.js';
import { BoundFunction } from './invoke.js';

// Real native calls through BoundFunction: what the placement of each new argument kind and the
// handling of returned pointers do to (and see of) a C library compiled for the test.
const library = buildCLibrary(
  `
  #include <stdlib.h>
  #include <string.h>
  int first_byte(const unsigned char *dst, int cap) { return cap > 0 ? dst[0] : -1; }
  int fill(unsigned char *dst, int cap, int n) { memset(dst, 7, n); return n; }
  int grow(unsigned char *dst, unsigned long *len) { *len += 1; return 0; }
  int shrink(unsigned char *dst, unsigned long *len) { if (*len > 0) { dst[0] = 1; *len = 1; } return 0; }
  size_t length(const char *s) { return strlen(s); }
  char *copy(const char *s) { return strdup(s); }
  char *nowhere(void) { return (char *)16; }
  static int released = 0;
  void release(char *p) { released++; free(p); }
  int released_count(void) { return released; }
  typedef struct thing thing;
  int use(thing *t) { return t == 0 ? -99 : 1; }
  `,
  { debug: false, name: 'invoke' },
);
const lib = koffi.load(library);
const released = lib.func('int released_count(void)') as () => number;
const arena = new Arena(4, 256, 1, 'off');
afterAll(() => lib.unload());

const spec = (functions: TargetSpec['functions']) =>
  resolveTarget(
    defineTarget({ name: 'fx', library, functions, helpers: { release: 'void release(char *p)' }, typedefs: { thing: 'opaque' } }),
    '/',
  );

const free = lib.func('void release(void *p)') as (p: bigint) => void;

/** `fn` bound as an engine thread binds it: with the releaser its spec names. */
function bound(fn: ResolvedFunction): BoundFunction {
  const releaser = fn.returns.kind !== 'value' && fn.returns.releaser !== undefined ? free : undefined;
  return new BoundFunction(lib.func(fn.koffiPrototype) as (...a: unknown[]) => unknown, fn, arena, releaser);
}

const call = (fn: string, ...args: ArgValue[]): CallInput => ({ fn, args });

describe('BoundFunction', () => {
  it('should fill a capacity buffer with the non-zero pattern and pass its size', () => {
    const fn = spec({ first_byte: { prototype: 'int first_byte(const uint8_t *dst, int cap)', params: { dst: { capacity: 'cap' } } } })
      .functions[0]!;
    const effects = bound(fn).invoke(call('first_byte', { kind: 'capacity', size: 16, align: 3 }, { kind: 'length', of: 0 }));
    expect(effects.result).toBe(OUTPUT_FILL);
    expect(effects.damage).toBeUndefined();
  });

  it('should see a write past a capacity buffer in its red zone', () => {
    const fn = spec({ fill: { prototype: 'int fill(uint8_t *dst, int cap, int n)', params: { dst: { capacity: 'cap' } } } }).functions[0]!;
    const effects = bound(fn).invoke(
      call('fill', { kind: 'capacity', size: 8, align: 0 }, { kind: 'length', of: 0 }, { kind: 'int', value: 10n }),
    );
    expect(effects.damage).toMatchObject({ param: 0, offset: 8, length: 2 });
  });

  it('should pass an in/out length the buffer size and report a callee that raises it', () => {
    const fns = spec({
      grow: { prototype: 'int grow(uint8_t *dst, unsigned long *len)', params: { dst: { capacity: 'len' } } },
      shrink: { prototype: 'int shrink(uint8_t *dst, unsigned long *len)', params: { dst: { capacity: 'len' } } },
    }).functions;
    const args: ArgValue[] = [
      { kind: 'capacity', size: 12, align: 0 },
      { kind: 'inout', of: 0 },
    ];
    expect(bound(fns[0]!).invoke(call('grow', ...args)).inoutRaised).toEqual({ param: 1, given: 12n, returned: 13n });
    expect(bound(fns[1]!).invoke(call('shrink', ...args)).inoutRaised).toBeUndefined();
  });

  it('should place a C string with its NUL', () => {
    const fn = spec({ length: { prototype: 'size_t length(const char *s)', params: { s: { cstring: { encoding: 'utf8' } } } } })
      .functions[0]!;
    const effects = bound(fn).invoke(call('length', { kind: 'cstring', bytes: new TextEncoder().encode('héllo'), align: 5 }));
    expect(Number(effects.result)).toBe(6);
    expect(effects.damage).toBeUndefined();
    expect(effects.constChanged).toBeUndefined();
  });

  it('should read a returned string and free it with the releaser', () => {
    const fn = spec({
      copy: {
        prototype: 'char *copy(const char *s)',
        params: { s: { cstring: { encoding: 'bytes' } } },
        returns: { cstring: true, releaser: 'release' },
      },
    }).functions[0]!;
    const before = released();
    const effects = bound(fn).invoke(call('copy', { kind: 'cstring', bytes: new TextEncoder().encode('abc'), align: 0 }));
    expect(effects.result).toBe('abc');
    expect(released()).toBe(before + 1);
  });

  it('should report a returned string pointer that cannot be read, not crash', () => {
    const fn = spec({ nowhere: { prototype: 'char *nowhere(void)', returns: { cstring: true } } }).functions[0]!;
    const effects = bound(fn).invoke(call('nowhere'));
    expect(effects.returnFault).toMatch(/returned 0x10, a string pointer whose memory is not readable/);
  });

  it('should leave a returned pointer unread as an address', () => {
    const fn = spec({ nowhere: { prototype: 'char *nowhere(void)' } }).functions[0]!;
    expect(fn.deterministic).toBe(false);
    expect(bound(fn).invoke(call('nowhere')).result).toBe(16n);
  });

  it('should not call a function whose non-nullable handle is NULL, and pass NULL to a nullable one', () => {
    const functions = {
      make: { prototype: 'thing *make(void)' },
      use: { prototype: 'int use(thing *t)' },
      drop: { prototype: 'void drop(thing *t)' },
    };
    const strict = resolveTarget(
      defineTarget({
        name: 'fx',
        library,
        functions,
        typedefs: { thing: 'opaque' },
        lifecycle: { create: 'make', use: ['use'], release: 'drop' },
      }),
      '/',
    );
    const lenient = resolveTarget(
      defineTarget({
        name: 'fx',
        library,
        functions: { ...functions, use: { ...functions.use, params: { t: { nullable: true } } } },
        typedefs: { thing: 'opaque' },
        lifecycle: { create: 'make', use: ['use'], release: 'drop' },
      }),
      '/',
    );
    const input = call('use', { kind: 'handle', from: 0 });
    const failedCreate = () => 0n;
    expect(bound(strict.functions.find((f) => f.name === 'use')!).invoke(input, failedCreate).skipped).toBe(true);
    expect(bound(lenient.functions.find((f) => f.name === 'use')!).invoke(input, failedCreate).result).toBe(-99);
  });
});
