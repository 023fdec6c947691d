import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbiError } from './debuginfo-error.js';
import { findDwarfStructs, readDwarfStructs } from './dwarf-layouts.js';
import type { StructLayout } from './layout.js';
import { buildCLibrary, compilerLayouts, LAYOUTS_HEADER, tempDir, type CompilerLayout } from '../abi/test-support/c-ground-truth.js';
import { buildRustTargets } from '../abi/test-support/rust-targets.js';

const FIELDS: Record<string, readonly string[]> = {
  Outer: ['id', 'inner', 'inner.tag', 'inner.value', 'tail'],
  WithArrays: ['bytes', 'words', 'pair', 'name'],
  Packed1: ['a', 'b', 'c', 'd'],
  Job4: ['id', 'offset', 'flags'],
  Aligned8: ['a', 'b', 'c'],
  Aligned16: ['tag', 'value'],
  Value: ['i', 'd', 'bytes'],
  Tagged: ['kind', 'value', 'value.i', 'value.d', 'value.bytes'],
};
// A C library whose exported function uses every fixture struct, so -g keeps them all.
const USES_ALL = `#include ${JSON.stringify(LAYOUTS_HEADER)}
int use_all(Outer *a, WithArrays *b, Packed1 *c, Job4 *d, Aligned8 *e, Aligned16 *f, Value *g, Tagged *h) {
    return a->id + b->bytes[0] + c->a + (int)d->id + e->a + f->tag + g->i + h->kind;
}
`;

function shape(layout: StructLayout): CompilerLayout {
  return { size: layout.size, align: layout.align, fields: Object.fromEntries(layout.fields.map((f) => [f.name, [f.offset, f.size]])) };
}

function caught(attempt: () => unknown): AbiError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof AbiError) return error;
    throw error;
  }
  throw new Error('expected an AbiError');
}

describe('readDwarfStructs', () => {
  let cLibrary: string;
  let jobLayout: string;
  let jobLayoutFixed: string;

  beforeAll(() => {
    cLibrary = buildCLibrary(USES_ALL, { debug: true, name: 'uses_all' });
    ({ 'job-layout': jobLayout, 'job-layout-fixed': jobLayoutFixed } = buildRustTargets(['job-layout', 'job-layout-fixed']));
  }, 600_000);

  it('should read every C struct exactly as the compiler lays it out', () => {
    // Arrange
    const truth = compilerLayouts(LAYOUTS_HEADER, FIELDS);
    // Act
    const layouts = readDwarfStructs(cLibrary, Object.keys(FIELDS));
    // Assert
    for (const name of Object.keys(FIELDS)) expect(shape(layouts.get(name)!), name).toEqual(truth[name]);
  });

  it('should infer the alignment of a #pragma pack struct, which DWARF does not state', () => {
    // Arrange / Act
    const layouts = readDwarfStructs(cLibrary, ['Job4', 'Packed1', 'Outer']);
    // Assert
    expect(layouts.get('Job4')).toMatchObject({ align: 4, alignNote: 'no DW_AT_alignment; offsets match #pragma pack(4)' });
    expect(layouts.get('Packed1')).toMatchObject({ align: 1, alignNote: 'no DW_AT_alignment; offsets match #pragma pack(1)' });
    expect(layouts.get('Outer')!.alignNote).toBeUndefined();
  });

  it('should read the shipped Rust Job as 24 bytes aligned to 8', () => {
    // Arrange / Act
    const job = readDwarfStructs(jobLayout, ['Job']).get('Job')!;
    // Assert
    expect(job).toEqual({
      name: 'Job',
      size: 24,
      align: 8,
      kind: 'struct',
      language: 'Rust',
      fields: [
        { name: 'id', offset: 0, size: 4, align: 4, type: 'u32' },
        { name: 'offset', offset: 8, size: 8, align: 8, type: 'u64' },
        { name: 'flags', offset: 16, size: 4, align: 4, type: 'u32' },
      ],
    });
  });

  it('should read the fixed Rust Job (repr(C, packed(4))) as 16 bytes aligned to 4', () => {
    // Arrange / Act
    const job = readDwarfStructs(jobLayoutFixed, ['Job']).get('Job')!;
    // Assert
    expect(shape(job)).toEqual({ size: 16, align: 4, fields: { id: [0, 4], offset: [4, 8], flags: [12, 4] } });
  });

  it('should find a Rust struct by its path in the library crate', () => {
    // Arrange / Act
    const search = findDwarfStructs(jobLayout, ['job_layout::Job', 'other_crate::Job']);
    // Assert
    expect(search.found.get('job_layout::Job')!.size).toBe(24);
    expect(search.missing).toEqual(['other_crate::Job']);
  });

  it('should fail with struct-not-found, naming similar structs and what to do', () => {
    // Arrange / Act
    const error = caught(() => readDwarfStructs(jobLayout, ['Jobs', 'Job']));
    // Assert
    expect(error.code).toBe('struct-not-found');
    expect(error.context.missing).toEqual(['Jobs']);
    expect(error.message).toContain('no struct or union named `Jobs` (similar: `Job`)');
    expect(error.message).toContain('make sure an exported function takes or returns it');
  });

  it('should fail with no-debug-info for a library built without -g', () => {
    // Arrange
    const plain = buildCLibrary(USES_ALL, { debug: false, name: 'plain' });
    // Act
    const error = caught(() => readDwarfStructs(plain, ['Outer']));
    // Assert
    expect(error.code).toBe('no-debug-info');
    expect(error.message).toContain('build with `debug = true` in [profile.release]');
  });

  it('should fail with no-debug-info for a Rust library stripped of its debug info', () => {
    // Arrange
    const stripped = join(tempDir(), 'libjob_layout.so');
    copyFileSync(jobLayout, stripped);
    execFileSync('strip', ['--strip-debug', stripped]);
    // Act
    const error = caught(() => readDwarfStructs(stripped, ['Job']));
    // Assert
    expect(error.code).toBe('no-debug-info');
    expect(error.message).toContain(stripped);
  });

  it('should fail with tool-missing when llvm-dwarfdump is not installed', () => {
    // Arrange / Act
    const error = caught(() => readDwarfStructs(cLibrary, ['Outer'], { dwarfdump: '/nonexistent/llvm-dwarfdump' }));
    // Assert
    expect(error.code).toBe('tool-missing');
    expect(error.message).toContain('apt-get install llvm');
  });

  it('should fail with file-not-found for a library that does not exist', () => {
    // Arrange / Act
    const error = caught(() => readDwarfStructs('/nonexistent/libnothing.so', ['Job']));
    // Assert
    expect(error.code).toBe('file-not-found');
    expect(error.message).toContain('build the library first');
  });
});
