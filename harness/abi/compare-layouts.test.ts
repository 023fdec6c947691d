import { describe, expect, it } from 'vitest';
import { compareLayouts } from './compare-layouts.js';
import type { StructLayout } from '../debuginfo/layout.js';
import { C_JOB, RUST_JOB } from './test-support/job-layouts.js';

describe('compareLayouts', () => {
  it('should flag size, alignment and the moved fields of the postmortem Job', () => {
    // Arrange / Act
    const comparison = compareLayouts('Job', { declared: C_JOB, library: RUST_JOB, header: C_JOB });
    // Assert
    expect(comparison).toMatchObject({
      sources: ['declared', 'library', 'header'],
      sizeMismatch: true,
      alignMismatch: true,
      kindMismatch: false,
      ok: false,
    });
    expect(comparison.rows.map((r) => [r.name, r.ok, r.offsetMismatch, r.sizeMismatch])).toEqual([
      ['id', true, false, false],
      ['offset', false, true, false],
      ['flags', false, true, false],
    ]);
    expect(comparison.rows[1]!.views).toEqual({
      declared: { offset: 4, size: 8, type: 'uint64_t' },
      library: { offset: 8, size: 8, type: 'u64' },
      header: { offset: 4, size: 8, type: 'uint64_t' },
    });
  });

  it('should pass identical layouts', () => {
    // Arrange / Act
    const comparison = compareLayouts('Job', { declared: C_JOB, library: { ...C_JOB, language: 'Rust' } });
    // Assert
    expect(comparison.ok).toBe(true);
    expect(comparison.sources).toEqual(['declared', 'library']);
  });

  it('should list a field one view lacks, in the order the views declare fields', () => {
    // Arrange
    const extra: StructLayout = {
      ...RUST_JOB,
      fields: [...RUST_JOB.fields.slice(0, 2), { name: 'epoch', offset: 16, size: 4, type: 'u32' }, RUST_JOB.fields[2]!],
    };
    // Act
    const comparison = compareLayouts('Job', { declared: RUST_JOB, library: extra });
    // Assert
    expect(comparison.rows.map((r) => r.name)).toEqual(['id', 'offset', 'epoch', 'flags']);
    expect(comparison.rows[2]).toMatchObject({ missingIn: ['declared'], ok: false });
    expect(comparison.ok).toBe(false);
  });

  it('should flag a struct that one view declares as a union', () => {
    // Arrange / Act
    const comparison = compareLayouts('Job', { declared: { ...C_JOB, kind: 'union' }, header: C_JOB });
    // Assert
    expect(comparison.kindMismatch).toBe(true);
  });

  it('should accept a single view as agreeing with itself', () => {
    // Arrange / Act / Assert
    expect(compareLayouts('Job', { library: RUST_JOB }).ok).toBe(true);
  });
});
