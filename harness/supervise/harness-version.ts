import fs from 'node:fs';

/** The version in package.json, stamped into every record and summary. */
export const HARNESS_VERSION: string = (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
