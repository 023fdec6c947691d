import { describe, expect, it } from 'vitest';
import { describeInput, inputFromJson, inputToJson, type CallInput } from './call-input.js';

describe('call input JSON form (handle arguments)', () => {
  it('should round-trip a handle reference and describe it', () => {
    const input: CallInput = { fn: 'session_push', args: [{ kind: 'handle', from: 2 }, { kind: 'null' }, { kind: 'int', value: 0n }] };

    const back = inputFromJson(JSON.parse(JSON.stringify(inputToJson(input))), 'test');

    expect(back).toEqual(input);
    expect(describeInput(back, ['s', 'data', 'len'])).toBe('session_push(s=handle of #2, data=NULL, len=0)');
    expect(describeInput({ fn: 'session_free', args: [{ kind: 'handle', from: -1 }] }, ['s'])).toBe('session_free(s=no handle)');
  });

  it('should reject a handle reference that is not an index or -1, naming the field', () => {
    for (const from of [-2, 1.5, '1', null]) {
      expect(() => inputFromJson({ fn: 'f', args: [{ kind: 'handle', from }] }, 'rec.json')).toThrow(
        /args\[0\]\.from must be the index of an earlier call, or -1/,
      );
    }
  });
});
