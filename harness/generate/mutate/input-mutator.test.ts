import { describe, expect, it } from 'vitest';
import { declaredLengthOf, type CallInput } from '../../model/call-input.js';
import { resolveTarget, type ResolvedFunction } from '../../ffi/resolve-target.js';
import { defineTarget } from '../../ffi/target-spec.js';
import { cloneInput, InputMutator } from './input-mutator.js';
import { mutationContext } from './test-support/mutation-context.js';

function fnOf(prototype: string, survives: string[], maxLength = 32): ResolvedFunction {
  const name = /(\w+)\s*\(/.exec(prototype)![1]!;
  const param = /\*\s*(\w+)/.exec(prototype)![1]!;
  const target = resolveTarget(
    defineTarget({
      name: 't',
      library: 'libt.so',
      functions: { [name]: { prototype, params: { [param]: { maxLength } }, contract: { survives: survives as never } } },
    }),
    '/tmp',
  );
  return target.functions[0]!;
}

const ctxOf = (seed: number) => mutationContext({ seed });

/** 2000 generations of mutants, each mutant the next parent. */
function walk(fn: ResolvedFunction, start: CallInput, seed: number): CallInput[] {
  const mutator = new InputMutator(fn, seed);
  const ctx = ctxOf(seed);
  const out: CallInput[] = [];
  let parent = start;
  for (let i = 0; i < 2000; i++) {
    parent = cloneInput(mutator.mutate(parent, ctx));
    out.push(parent);
  }
  return out;
}

describe('InputMutator', () => {
  it('should keep every mutant inside a strict contract: aligned, non-empty, honest lengths, at most maxLength', () => {
    const fn = fnOf('int32_t f(const uint8_t *p, int32_t n)', []);
    const start: CallInput = {
      fn: 'f',
      args: [
        { kind: 'buffer', bytes: Uint8Array.of(1, 2, 3), align: 0 },
        { kind: 'length', of: 0 },
      ],
    };
    for (const m of walk(fn, start, 11)) {
      const b = m.args[0]!;
      expect(b.kind).toBe('buffer');
      if (b.kind !== 'buffer') continue;
      expect(b.align).toBe(0);
      expect(b.bytes.length).toBeGreaterThanOrEqual(1);
      expect(b.bytes.length).toBeLessThanOrEqual(32);
      expect(b.declaredLength === undefined || (b.declaredLength >= 1 && b.declaredLength < b.bytes.length)).toBe(true);
    }
  });

  it('should mutate the alignment, NULL and lying lengths when the contract survives them', () => {
    const fn = fnOf('int32_t f(const uint8_t *p, int32_t n)', ['null', 'zero-length', 'negative-length', 'misaligned', 'oversized']);
    const start: CallInput = {
      fn: 'f',
      args: [
        { kind: 'buffer', bytes: Uint8Array.of(1, 2, 3), align: 0 },
        { kind: 'length', of: 0 },
      ],
    };
    const mutants = walk(fn, start, 12);
    const buffers = mutants.flatMap((m) => (m.args[0]!.kind === 'buffer' ? [m.args[0]!] : []));
    expect(mutants.some((m) => m.args[0]!.kind === 'null' && m.args[1]!.kind === 'int')).toBe(true);
    expect(buffers.some((b) => b.align % 8 !== 0)).toBe(true);
    expect(buffers.some((b) => declaredLengthOf(b) < 0)).toBe(true);
    expect(buffers.some((b) => declaredLengthOf(b) > b.bytes.length)).toBe(true);
  });

  it('should grow ordinary mutants within the length limit and make occasional long ones up to maxLength', () => {
    // Arrange: a parent of 3 bytes, a limit of 64 bytes, buffers of up to 65 536.
    const fn = fnOf('int32_t f(const uint8_t *p, int32_t n)', [], 65_536);
    const parent: CallInput = {
      fn: 'f',
      args: [
        { kind: 'buffer', bytes: Uint8Array.from(Buffer.from('[1]')), align: 0 },
        { kind: 'length', of: 0 },
      ],
    };
    const mutator = new InputMutator(fn, 4);
    const ctx = mutationContext({ seed: 4, maxLength: 64 });
    const lengths: { size: number; long: boolean }[] = [];
    // Act
    for (let i = 0; i < 3000; i++) {
      const m = mutator.mutate(parent, ctx);
      const b = m.args[0]!;
      const long = mutator.chain.some((n) => ['repeat-token', 'nest', 'digit-run'].includes(n));
      if (b.kind === 'buffer') lengths.push({ size: b.bytes.length, long });
    }
    // Assert
    expect(lengths.filter((l) => !l.long).every((l) => l.size <= 64)).toBe(true);
    expect(lengths.every((l) => l.size <= 65_536)).toBe(true);
    expect(lengths.some((l) => l.long && l.size > 8192)).toBe(true);
  });

  it('should keep a C string NUL-terminated', () => {
    const fn = fnOf('int32_t f(const char *s)', []);
    const start: CallInput = { fn: 'f', args: [{ kind: 'buffer', bytes: Uint8Array.of(0x41, 0), align: 0 }] };
    for (const m of walk(fn, start, 13)) {
      const b = m.args[0]!;
      if (b.kind === 'buffer') expect(b.bytes[b.bytes.length - 1]).toBe(0);
    }
  });

  it('should give the same mutants for the same seed', () => {
    const fn = fnOf('int32_t f(const uint8_t *p, int32_t n)', ['misaligned', 'zero-length']);
    const start: CallInput = {
      fn: 'f',
      args: [
        { kind: 'buffer', bytes: Uint8Array.of(1, 2, 3), align: 0 },
        { kind: 'length', of: 0 },
      ],
    };
    const hex = (ms: CallInput[]) =>
      ms.map((m) => (m.args[0]!.kind === 'buffer' ? `${Buffer.from(m.args[0]!.bytes).toString('hex')}@${m.args[0]!.align}` : 'null'));
    expect(hex(walk(fn, start, 5))).toEqual(hex(walk(fn, start, 5)));
    expect(hex(walk(fn, start, 5))).not.toEqual(hex(walk(fn, start, 6)));
  });
});
