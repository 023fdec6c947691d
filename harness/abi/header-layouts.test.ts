import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbiError } from '../debuginfo/debuginfo-error.js';
import { readHeaderStructs } from './header-layouts.js';
import { LAYOUTS_HEADER, tempDir } from './test-support/c-ground-truth.js';
import { TARGETS_DIR } from './test-support/rust-targets.js';

function caught(attempt: () => unknown): AbiError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof AbiError) return error;
    throw error;
  }
  throw new Error('expected an AbiError');
}

function header(text: string): string {
  const path = join(tempDir(), 'fixture.h');
  writeFileSync(path, text);
  return path;
}

describe('readHeaderStructs', () => {
  it('should honour #pragma pack and __attribute__((aligned))', () => {
    // Arrange / Act
    const layouts = readHeaderStructs(LAYOUTS_HEADER, ['Job4', 'Packed1', 'Aligned16']);
    // Assert
    expect(layouts.get('Job4')).toMatchObject({ size: 16, align: 4 });
    expect(layouts.get('Packed1')).toMatchObject({ size: 15, align: 1 });
    expect(layouts.get('Aligned16')).toMatchObject({
      size: 32,
      align: 16,
      fields: [
        { name: 'tag', offset: 0 },
        { name: 'value', offset: 16, align: 16 },
      ],
    });
  });

  it("should read job-layout's job.h as the C caller sees Job: 16 bytes aligned to 4", () => {
    // Arrange
    const jobHeader = join(TARGETS_DIR, 'job-layout', 'job.h');
    // Act
    const job = readHeaderStructs(jobHeader, ['Job']).get('Job')!;
    // Assert
    expect([job.size, job.align]).toEqual([16, 4]);
    expect(job.fields.map((f) => [f.name, f.offset, f.size, f.type])).toEqual([
      ['id', 0, 4, 'uint32_t'],
      ['offset', 4, 8, 'uint64_t'],
      ['flags', 12, 4, 'uint32_t'],
    ]);
  });

  it('should find a struct by its tag when it has no typedef, and types nobody uses', () => {
    // Arrange
    const path = header('struct Point { short x; short y; };\nunion Bits { float f; unsigned u; };\n');
    // Act
    const layouts = readHeaderStructs(path, ['Point', 'Bits']);
    // Assert
    expect(layouts.get('Point')).toMatchObject({ size: 4, align: 2, kind: 'struct' });
    expect(layouts.get('Bits')).toMatchObject({ size: 4, align: 4, kind: 'union' });
  });

  it('should fail with header-compile-failed carrying the compiler stderr', () => {
    // Arrange
    const path = header('typedef struct Broken { int a; undefined_type_t b; } Broken;\n');
    // Act
    const error = caught(() => readHeaderStructs(path, ['Broken']));
    // Assert
    expect(error.code).toBe('header-compile-failed');
    expect(error.context.stderr).toContain('undefined_type_t');
    expect(error.message).toContain('does not compile');
    expect(error.message).toContain('pass the -I/-D flags it needs in cflags');
  });

  it('should compile with the include paths and defines passed in cflags', () => {
    // Arrange
    const path = header('#ifndef WIDTH\n#error WIDTH is required\n#endif\ntypedef struct Wide { char c[WIDTH]; } Wide;\n');
    // Act
    const layouts = readHeaderStructs(path, ['Wide'], { cflags: ['-DWIDTH=7'] });
    // Assert
    expect(layouts.get('Wide')!.size).toBe(7);
  });

  it('should fail with struct-not-found when the header does not declare the struct', () => {
    // Arrange / Act
    const error = caught(() => readHeaderStructs(LAYOUTS_HEADER, ['Outer', 'Outerr']));
    // Assert
    expect(error.code).toBe('struct-not-found');
    expect(error.context.missing).toEqual(['Outerr']);
    expect(error.message).toContain('declares no struct or union named `Outerr` (similar: `Outer`)');
  });

  it('should fail with file-not-found for a header that does not exist', () => {
    // Arrange / Act
    const error = caught(() => readHeaderStructs('/nonexistent/job.h', ['Job']));
    // Assert
    expect(error.code).toBe('file-not-found');
  });

  it('should fail with tool-missing when the compiler is not installed', () => {
    // Arrange / Act
    const error = caught(() => readHeaderStructs(LAYOUTS_HEADER, ['Outer'], { compiler: '/nonexistent/gcc' }));
    // Assert
    expect(error.code).toBe('tool-missing');
    expect(error.message).toContain('apt-get install gcc');
  });
});
