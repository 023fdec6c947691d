import { describe, expect, it } from 'vitest';
import { packScoutIndex, parseScoutResults, unpackScoutIndex } from './stress-protocol.js';

describe('packScoutIndex', () => {
  it("should round-trip a stream and an index through the recorder's stream index", () => {
    // Arrange
    const packed = packScoutIndex(31, 123_456);
    // Act
    const back = unpackScoutIndex(packed);
    // Assert
    expect(back).toEqual({ stream: 31, index: 123_456 });
    expect(Number.isSafeInteger(packed)).toBe(true);
  });
});

describe('parseScoutResults', () => {
  it('should read every complete line and ignore the one the process died writing', () => {
    const alone = { result: '-4', isError: true, message: 'invalid JSON', ownMessage: true };
    const text = `${JSON.stringify({ stream: 0, index: 3, alone })}\n${JSON.stringify({ stream: 1, index: 3, alone })}\n{"stream":2,"ind`;
    expect(parseScoutResults(text)).toEqual([
      { stream: 0, index: 3, alone },
      { stream: 1, index: 3, alone },
    ]);
  });
});
