import { describe, expect, it } from 'vitest';
import { compareLayouts } from './compare-layouts.js';
import { diagnose } from './diagnose.js';
import { C_JOB, RUST_JOB } from './test-support/job-layouts.js';

describe('diagnose', () => {
  it('should say that Rust writes 24 bytes into a 16-byte object and where each field moved', () => {
    // Arrange
    const comparison = compareLayouts('Job', { declared: C_JOB, library: RUST_JOB });
    // Act
    const { sentences } = diagnose(comparison);
    // Assert
    expect(sentences).toEqual([
      'declared vs library: Rust writes 24 bytes into a 16-byte object: 8 bytes past the end (and reads 8 bytes past the end of one passed in).',
      'declared vs library: Rust aligns `Job` to 8, the declared layout to 4: arrays of it and structs containing it are laid out differently; a `Job` at an address that is 4 mod 8 is misaligned for Rust.',
      'declared vs library: field `offset` read at 4 is written at 8.',
      'declared vs library: field `flags` read at 12 is written at 16, past the end of the 16-byte object.',
    ]);
  });

  it('should show the graffiti the declared layout reads from what Rust wrote', () => {
    // Arrange
    const comparison = compareLayouts('Job', { declared: C_JOB, library: RUST_JOB });
    // Act
    const [report] = diagnose(comparison).graffiti;
    // Assert
    expect(report!.lines).toEqual([
      'graffiti: Rust paints each field (id=A0 offset=A1 flags=A2, padding=00); the declared layout reads:',
      '  id              @0..3    A0 A0 A0 A0              ✓ `id` bytes 0–3',
      '  offset          @4..11   00 00 00 00 A1 A1 A1 A1  ✗ padding ×4, `offset` bytes 0–3',
      '  flags           @12..15  A1 A1 A1 A1              ✗ `offset` bytes 4–7',
      '  (past the end)  @16..23  A2 A2 A2 A2 00 00 00 00  ✗ `flags` bytes 0–3, padding ×4',
    ]);
  });

  it('should treat a declaration and a header that agree as one reader', () => {
    // Arrange
    const comparison = compareLayouts('Job', { declared: C_JOB, library: RUST_JOB, header: C_JOB });
    // Act
    const diagnosis = diagnose(comparison);
    // Assert
    expect(diagnosis.sentences[0]).toBe(
      'declared and header vs library: Rust writes 24 bytes into a 16-byte object: 8 bytes past the end (and reads 8 bytes past the end of one passed in).',
    );
    expect(diagnosis.graffiti).toHaveLength(1);
    expect(diagnosis.graffiti[0]!.lines[0]).toContain('the declared layout and the C header read:');
  });

  it('should say when the library writes less than the caller allocated', () => {
    // Arrange
    const comparison = compareLayouts('Job', { declared: RUST_JOB, library: { ...C_JOB, language: 'C11' } });
    // Act
    const { sentences } = diagnose(comparison);
    // Assert
    expect(sentences[0]).toBe(
      'declared vs library: the library writes only 16 bytes of a 24-byte object: its last 8 bytes keep whatever was there before.',
    );
    expect(sentences).toContain('declared vs library: field `offset` read at 8 is written at 4.');
  });

  it('should compare a declaration with a header in neutral words when there is no library view', () => {
    // Arrange
    const comparison = compareLayouts('Job', { declared: RUST_JOB, header: C_JOB });
    // Act
    const diagnosis = diagnose(comparison);
    // Assert
    expect(diagnosis.sentences).toEqual([
      'declared vs header: the C header says 16 bytes, the declared layout says 24: an object allocated by one is 8 bytes smaller than the other expects.',
      'declared vs header: the C header aligns to 4, the declared layout to 8.',
      'declared vs header: field `offset` is at 4 (8 bytes) in the C header but at 8 (8 bytes) in the declared layout.',
      'declared vs header: field `flags` is at 12 (4 bytes) in the C header but at 16 (4 bytes) in the declared layout.',
    ]);
    expect(diagnosis.graffiti).toEqual([]);
  });

  it('should say nothing when every view agrees', () => {
    // Arrange / Act
    const diagnosis = diagnose(compareLayouts('Job', { declared: C_JOB, library: { ...C_JOB, language: 'Rust' }, header: C_JOB }));
    // Assert
    expect(diagnosis).toEqual({ sentences: [], graffiti: [] });
  });
});
