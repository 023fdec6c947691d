import { describe, expect, it } from 'vitest';
import { faultOffset, guardedStart, isGuarded } from './guard-pages.js';

describe('guardedStart', () => {
  it('should end a 16-byte buffer at align 0 exactly at the guard page', () => {
    // Arrange
    const guard = 8192;
    // Act
    const start = guardedStart(guard, 16, 0);
    // Assert
    expect(start + 16).toBe(guard);
  });

  it('should keep the alignment offset modulo 16 and end within 15 bytes of the guard page', () => {
    for (let size = 0; size < 80; size++) {
      for (let align = 0; align < 64; align++) {
        const start = guardedStart(4096 * 3, size, align);
        expect(start % 16).toBe(align % 16);
        expect(4096 * 3 - (start + size)).toBeGreaterThanOrEqual(0);
        expect(4096 * 3 - (start + size)).toBeLessThan(16);
      }
    }
  });
});

describe('faultOffset', () => {
  it('should say a fault at the first byte of the guard page after a flush 16-byte buffer is offset 16', () => {
    expect(faultOffset(16, 0, 0)).toBe(16);
  });

  it('should add the slack before the guard page to the offset into it', () => {
    // A 16-byte buffer at align 12 ends 4 bytes before the guard page.
    expect(faultOffset(16, 12, 0)).toBe(20);
  });
});

describe('isGuarded', () => {
  it('should guard small buffers under small, all under all, none under off', () => {
    expect(isGuarded('small', 16)).toBe(true);
    expect(isGuarded('small', 100_000)).toBe(false);
    expect(isGuarded('all', 100_000)).toBe(true);
    expect(isGuarded('off', 1)).toBe(false);
  });
});
