import { describe, expect, it } from 'vitest';
import { LengthControl } from './length-control.js';

describe('LengthControl', () => {
  it('should start short and double the limit at each plateau, up to the maximum', () => {
    // Arrange
    const lengths = new LengthControl(65_536);
    const caps: number[] = [lengths.cap];
    // Act: executions that never add a feature.
    for (let i = 0; i < 200_000; i++) {
      lengths.record(0);
      if (lengths.cap !== caps[caps.length - 1]) caps.push(lengths.cap);
    }
    // Assert
    expect(caps).toEqual([64, 128, 256, 512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536]);
  });

  it('should not grow while coverage keeps growing', () => {
    const lengths = new LengthControl(65_536);
    for (let i = 0; i < 100_000; i++) lengths.record(i % 1000 === 0 ? 1 : 0);
    expect(lengths.cap).toBe(64);
  });

  it('should never exceed a maximum below the initial limit', () => {
    const lengths = new LengthControl(16);
    for (let i = 0; i < 10_000; i++) lengths.record(0);
    expect(lengths.cap).toBe(16);
  });
});
