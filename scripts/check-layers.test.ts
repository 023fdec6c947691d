import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerViolations, oversizedFiles } from './check-layers.js';

describe('check-layers', () => {
  it('should flag a module longer than the limit, but not a test of that length', () => {
    // Arrange
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-layers-'));
    fs.mkdirSync(path.join(dir, 'engine'));
    fs.writeFileSync(path.join(dir, 'engine', 'long.ts'), 'export const x = 1;\n'.repeat(5));
    fs.writeFileSync(path.join(dir, 'engine', 'long.test.ts'), 'export const x = 1;\n'.repeat(5));
    fs.writeFileSync(path.join(dir, 'engine', 'short.ts'), 'export const x = 1;\n'.repeat(4));

    // Act
    const found = oversizedFiles(dir, 4);
    fs.rmSync(dir, { recursive: true, force: true });

    // Assert
    expect(found.map((v) => v.from)).toEqual([path.join('engine', 'long.ts')]);
    expect(found[0]!.why).toMatch(/^5 lines, more than 4/);
  });

  it('should flag an import up the pipeline and a cycle', () => {
    // Arrange: engine imports cli (a later stage); two model modules import each other.
    const graph = new Map([
      ['engine/a.ts', ['cli/main.ts']],
      ['cli/main.ts', []],
      ['model/x.ts', ['model/y.ts']],
      ['model/y.ts', ['model/x.ts']],
    ]);

    // Act
    const found = layerViolations(graph);

    // Assert
    expect(found.map((v) => v.why)).toEqual([
      'engine may not import cli (a later stage)',
      'import cycle: model/x.ts → model/y.ts → model/x.ts',
    ]);
  });
});
