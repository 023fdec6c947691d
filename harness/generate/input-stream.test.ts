import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import { callArbitrary } from './arbitraries.js';
import { InputStream, mixSeed } from './input-stream.js';

const target = resolveTarget(
  defineTarget({
    name: 't',
    library: 'x.so',
    functions: {
      f: {
        prototype: 'int32_t f(const uint8_t *p, int32_t n, uint64_t flags)',
        contract: { survives: ['null', 'negative-length', 'misaligned'] },
      },
    },
  }),
  '/tmp',
);
const fn = target.functions[0]!;

describe('input stream', () => {
  it('should give the same input for the same (seed, stream, index), in any order', () => {
    const a = new InputStream(callArbitrary(fn), 7, 0);
    const forward = [0, 1, 2, 3, 500].map((i) => a.at(i));
    const b = new InputStream(callArbitrary(fn), 7, 0);
    const backward = [500, 3, 2, 1, 0].map((i) => b.at(i)).reverse();
    expect(backward).toEqual(forward);
  });

  it('should give different streams to different threads', () => {
    expect(new InputStream(callArbitrary(fn), 7, 0).at(3)).not.toEqual(new InputStream(callArbitrary(fn), 7, 1).at(3));
    expect(new Set([0, 1, 2, 3].map((s) => mixSeed(7, s, 0))).size).toBe(4);
  });

  it('should generate only what the contract allows, and pair the length with its buffer', () => {
    const stream = new InputStream(callArbitrary(fn), 1, 0);
    const inputs = Array.from({ length: 2000 }, (_, i) => stream.at(i));
    expect(inputs.every((i) => i.args[1]!.kind === 'length' || (i.args[0]!.kind === 'null' && i.args[1]!.kind === 'int'))).toBe(true);
    expect(inputs.some((i) => i.args[0]!.kind === 'null')).toBe(true);
    expect(inputs.some((i) => i.args[0]!.kind === 'buffer' && (i.args[0]!.declaredLength ?? 0) < 0)).toBe(true);
    expect(new Set(inputs.map((i) => (i.args[0]!.kind === 'buffer' ? i.args[0]!.align : -1))).size).toBe(17);
  });

  it('should never generate negative lengths or null when the contract does not promise to survive them', () => {
    const strict = resolveTarget(
      defineTarget({
        name: 's',
        library: 'x.so',
        functions: { g: { prototype: 'int32_t g(const uint8_t *p, size_t n)', contract: { survives: [] } } },
      }),
      '/tmp',
    );
    fc.assert(
      fc.property(fc.nat(), (index) => {
        const input = new InputStream(callArbitrary(strict.functions[0]!), 3, 0).at(index);
        const buffer = input.args[0]!;
        return buffer.kind === 'buffer' && buffer.align === 0 && (buffer.declaredLength ?? 1) >= 1 && buffer.bytes.length > 0;
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});
