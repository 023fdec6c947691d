import { describe, expect, it } from 'vitest';
import { inferAlignment } from './infer-alignment.js';

const JOB = [
  { offset: 0, size: 4, align: 4 },
  { offset: 4, size: 8, align: 8 },
  { offset: 12, size: 4, align: 4 },
];

describe('inferAlignment', () => {
  it('should keep the natural alignment when the layout is natural', () => {
    // Arrange
    const natural = [
      { offset: 0, size: 4, align: 4 },
      { offset: 8, size: 8, align: 8 },
      { offset: 16, size: 4, align: 4 },
    ];
    // Act / Assert
    expect(inferAlignment('struct', 24, natural)).toEqual({ align: 8 });
  });

  it('should recognise #pragma pack(4) from the offsets and the size', () => {
    // Arrange / Act / Assert
    expect(inferAlignment('struct', 16, JOB)).toEqual({ align: 4, note: 'no DW_AT_alignment; offsets match #pragma pack(4)' });
  });

  it('should recognise #pragma pack(1)', () => {
    // Arrange
    const packed = [
      { offset: 0, size: 1, align: 1 },
      { offset: 1, size: 4, align: 4 },
      { offset: 5, size: 2, align: 2 },
    ];
    // Act / Assert
    expect(inferAlignment('struct', 7, packed).align).toBe(1);
  });

  it('should lay out a union at offset 0 with its largest member', () => {
    // Arrange
    const members = [
      { offset: 0, size: 4, align: 4 },
      { offset: 0, size: 8, align: 8 },
      { offset: 0, size: 12, align: 1 },
    ];
    // Act / Assert
    expect(inferAlignment('union', 16, members)).toEqual({ align: 8 });
  });

  it('should say so when no packing explains the layout', () => {
    // Arrange
    const odd = [
      { offset: 0, size: 4, align: 4 },
      { offset: 12, size: 4, align: 4 },
    ];
    // Act
    const result = inferAlignment('struct', 16, odd);
    // Assert
    expect(result.align).toBe(4);
    expect(result.note).toContain('natural alignment assumed');
  });

  it('should give an empty struct alignment 1', () => {
    // Arrange / Act / Assert
    expect(inferAlignment('struct', 0, [])).toEqual({ align: 1 });
  });
});
