import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../ffi/target-source.js';
import { exportedFromPrototype, planFunction } from './plan-function.js';
import { renderSpec } from './render-spec.js';

const DIR = os.tmpdir();
const plan = (prototype: string) => planFunction(exportedFromPrototype(/(\w+)\(/.exec(prototype)![1]!, prototype), DIR);

describe('planFunction', () => {
  it('should fuzz a buffer with its length as is, with TODOs for the length and the contract', () => {
    const fn = plan('int32_t parse(const uint8_t *data, size_t len)');
    expect(fn.disabled).toBeNull();
    expect(fn.todos.join('\n')).toMatch(/TODO\(length\): len is taken as the byte length of data/);
    expect(fn.todos.join('\n')).toMatch(/TODO\(contract\): which malformed inputs does parse promise to survive/);
  });

  it('should leave a pointer without a length commented out: reading past it would be a false finding', () => {
    const fn = plan('int32_t count_words(const char *text)');
    expect(fn.disabled).toMatch(/text is a pointer with no length after it/);
    expect(fn.todos[0]).toMatch(/^TODO\(capacity\)/);
  });

  it('should write a getter as a helper and a releaser commented out with the lifecycle TODO', () => {
    expect(plan('const char *last_error(void)')).toMatchObject({ helper: true, disabled: null });
    const free = plan('void buffer_free(uint8_t *p, size_t n)');
    expect(free.disabled).toMatch(/^releases what the library allocated/);
    expect(free.todos[0]).toMatch(/declare a lifecycle/);
  });

  it('should say when the header gives no prototype', () => {
    expect(planFunction(exportedFromPrototype('mystery', undefined), DIR).disabled).toMatch(/the header declares no prototype/);
  });
});

describe('renderSpec', () => {
  it('should write a spec that loads and validates, with disabled functions only in comments', async () => {
    // Arrange
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-scaffold-'));
    const file = path.join(dir, 'target.ts');
    const functions = [
      plan('int32_t parse(const uint8_t *data, size_t len)'),
      plan('int32_t count_words(const char *text)'),
      plan('const char *last_error(void)'),
    ];
    // Act: loaded as a user's target.ts (through jiti), its 'ffi-fuzz' import pointed at this checkout's build.
    const text = renderSpec({
      name: 'scaffolded',
      library: './libx.so',
      origin: 'ffi-fuzz init --lib ./libx.so',
      file: 'target.ts',
      functions,
    });
    fs.writeFileSync(
      file,
      text.replace("from 'ffi-fuzz'", `from '${fileURLToPath(new URL('../../../dist/harness/index.js', import.meta.url))}'`),
    );
    const spec = await loadSpec({ kind: 'module', module: file, specDir: dir });
    // Assert
    expect(spec.name).toBe('scaffolded');
    expect(Object.keys(spec.functions)).toEqual(['parse']);
    expect(spec.helpers).toEqual({ last_error: 'const char *last_error(void)' });
    expect(text).toContain("    // count_words: { prototype: 'int32_t count_words(const char *text)' },");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
