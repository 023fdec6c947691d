import { fileURLToPath } from 'node:url';

/** The package root (package.json, targets/, dist/): compiled, this file is dist/harness/model/project-root.js. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
