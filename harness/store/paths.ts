import path from 'node:path';
import { HarnessError } from '../errors.js';

/**
 * Every path ffi-fuzz writes is built here. Layout under the corpus root (`--out`):
 *   <target>/<function>/crashes/<id>/crash.json   the record (+ input.bin, stderr.txt)
 * and under the reports root: runs/<iso-time>-<target>.json (run summaries).
 */

/** A path component from untrusted text (target and function names, ids): never escapes its folder. */
export function safeName(name: string, what: string): string {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name) || name === '.' || name === '..') {
    throw new HarnessError('usage', `${what} '${name}' cannot be used as a file name`, { hint: 'use letters, digits, ".", "_" and "-"' });
  }
  return name;
}

export function functionDir(root: string, target: string, fn: string): string {
  return path.join(root, safeName(target, 'target name'), safeName(fn, 'function name'));
}

export function crashDir(root: string, target: string, fn: string, id: string): string {
  return path.join(functionDir(root, target, fn), 'crashes', safeName(id, 'crash id'));
}

export const CRASH_RECORD_FILE = 'crash.json';
export const CRASH_INPUT_FILE = 'input.bin';
export const CRASH_STDERR_FILE = 'stderr.txt';
/** The minimised twin of crash.json (same schema; `repro` takes either). */
export const MINIMIZED_RECORD_FILE = 'minimized.json';
export const MINIMIZED_INPUT_FILE = 'minimized.bin';

export function runSummaryFile(reportsRoot: string, target: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return path.join(reportsRoot, 'runs', `${stamp}-${safeName(target, 'target name')}.json`);
}
