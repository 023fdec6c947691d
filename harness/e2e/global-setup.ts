import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The e2e tests run dist/ (the real CLI) against real libraries: both must exist first. The bundled
// targets are built here, and rure (a crate from the registry, for the real-library suite) fetched
// and built in the profiles its tests use (cached: a second run builds nothing).
export default function setup(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/harness/cli/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  execFileSync('cargo', ['build', '--release', '--manifest-path', path.join(ROOT, 'targets/Cargo.toml')], { stdio: 'inherit' });
  execFileSync('bash', [path.join(ROOT, 'scripts/fetch-rure.sh'), '--build'], { stdio: 'inherit', cwd: ROOT });
}
