import { describe, expect, it } from 'vitest';
import { judgeConcurrent, type AloneResult, type DifferentialFunction } from './differential.js';

const parseChunk: DifferentialFunction = { name: 'parse_chunk', lastError: 'get_last_error', comparesResult: true };
const invalidJson: AloneResult = { result: '-4', isError: true, message: 'invalid JSON: EOF', ownMessage: true };

describe('judgeConcurrent', () => {
  it('should accept a concurrent call that returns and says what the input does alone', () => {
    expect(judgeConcurrent(parseChunk, invalidJson, '-4', 'invalid JSON: EOF')).toBeUndefined();
  });

  it('should report another message after the same error as a last-error-foreign race', () => {
    // Act
    const race = judgeConcurrent(parseChunk, invalidJson, '-4', 'event 0: field `user_id` is missing or not a string');
    // Assert
    expect(race).toMatchObject({ kind: 'race', oracle: 'last-error-foreign', result: '-4', alone: '"invalid JSON: EOF"' });
    expect(race!.message).toMatch(/^get_last_error\(\) after parse_chunk returned -4 said "event 0/);
  });

  it('should report a different return value as a differential race', () => {
    expect(judgeConcurrent(parseChunk, invalidJson, '2', undefined)).toMatchObject({ oracle: 'differential', result: '2', alone: '-4' });
  });

  it('should not judge the message of a call that did not write it alone (stale last error)', () => {
    const stale: AloneResult = { ...invalidJson, ownMessage: false };
    expect(judgeConcurrent(parseChunk, stale, '-4', 'something else')).toBeUndefined();
  });

  it('should not compare results that are not comparable (returned pointers)', () => {
    const pointer: DifferentialFunction = { name: 'make', lastError: undefined, comparesResult: false };
    expect(
      judgeConcurrent(pointer, { result: '140000', isError: false, message: undefined, ownMessage: false }, '150000', undefined),
    ).toBeUndefined();
  });
});
