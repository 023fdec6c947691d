import fs from 'node:fs';

// package.json sits two folders up from harness/model/ in the sources (tests) and three up
// from dist/harness/model/ (the CLI): take whichever exists.
const PACKAGE_JSON = ['../../package.json', '../../../package.json'].map((p) => new URL(p, import.meta.url)).find((u) => fs.existsSync(u))!;

/** The version in package.json, stamped into every record and summary. */
export const HARNESS_VERSION: string = (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
