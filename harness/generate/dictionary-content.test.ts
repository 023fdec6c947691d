import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dictionaryContent } from './dictionary-content.js';

const TOKENS = ['user_id', 'event_type', 'timestamp', 'payload', 'items'];
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Every object key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

describe('dictionaryContent', () => {
  it('should give the same bytes for the same seed', () => {
    // Arrange
    const arbitrary = dictionaryContent(TOKENS, 4096);
    // Act
    const first = fc.sample(arbitrary, { seed: 42, numRuns: 200 });
    const second = fc.sample(dictionaryContent(TOKENS, 4096), { seed: 42, numRuns: 200 });
    // Assert
    expect(second).toEqual(first);
  });

  it('should build mostly JSON documents whose keys all come from the dictionary', () => {
    // Arrange / Act
    const docs = fc.sample(dictionaryContent(TOKENS, 4096), { seed: 1, numRuns: 1000 }).flatMap((bytes) => {
      try {
        return [JSON.parse(decode(bytes)) as unknown];
      } catch {
        return [];
      }
    });
    // Assert
    expect(docs.length).toBeGreaterThan(600);
    expect(new Set(docs.flatMap(keysOf))).toEqual(new Set(TOKENS));
  });

  it('should often put two given fields in one object with string values', () => {
    // Arrange / Act: the shape a parser with required string fields needs to get past its first checks.
    const both = fc.sample(dictionaryContent(TOKENS, 4096), { seed: 3, numRuns: 1000 }).filter((bytes) => {
      try {
        const doc = JSON.parse(decode(bytes)) as Record<string, unknown>;
        return typeof doc.user_id === 'string' && typeof doc.event_type === 'string';
      } catch {
        return false;
      }
    });
    // Assert
    expect(both.length).toBeGreaterThan(50);
  });

  it('should never exceed the buffer limit', () => {
    expect(fc.sample(dictionaryContent(TOKENS, 16), { seed: 5, numRuns: 500 }).every((b) => b.length <= 16)).toBe(true);
  });

  it('should refuse an empty dictionary', () => {
    expect(() => dictionaryContent([], 64)).toThrow('dictionaryContent: the dictionary is empty');
  });
});
