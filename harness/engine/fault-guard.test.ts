import { describe, expect, it } from 'vitest';
import { parseMaps } from './fault-guard.js';

describe('parseMaps', () => {
  it('should read the range and permissions of each mapping, in order', () => {
    // Arrange: koffi's call stack (rw) above its PROT_NONE guard page
    const text = ['7f163c044000-7f163c045000 ---p 00000000 00:00 0 ', '7f163c045000-7f163c246000 rw-p 00000000 00:00 0 ', ''].join('\n');
    // Act
    const maps = parseMaps(text);
    // Assert
    expect(maps).toEqual([
      { lo: 0x7f163c044000n, hi: 0x7f163c045000n, perms: '---p' },
      { lo: 0x7f163c045000n, hi: 0x7f163c246000n, perms: 'rw-p' },
    ]);
  });
});
