import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { readCrashRecord, type CrashRecord } from './crash-record.js';
import { CRASH_RECORD_FILE, MINIMIZED_RECORD_FILE, REPORTS_FOLDER, bucketDir, childPath, safeName, stageDir } from './paths.js';

/** A file the store could not read: reported and skipped, never fatal for the rest of the corpus. */
export interface CorpusProblem {
  readonly file: string;
  readonly message: string;
}

/** The two stages that hold crash buckets. */
export type BucketStage = 'crashes' | 'regressions';

/** One crash bucket on disk: `<root>/<target>/<fn>/<stage>/<id>/crash.json`. */
export interface BucketEntry {
  readonly stage: BucketStage;
  readonly target: string;
  readonly fn: string;
  readonly id: string;
  /** `<target>/<fn>/<id>`: stable across machines (shards, dedup). */
  readonly key: string;
  readonly dir: string;
  readonly file: string;
  readonly record: CrashRecord;
  /** minimized.json beside it, when `minimize` wrote one and it reads cleanly. */
  readonly minimized: CrashRecord | null;
}

/**
 * Sub-folders of `dir` whose names are safe path components. Dot-entries (checkpoints, temp files
 * of an interrupted atomic write) are skipped silently; any other odd name is reported.
 */
export function listFolders(dir: string, problems: CorpusProblem[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    problems.push({ file: dir, message: `cannot list: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}` });
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
    try {
      names.push(safeName(entry.name, 'folder'));
    } catch (error) {
      problems.push({ file: path.join(dir, entry.name), message: (error as Error).message });
    }
  }
  return names.sort();
}

/** The target folders of a corpus root (its `reports/` folder is not one). */
export function listTargets(root: string, problems: CorpusProblem[]): string[] {
  return listFolders(root, problems).filter((name) => name !== REPORTS_FOLDER);
}

/** Reads a record, or reports why it cannot be used and returns null. */
export function tryReadRecord(file: string, problems: CorpusProblem[]): CrashRecord | null {
  try {
    return readCrashRecord(file);
  } catch (error) {
    problems.push({ file, message: error instanceof HarnessError ? error.message : String(error) });
    return null;
  }
}

/** Every bucket of the given stages under a corpus root, sorted by key; unreadable ones reported. */
export function listBuckets(root: string, stages: readonly BucketStage[], problems: CorpusProblem[]): BucketEntry[] {
  const found: BucketEntry[] = [];
  for (const target of listTargets(root, problems)) {
    for (const fn of listFolders(path.join(root, target), problems)) {
      for (const stage of stages) {
        const stageRoot = path.join(root, target, fn, stage);
        for (const id of listFolders(stageRoot, problems)) {
          const entry = readBucket(root, target, fn, stage, id, problems);
          if (entry !== null) found.push(entry);
        }
      }
    }
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.stage.localeCompare(b.stage)));
}

/** One bucket folder; null (and a problem) when its record is missing, corrupt or misfiled. */
export function readBucket(
  root: string,
  target: string,
  fn: string,
  stage: BucketStage,
  id: string,
  problems: CorpusProblem[],
): BucketEntry | null {
  const dir = bucketDir(root, target, fn, stage, id);
  const file = childPath(dir, CRASH_RECORD_FILE, 'record file');
  if (!fs.existsSync(file)) {
    problems.push({ file: dir, message: `no ${CRASH_RECORD_FILE} in this bucket folder` });
    return null;
  }
  const record = tryReadRecord(file, problems);
  if (record === null) return null;
  if (record.id !== id) {
    problems.push({ file, message: `the record's id ${record.id} does not match its folder ${id}` });
    return null;
  }
  const minimizedFile = path.join(dir, MINIMIZED_RECORD_FILE);
  const minimized = fs.existsSync(minimizedFile) ? tryReadRecord(minimizedFile, problems) : null;
  return { stage, target, fn, id, key: `${target}/${fn}/${id}`, dir, file, record, minimized };
}

/** Where a record file sits in a corpus: root, target, function, stage and id, from its path. */
export function locateBucket(recordFile: string): { root: string; target: string; fn: string; stage: BucketStage; id: string } {
  const file = path.resolve(recordFile);
  const dir = path.dirname(file);
  const id = path.basename(dir);
  const stage = path.basename(path.dirname(dir));
  const fnDir = path.dirname(path.dirname(dir));
  if (stage !== 'crashes' && stage !== 'regressions') {
    throw new HarnessError('usage', `${recordFile} is not inside a corpus bucket folder`, {
      where: recordFile,
      hint: 'expected <corpus>/<target>/<fn>/crashes/<id>/crash.json',
    });
  }
  return {
    root: path.dirname(path.dirname(fnDir)),
    target: safeName(path.basename(path.dirname(fnDir)), 'target name'),
    fn: safeName(path.basename(fnDir), 'function name'),
    stage,
    id: safeName(id, 'crash id'),
  };
}

/**
 * Moves a crash bucket into `regressions/` (record, input, stderr and minimized input move with
 * it). A regression of the same id is replaced. The folder is renamed, so the move is atomic.
 */
export function promoteCrash(recordFile: string): { from: string; to: string; record: CrashRecord } {
  const where = locateBucket(recordFile);
  if (where.stage !== 'crashes') throw new HarnessError('usage', `${where.id} is already a regression`, { where: recordFile });
  const from = path.dirname(path.resolve(recordFile));
  const record = readCrashRecord(path.join(from, CRASH_RECORD_FILE));
  if (record.id !== where.id)
    throw new HarnessError('bad-record', `the record's id ${record.id} does not match its folder ${where.id}`, { where: recordFile });
  const to = bucketDir(where.root, where.target, where.fn, 'regressions', where.id);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const aside = `${path.join(path.dirname(to), `.${where.id}`)}.replaced-${process.pid}`;
  const hadOld = fs.existsSync(to);
  if (hadOld) fs.renameSync(to, aside);
  fs.renameSync(from, to);
  if (hadOld) fs.rmSync(aside, { recursive: true, force: true });
  return { from, to, record };
}

/** Seeds and queue entries of every function of a target. */
export function corpusSize(root: string, target: string): number {
  const problems: CorpusProblem[] = [];
  let n = 0;
  for (const fn of listFolders(path.join(root, target), problems)) {
    for (const stage of ['seeds', 'queue'] as const) {
      const dir = stageDir(root, target, fn, stage);
      if (fs.existsSync(dir)) n += fs.readdirSync(dir).filter((f) => !f.startsWith('.')).length;
    }
  }
  return n;
}
