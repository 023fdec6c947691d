import { describe, expect, it } from 'vitest';
import { describeOrigins, hexOf, paint, readGraffiti } from './graffiti.js';
import type { StructLayout } from '../debuginfo/layout.js';
import { C_JOB, RUST_JOB } from './test-support/job-layouts.js';

describe('graffiti', () => {
  it('should paint each field with its own byte and padding with zeros', () => {
    // Arrange / Act
    const bytes = paint(RUST_JOB);
    // Assert
    expect(hexOf(bytes)).toBe('A0 A0 A0 A0 00 00 00 00 A1 A1 A1 A1 A1 A1 A1 A1 A2 A2 A2 A2 00 00 00 00');
  });

  it("should show which writer bytes each of the reader's fields sees", () => {
    // Arrange / Act
    const graffiti = readGraffiti(RUST_JOB, C_JOB);
    // Assert
    expect(graffiti.fields.map((f) => [f.field, hexOf(f.bytes), f.intact, describeOrigins(f.bytes)])).toEqual([
      ['id', 'A0 A0 A0 A0', true, '`id` bytes 0–3'],
      ['offset', '00 00 00 00 A1 A1 A1 A1', false, 'padding ×4, `offset` bytes 0–3'],
      ['flags', 'A1 A1 A1 A1', false, '`offset` bytes 4–7'],
    ]);
    expect(describeOrigins(graffiti.overflow)).toBe('`flags` bytes 0–3, padding ×4');
  });

  it('should mark bytes a smaller writer never wrote', () => {
    // Arrange / Act
    const graffiti = readGraffiti(C_JOB, RUST_JOB);
    // Assert
    expect(graffiti.overflow).toEqual([]);
    expect(hexOf(graffiti.fields[2]!.bytes)).toBe('?? ?? ?? ??');
    expect(describeOrigins(graffiti.fields[2]!.bytes)).toBe('never written ×4');
  });

  it('should paint only the largest member of a union', () => {
    // Arrange
    const value: StructLayout = {
      name: 'Value',
      size: 16,
      align: 8,
      kind: 'union',
      fields: [
        { name: 'i', offset: 0, size: 4, type: 'int32_t' },
        { name: 'bytes', offset: 0, size: 12, type: 'uint8_t[12]' },
      ],
    };
    // Act / Assert
    expect(hexOf(paint(value))).toBe('A1 A1 A1 A1 A1 A1 A1 A1 A1 A1 A1 A1 00 00 00 00');
  });
});
