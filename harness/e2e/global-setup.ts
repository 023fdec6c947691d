import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The e2e tests run dist/ (the real CLI) against real libraries: both must exist first.
export default function setup(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/harness/cli/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  execFileSync('cargo', ['build', '--release', '--manifest-path', path.join(ROOT, 'targets/Cargo.toml')], { stdio: 'inherit' });
}
