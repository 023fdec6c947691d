import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';

/**
 * Every path ffi-fuzz writes is built here. Layout under the corpus root (`--out`):
 *   <target>/<function>/crashes/<id>/crash.json   the record (+ input.bin, stderr.txt)
 *   reports/<iso-time>-<target>/                  each run's reports, unless `--reports` puts them elsewhere
 */

/** The folder of the corpus root that holds run reports by default; no target may be called so. */
export const REPORTS_FOLDER = 'reports';

/** Where a run's reports go: `--reports`, else `<out>/reports`, so that `--out` alone holds everything a run writes. */
export function reportsRoot(out: string, reports: string | null): string {
  return path.resolve(reports ?? path.join(out, REPORTS_FOLDER));
}

/** A target name as a folder of the corpus root. */
function targetFolder(name: string): string {
  if (name === REPORTS_FOLDER)
    throw new HarnessError('bad-spec', `a target cannot be called '${REPORTS_FOLDER}': that folder of the corpus root holds run reports`, {
      hint: 'rename the target (defineTarget({ name }), or the library file for --lib)',
    });
  return safeName(name, 'target name');
}

/** A path component from untrusted text (target and function names, ids): never escapes its folder. */
export function safeName(name: string, what: string): string {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name) || name === '.' || name === '..') {
    throw new HarnessError('usage', `${what} '${name}' cannot be used as a file name`, { hint: 'use letters, digits, ".", "_" and "-"' });
  }
  return name;
}

export function functionDir(root: string, target: string, fn: string): string {
  return path.join(root, targetFolder(target), safeName(fn, 'function name'));
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

/**
 * The corpus of one function, one folder per stage (issue #7):
 *   seeds/        committed, hand-written inputs (`<name>.json` call inputs, or raw bytes)
 *   queue/        generated inputs, content-addressed: `<sha1 of the input>.json`
 *   crashes/      one folder per signature: crash.json, input.bin, stderr.txt, minimized.json
 *   regressions/  crashes that were fixed and must stay fixed (same folder shape, moved by `promote`)
 */
export const CORPUS_STAGES = ['seeds', 'queue', 'crashes', 'regressions'] as const;
export type CorpusStage = (typeof CORPUS_STAGES)[number];

export function stageDir(root: string, target: string, fn: string, stage: CorpusStage): string {
  return path.join(functionDir(root, target, fn), stage);
}

/** A bucket folder (crash.json + companions) under `crashes/` or `regressions/`. */
export function bucketDir(root: string, target: string, fn: string, stage: 'crashes' | 'regressions', id: string): string {
  return path.join(stageDir(root, target, fn, stage), safeName(id, 'crash id'));
}

/** A queue entry, named by the sha1 of its content. */
export function queueEntryFile(root: string, target: string, fn: string, sha1: string): string {
  if (!/^[0-9a-f]{40}$/.test(sha1)) throw new HarnessError('internal', `queue entry name '${sha1}' is not a sha1`);
  return path.join(stageDir(root, target, fn, 'queue'), `${sha1}.json`);
}

/** A file or folder name read from disk (an imported corpus): joined only when it cannot escape `dir`. */
export function childPath(dir: string, name: string, what: string): string {
  return path.join(dir, safeName(name, what));
}

/** The checkpoint of an unfinished campaign (a dot-folder: no C function is called `.state`). */
export function campaignStateFile(root: string, target: string, key: string): string {
  return path.join(root, targetFolder(target), '.state', `campaign-${safeName(key, 'campaign key')}.json`);
}

/** One run's report folder: `<reports>/<iso-time>-<target>/` (summary.json, report.html, junit.xml, results.sarif). */
export function runReportDir(reportsRoot: string, target: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return path.join(reportsRoot, `${stamp}-${targetFolder(target)}`);
}

export const REPORT_SUMMARY_FILE = 'summary.json';
export const REPORT_HTML_FILE = 'report.html';
export const REPORT_JUNIT_FILE = 'junit.xml';
export const REPORT_SARIF_FILE = 'results.sarif';

/** `npm run bench`'s result: `<reports>/bench/<YYYY-MM-DD>.json` (a second run on the same day replaces it). */
export function benchReportFile(reportsRoot: string, date: Date): string {
  return path.join(reportsRoot, 'bench', `${date.toISOString().slice(0, 10)}.json`);
}

/** Where `compare` records one build's crashes: `<out>/<side>/` holds an ordinary corpus root (`<target>/<fn>/crashes/…`). */
export function compareSideDir(root: string, side: 'buggy' | 'fixed'): string {
  return path.join(root, side);
}
