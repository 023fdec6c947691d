import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import type { CallInput } from '../model/call-input.js';
import type { CallEffects } from './invoke.js';
import { judgeCall, type LastErrorMemory } from './oracles.js';

const target = resolveTarget(
  defineTarget({
    name: 't',
    library: 'x.so',
    functions: {
      parse: {
        prototype: 'int32_t parse(const uint8_t *p, int32_t n)',
        contract: { survives: ['null', 'negative-length'], errorReturn: 'negative' },
        lastError: 'last_error',
        postcondition: (result, input) =>
          typeof result === 'number' && input.args[0]?.kind === 'buffer' && result > input.args[0].bytes.length
            ? 'more events than bytes'
            : undefined,
      },
    },
    helpers: { last_error: 'const char *last_error(void)' },
  }),
  '/tmp',
);
const fn = target.functions[0]!;
const input = (bytes: number, declaredLength?: number): CallInput => ({
  fn: 'parse',
  args: [
    declaredLength === undefined
      ? { kind: 'buffer', bytes: new Uint8Array(bytes), align: 0 }
      : { kind: 'buffer', bytes: new Uint8Array(bytes), align: 0, declaredLength },
    { kind: 'length', of: 0 },
  ],
});
const returned = (result: unknown): CallEffects => ({ result, damage: undefined, constChanged: undefined });
const fresh = (): LastErrorMemory => ({ result: undefined, message: undefined });

describe('judgeCall', () => {
  it('should accept an error return with its own message', () => {
    expect(judgeCall(fn, input(4), returned(-4), () => 'invalid JSON', fresh())).toEqual({ kind: 'ok', result: '-4' });
  });

  it('should flag a contract-invalid input that does not return an error', () => {
    expect(judgeCall(fn, input(4, -1), returned(0), () => '', fresh())).toMatchObject({
      kind: 'wrong-result',
      oracle: 'contract-error-return',
    });
  });

  it('should flag an error whose last-error text is empty', () => {
    expect(judgeCall(fn, input(4, -1), returned(-2), () => '', fresh())).toMatchObject({
      kind: 'wrong-result',
      oracle: 'last-error-missing',
    });
  });

  it("should flag an error that still reports the previous call's different error", () => {
    const memory = fresh();
    judgeCall(fn, input(4), returned(-4), () => 'invalid JSON', memory);
    expect(judgeCall(fn, input(4, -1), returned(-2), () => 'invalid JSON', memory)).toMatchObject({
      kind: 'wrong-result',
      oracle: 'last-error-stale',
    });
  });

  it('should run the user postcondition on returned calls', () => {
    expect(judgeCall(fn, input(2), returned(5), () => '', fresh())).toMatchObject({
      kind: 'wrong-result',
      oracle: 'postcondition',
      message: 'parse returned 5: more events than bytes',
    });
  });

  it('should report red-zone damage with its offset past the end', () => {
    const damage = { param: 0, offset: 16, length: 8, found: '0000000000000000' };
    expect(judgeCall(fn, input(16), { result: 0, damage, constChanged: undefined }, undefined, fresh())).toMatchObject({
      kind: 'oob-write',
      message: "parse wrote 8 bytes past the end of 'p' (16 bytes), at offset 16..23: found 0000000000000000",
    });
  });
});
