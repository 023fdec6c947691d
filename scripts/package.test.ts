import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What `npm pack` puts in the tarball a team installs: the compiled harness with its types, the C
// sources the harness compiles on first use, the action, README and LICENSE — and nothing else
// (no tests, bundled targets or scripts). Read from npm itself (--dry-run lists the files).

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Manifest {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; import: string }>;
  types: string;
}

function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return new Set(pack!.files.map((f) => f.path));
}

describe('npm pack contents', () => {
  const files = packedFiles();
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

  it('should hold the CLI, the public entry points with their types, the native sources, the action, README and LICENSE', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'action.yml',
      'harness/engine/native/fault-guard.c',
      'harness/engine/native/sancov-shim.c',
      'dist/harness/engine/engine-main.js',
      'dist/harness/engine/worker-main.js',
    ])
      expect(files, file).toContain(file);
    const entries = Object.values(manifest.exports).flatMap((e) => (typeof e === 'string' ? [e] : [e.types, e.import]));
    for (const file of [...entries, ...Object.values(manifest.bin), manifest.types])
      expect(files, file).toContain(file.replace(/^\.\//, ''));
  });

  it('should leave out tests, test support, e2e tests, bundled targets, scripts and TypeScript sources', () => {
    const unwanted = [...files].filter(
      (f) =>
        /\.test\.|\/e2e\/|\/test-support\//.test(f) ||
        /^(targets|scripts|corpus|reports|dist\/scripts|dist\/targets)\//.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).toEqual([]);
  });

  it('should pack every module a packed module imports (nothing the installed package needs is left behind)', () => {
    const missing: string[] = [];
    for (const file of [...files].filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/(?:from\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
        if (!files.has(target)) missing.push(`${file} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
