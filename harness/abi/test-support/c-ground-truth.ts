/**
 * Test support: layouts as the C compiler itself reports them (`sizeof`, `_Alignof`,
 * `offsetof` printed by a compiled program), independent of any DWARF, plus small C
 * libraries built on the fly. Used only by the ABI check's tests.
 *
 * @internal
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture header with one struct per layout rule under test. */
export const LAYOUTS_HEADER = fileURLToPath(new URL('./layouts.h', import.meta.url));

/** What the compiler says about one struct. */
export interface CompilerLayout {
  readonly size: number;
  readonly align: number;
  /** Field (dotted for nested members) → [offset, size]. */
  readonly fields: Record<string, [number, number]>;
}

/** A fresh temporary directory for one test file. */
export function tempDir(prefix = 'ffi-fuzz-abi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Compiles and runs a program that prints sizeof/_Alignof/offsetof for each typedef'd
 * struct and field of `headerPath`.
 */
export function compilerLayouts(headerPath: string, structs: Record<string, readonly string[]>): Record<string, CompilerLayout> {
  const dir = tempDir();
  const lines = [
    '#include <stdio.h>',
    '#include <stddef.h>',
    `#include ${JSON.stringify(resolve(headerPath))}`,
    'int main(void) {',
    '  printf("{");',
  ];
  Object.entries(structs).forEach(([type, fields], i) => {
    lines.push(
      `  printf("%s\\"${type}\\":{\\"size\\":%zu,\\"align\\":%zu,\\"fields\\":{", ${i === 0 ? '""' : '","'}, sizeof(${type}), _Alignof(${type}));`,
    );
    fields.forEach((field, j) => {
      lines.push(
        `  printf("%s\\"${field}\\":[%zu,%zu]", ${j === 0 ? '""' : '","'}, offsetof(${type}, ${field}), sizeof(((${type} *)0)->${field}));`,
      );
    });
    lines.push('  printf("}}");');
  });
  lines.push('  printf("}\\n");', '  return 0;', '}');
  const source = join(dir, 'truth.c');
  const program = join(dir, 'truth');
  writeFileSync(source, `${lines.join('\n')}\n`);
  try {
    execFileSync('cc', ['-std=gnu11', '-o', program, source]);
    return JSON.parse(execFileSync(program, { encoding: 'utf8' })) as Record<string, CompilerLayout>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a shared library from C source text; `debug` adds `-g`. Returns its path. */
export function buildCLibrary(source: string, options: { readonly debug: boolean; readonly name?: string; readonly dir?: string }): string {
  const dir = options.dir ?? tempDir();
  const name = options.name ?? 'fixture';
  const file = join(dir, `${name}.c`);
  const library = join(dir, `lib${name}.so`);
  writeFileSync(file, source);
  execFileSync('cc', ['-shared', '-fPIC', '-O1', ...(options.debug ? ['-g'] : []), '-o', library, file]);
  return library;
}
