import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarnessError } from './harness-error.js';
import { describeInput, inputFromJson, inputToJson, type CallInput } from './call-input.js';

describe('call input JSON form', () => {
  it('should give back the same input after a JSON round trip', () => {
    const input: CallInput = {
      fn: 'f',
      args: [
        { kind: 'buffer', bytes: Uint8Array.of(1, 2, 255), align: 3, declaredLength: -1 },
        { kind: 'length', of: 0 },
        { kind: 'int', value: 18446744073709551615n },
        { kind: 'int', value: -5n },
        { kind: 'null' },
        { kind: 'output', size: 16, align: 4 },
        { kind: 'float', value: 1.5 },
        { kind: 'bool', value: true },
        { kind: 'cstring', bytes: new TextEncoder().encode('ü+'), align: 2 },
        { kind: 'capacity', size: 4096, align: 1 },
        { kind: 'inout', of: 9 },
      ],
    };
    expect(inputFromJson(JSON.parse(JSON.stringify(inputToJson(input))), 'test')).toEqual(input);
  });

  it('should describe the real-C-API kinds: a string, a capacity, an in/out length', () => {
    const input: CallInput = {
      fn: 'uncompress',
      args: [
        { kind: 'capacity', size: 512, align: 0 },
        { kind: 'inout', of: 0 },
        { kind: 'cstring', bytes: new TextEncoder().encode('a+b'), align: 3 },
      ],
    };
    expect(describeInput(input, ['dest', 'destLen', 'pattern'])).toBe('uncompress(dest=cap[512], destLen=&512, pattern="a+b" @+3)');
  });

  it('should reject a stored C string holding a NUL, and a size pointing at no buffer', () => {
    expect(() => inputFromJson({ fn: 'f', args: [{ kind: 'cstring', hex: '6100', align: 0 }] }, 'test')).toThrowError(
      'must not contain a NUL byte',
    );
    expect(() => inputFromJson({ fn: 'f', args: [{ kind: 'inout', of: 0 }] }, 'test')).toThrowError(
      'args[0].of must index a buffer or capacity argument',
    );
  });

  it('should describe a call with parameter names', () => {
    const input: CallInput = {
      fn: 'parse',
      args: [
        { kind: 'buffer', bytes: new Uint8Array(40), align: 3 },
        { kind: 'length', of: 0 },
      ],
    };
    expect(describeInput(input, ['ptr', 'len'])).toBe('parse(ptr=40 bytes @+3, len=40)');
  });

  it('should reject malformed JSON inputs with the field named, never throw anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          inputFromJson(json, 'fuzzed');
        } catch (error) {
          expect(error).toBeInstanceOf(HarnessError);
          expect((error as HarnessError).message).toMatch(/^invalid input: /);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(() => inputFromJson({ fn: 'f', args: [{ kind: 'buffer', hex: 'zz', align: 0 }] }, 'x')).toThrowError(
      'args[0].hex must be hex bytes',
    );
    expect(() => inputFromJson({ fn: 'f', args: [{ kind: 'length', of: 0 }] }, 'x')).toThrowError(
      'args[0].of must index a buffer or capacity argument',
    );
  });
});
