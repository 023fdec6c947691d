import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../ffi/resolve-target.js';
import { defineTarget, type FunctionSpec } from '../ffi/target-spec.js';
import type { ArgValue } from '../model/call-input.js';
import { callArbitrary } from './arbitraries.js';

function calls(fn: FunctionSpec, numRuns = 300) {
  const name = /(\w+)\s*\(/.exec(fn.prototype)![1]!;
  const resolved = resolveTarget(defineTarget({ name: 't', library: 'x.so', functions: { [name]: fn } }), '/').functions[0]!;
  return fc.sample(callArbitrary(resolved), { seed: 7, numRuns });
}

describe('arguments of the real-C-API vocabulary', () => {
  it('should generate UTF-8 C strings without NUL, within maxLength, unless invalid UTF-8 is survived', () => {
    const strings = calls({ prototype: 'int f(const char *s)', params: { s: { cstring: { encoding: 'utf8', maxLength: 40 } } } }).map(
      (c) => c.args[0]!,
    );
    for (const s of strings) {
      expect(s.kind).toBe('cstring');
      const bytes = (s as Extract<ArgValue, { kind: 'cstring' }>).bytes;
      expect(bytes.includes(0)).toBe(false);
      expect(bytes.length).toBeLessThanOrEqual(40);
      expect(isUtf8(bytes)).toBe(true);
    }
    const survived = calls({
      prototype: 'int f(const char *s)',
      params: { s: { cstring: { encoding: 'utf8', content: fc.constant('abc') }, survives: ['invalid-utf8'] } },
    });
    expect(survived.some((c) => !isUtf8((c.args[0] as { bytes: Uint8Array }).bytes))).toBe(true);
  });

  it("should turn a spec's text content into bytes without NUL", () => {
    const strings = calls({
      prototype: 'int f(const char *s)',
      params: { s: { cstring: { encoding: 'bytes', content: fc.constant('a\0b') } } },
    });
    expect(strings[0]!.args[0]).toEqual({ kind: 'cstring', bytes: new TextEncoder().encode('ab'), align: expect.any(Number) });
  });

  it('should give a capacity buffer its size through the paired length or in/out pointer', () => {
    const byValue = calls({ prototype: 'int f(char *dst, int cap)', params: { dst: { capacity: 'cap', maxCapacity: 100 } } });
    const sizes = byValue.map((c) => (c.args[0] as { size: number }).size);
    expect(Math.max(...sizes)).toBe(100);
    expect(Math.min(...sizes)).toBe(0);
    expect(
      byValue.every((c) => c.args[0]!.kind === 'capacity' && c.args[1]!.kind === 'length' && (c.args[1] as { of: number }).of === 0),
    ).toBe(true);
    const inout = calls({
      prototype: 'int f(char *dst, unsigned long *len, const uint8_t *src, unsigned long n)',
      params: { dst: { capacity: 'len' } },
    });
    expect(inout.every((c) => c.args[1]!.kind === 'inout' && (c.args[1] as { of: number }).of === 0 && c.args[3]!.kind === 'length')).toBe(
      true,
    );
  });

  it('should pass NULL now and then for a nullable pointer only, and always the fixed value', () => {
    const nullable = calls({
      prototype: 'int f(const uint8_t *p, int n, void *opts)',
      params: { p: { nullable: true }, opts: { fixed: null } },
    });
    expect(nullable.some((c) => c.args[0]!.kind === 'null')).toBe(true);
    expect(nullable.every((c) => c.args[2]!.kind === 'null')).toBe(true);
    const strict = calls({ prototype: 'int f(const uint8_t *p, int n)' });
    expect(strict.some((c) => c.args[0]!.kind === 'null')).toBe(false);
    expect(
      calls({ prototype: 'int f(int mode)', params: { mode: { fixed: 7 } } }).every((c) => (c.args[0] as { value: bigint }).value === 7n),
    ).toBe(true);
  });

  it('should apply a parameter’s own survives instead of the function’s', () => {
    const fn: FunctionSpec = {
      prototype: 'int f(const uint8_t *a, int an, const uint8_t *b, int bn)',
      params: { b: { survives: ['null', 'misaligned'] } },
      contract: { survives: [] },
    };
    const generated = calls(fn);
    expect(generated.some((c) => c.args[2]!.kind === 'null')).toBe(true);
    expect(generated.every((c) => c.args[0]!.kind === 'buffer' && (c.args[0] as { align: number }).align === 0)).toBe(true);
  });
});
