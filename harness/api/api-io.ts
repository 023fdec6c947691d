import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sink } from '../model/sink.js';

/** How commands printed by the programmatic API start ("Reproduce with: npx ffi-fuzz repro …"): the installed package's bin. */
export const API_INVOCATION = 'npx ffi-fuzz';

/** Where the API's progress lines go: the caller's `log`, else nowhere (results are returned as values). */
export function apiSink(log: ((line: string) => void) | undefined): Sink {
  const write = log ?? (() => {});
  return { out: write, err: write, status: undefined };
}

/** A spec, corpus or record given as a path (relative to the working directory) or a file URL, as an absolute path. */
export function pathOf(file: string | URL): string {
  return file instanceof URL ? fileURLToPath(file) : path.resolve(file);
}
