import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { listBuckets, listFolders, listTargets, type BucketEntry, type BucketStage, type CorpusProblem } from './corpus-store.js';
import type { CrashRecord } from './crash-record.js';
import {
  CRASH_INPUT_FILE,
  CRASH_RECORD_FILE,
  CRASH_STDERR_FILE,
  MINIMIZED_INPUT_FILE,
  MINIMIZED_RECORD_FILE,
  bucketDir,
  childPath,
  queueEntryFile,
  stageDir,
} from './paths.js';
import { contentHash, listEntries, type CorpusEntry } from './queue-store.js';

/** A queue entry offered to the merge: its content address, the entry, and the corpus it came from. */
export interface QueueCandidate {
  readonly sha1: string;
  readonly entry: CorpusEntry;
  readonly from: string;
}

/**
 * Picks the queue entries a merged corpus keeps, per function. The default keeps every distinct
 * input. A coverage-minimal merge plugs in here: replay the candidates with the coverage engine
 * and return the smallest subset that keeps every edge (entries already in `out` that are not
 * returned are removed).
 */
export type QueueSelector = (target: string, fn: string, candidates: readonly QueueCandidate[]) => readonly QueueCandidate[];

export const keepAllQueue: QueueSelector = (_target, _fn, candidates) => candidates;

export interface MergeOptions {
  readonly selectQueue?: QueueSelector;
}

export interface MergeReport {
  readonly queue: { added: number; duplicates: number; removed: number };
  readonly seeds: { added: number; same: number; conflicts: number };
  readonly buckets: { added: number; merged: number };
  readonly problems: CorpusProblem[];
}

/** The files of a bucket folder that travel with it; nothing else is copied from an imported corpus. */
const BUCKET_FILES = [CRASH_INPUT_FILE, CRASH_STDERR_FILE, MINIMIZED_RECORD_FILE, MINIMIZED_INPUT_FILE] as const;

/**
 * Merges corpora (e.g. the corpus of every CI shard) into `out`, which may already hold one:
 * queue entries deduplicated by content hash (recomputed, never trusted from the file name);
 * crash and regression buckets by id, keeping the first-seen record (`out`'s own first, then the
 * sources in order) with the hit counts summed and the first/last-seen times widened; seeds by
 * file name. Every file read is validated, every name is checked before it is joined, every
 * write is atomic; unreadable files are reported and skipped.
 */
export function mergeCorpora(sources: readonly string[], out: string, options: MergeOptions = {}): MergeReport {
  const report: MergeReport = {
    queue: { added: 0, duplicates: 0, removed: 0 },
    seeds: { added: 0, same: 0, conflicts: 0 },
    buckets: { added: 0, merged: 0 },
    problems: [],
  };
  const outReal = fs.existsSync(out) ? fs.realpathSync(out) : path.resolve(out);
  const inputs = sources.filter((s) => !fs.existsSync(s) || fs.realpathSync(s) !== outReal);
  for (const stage of ['crashes', 'regressions'] as const) mergeBuckets(stage, inputs, out, report);
  for (const [target, fns] of functionsOf([out, ...inputs], report.problems)) {
    for (const fn of fns) {
      mergeQueue(target, fn, inputs, out, options.selectQueue ?? keepAllQueue, report);
      mergeSeeds(target, fn, inputs, out, report);
    }
  }
  return report;
}

function mergeBuckets(stage: BucketStage, sources: readonly string[], out: string, report: MergeReport): void {
  const kept = new Map<string, { record: CrashRecord; dir: string }>(
    listBuckets(out, [stage], report.problems).map((b) => [b.key, { record: b.record, dir: b.dir }]),
  );
  for (const source of sources) {
    for (const bucket of listBuckets(source, [stage], report.problems)) {
      const known = kept.get(bucket.key);
      if (known === undefined) {
        const dir = copyBucket(bucket, out, stage);
        kept.set(bucket.key, { record: bucket.record, dir });
        report.buckets.added++;
        continue;
      }
      const merged: CrashRecord = {
        ...known.record,
        count: known.record.count + bucket.record.count,
        // ISO timestamps: the string order is the time order.
        firstSeen: [known.record.firstSeen, bucket.record.firstSeen].sort()[0]!,
        lastSeen: [known.record.lastSeen, bucket.record.lastSeen].sort()[1]!,
      };
      writeFileAtomic(path.join(known.dir, CRASH_RECORD_FILE), `${JSON.stringify(merged, null, 2)}\n`);
      if (!fs.existsSync(path.join(known.dir, MINIMIZED_RECORD_FILE)) && bucket.minimized !== null)
        copyFiles(bucket.dir, known.dir, [MINIMIZED_RECORD_FILE, MINIMIZED_INPUT_FILE]);
      kept.set(bucket.key, { record: merged, dir: known.dir });
      report.buckets.merged++;
    }
  }
}

