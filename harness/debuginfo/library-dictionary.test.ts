import { beforeAll, describe, expect, it } from 'vitest';
import { buildCLibrary } from '../abi/test-support/c-ground-truth.js';
import { buildRustTargets } from '../abi/test-support/rust-targets.js';
import { describeDictionary, harvestDictionary } from './library-dictionary.js';

describe('harvestDictionary', () => {
  let chunkParser: string;

  beforeAll(() => {
    ({ 'chunk-parser': chunkParser } = buildRustTargets(['chunk-parser']));
  }, 600_000);

  it("should cut rustc's back-to-back literals at the addresses the code loads, keeping the library's own", () => {
    // Arrange / Act
    const dictionary = harvestDictionary(chunkParser);
    // Assert
    expect(dictionary.source).toBe('own-code');
    expect(dictionary.tokens).toEqual(expect.arrayContaining(['user_id', 'event_type', 'timestamp', 'payload', 'items', 'payload.items']));
    // std's and serde's literals are not the library's own formats.
    expect(dictionary.tokens).not.toContain('true');
    expect(dictionary.tokens.length).toBeLessThan(20);
  });

  it('should find the string literals of a C library', () => {
    // Arrange
    const lib = buildCLibrary(
      '#include <string.h>\nint has_key(const char *s) { return strcmp(s, "alpha_key") == 0 || strcmp(s, "beta-mode") == 0; }\n',
      { debug: true, name: 'dict' },
    );
    // Act
    const dictionary = harvestDictionary(lib);
    // Assert
    expect(dictionary.tokens).toEqual(expect.arrayContaining(['alpha_key', 'beta-mode']));
  });

  it('should say why it is empty instead of throwing for a file it cannot read', () => {
    // Arrange / Act
    const dictionary = harvestDictionary('/nonexistent/libnothing.so');
    // Assert
    expect(dictionary).toMatchObject({ tokens: [], source: 'none' });
    expect(describeDictionary('libnothing.so', dictionary)).toMatch(
      /^dictionary: none harvested from libnothing\.so \(.+\); inputs are random bytes$/,
    );
  });
});