function copyBucket(bucket: BucketEntry, out: string, stage: BucketStage): string {
  const dir = bucketDir(out, bucket.target, bucket.fn, stage, bucket.id);
  copyFiles(bucket.dir, dir, BUCKET_FILES);
  writeFileAtomic(path.join(dir, CRASH_RECORD_FILE), `${JSON.stringify(bucket.record, null, 2)}\n`);
  return dir;
}

function copyFiles(from: string, to: string, names: readonly string[]): void {
  for (const name of names) {
    const file = path.join(from, name);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) writeFileAtomic(path.join(to, name), fs.readFileSync(file));
  }
}

function mergeQueue(target: string, fn: string, sources: readonly string[], out: string, select: QueueSelector, report: MergeReport): void {
  const existing = new Set<string>();
  const candidates = new Map<string, QueueCandidate>();
  for (const [i, root] of [out, ...sources].entries()) {
    for (const { file, entry } of listEntries(root, target, fn, 'queue', report.problems)) {
      if (entry.input.fn !== fn) {
        report.problems.push({ file, message: `a queue entry of function ${entry.input.fn} filed under ${fn}` });
        continue;
      }
      const sha1 = contentHash(entry.input, file);
      if (i === 0) existing.add(sha1);
      if (candidates.has(sha1)) report.queue.duplicates++;
      else candidates.set(sha1, { sha1, entry, from: root });
    }
  }
  const keep = new Set(select(target, fn, [...candidates.values()]).map((c) => c.sha1));
  for (const sha1 of keep) {
    if (existing.has(sha1)) continue;
    writeFileAtomic(queueEntryFile(out, target, fn, sha1), `${JSON.stringify(candidates.get(sha1)!.entry, null, 2)}\n`);
    report.queue.added++;
  }
  for (const sha1 of existing) {
    if (keep.has(sha1)) continue;
    fs.rmSync(queueEntryFile(out, target, fn, sha1), { force: true });
    report.queue.removed++;
  }
}

function mergeSeeds(target: string, fn: string, sources: readonly string[], out: string, report: MergeReport): void {
  const outDir = stageDir(out, target, fn, 'seeds');
  for (const source of sources) {
    const dir = stageDir(source, target, fn, 'seeds');
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
      if (name.startsWith('.') || !fs.statSync(path.join(dir, name)).isFile()) continue;
      let to: string;
      try {
        to = childPath(outDir, name, 'seed file');
      } catch (error) {
        report.problems.push({ file: path.join(dir, name), message: (error as Error).message });
        continue;
      }
      const bytes = fs.readFileSync(path.join(dir, name));
      if (!fs.existsSync(to)) {
        writeFileAtomic(to, bytes);
        report.seeds.added++;
      } else if (fs.readFileSync(to).equals(bytes)) report.seeds.same++;
      else {
        report.seeds.conflicts++;
        report.problems.push({
          file: path.join(dir, name),
          message: `a different seed of the same name is already in ${outDir}; kept that one`,
        });
      }
    }
  }
}

/** Every (target, function) folder pair across corpora. */
function functionsOf(roots: readonly string[], problems: CorpusProblem[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const root of roots) {
    for (const target of listTargets(root, problems)) {
      const fns = found.get(target) ?? new Set<string>();
      for (const fn of listFolders(path.join(root, target), problems)) fns.add(fn);
      found.set(target, fns);
    }
  }
  return found;
}
