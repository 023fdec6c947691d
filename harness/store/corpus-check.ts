import fs from 'node:fs';
import path from 'node:path';
import { listBuckets, listFolders, listTargets, type CorpusProblem } from './corpus-store.js';
import { CORPUS_STAGES, type CorpusStage, stageDir } from './paths.js';
import { listEntries } from './queue-store.js';

/** Entries per stage of one function. */
export interface FunctionCounts {
  readonly target: string;
  readonly fn: string;
  readonly counts: Readonly<Record<CorpusStage, number>>;
}

/**
 * Reads every file of a corpus the way the tools will (records validated field by field, queue
 * entries parsed): what it holds per function, and every file that is unreadable or misplaced.
 * Raw seed files (not JSON) are counted without parsing.
 */
export function checkCorpus(root: string): { functions: FunctionCounts[]; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  const buckets = listBuckets(root, ['crashes', 'regressions'], problems);
  const functions: FunctionCounts[] = [];
  for (const target of listTargets(root, problems)) {
    for (const fn of listFolders(path.join(root, target), problems)) {
      for (const name of fs.readdirSync(path.join(root, target, fn))) {
        if (!name.startsWith('.') && !(CORPUS_STAGES as readonly string[]).includes(name))
          problems.push({ file: path.join(root, target, fn, name), message: `unexpected entry (stages are ${CORPUS_STAGES.join(', ')})` });
      }
      const seedsDir = stageDir(root, target, fn, 'seeds');
      const rawSeeds = fs.existsSync(seedsDir)
        ? fs.readdirSync(seedsDir).filter((n) => !n.startsWith('.') && !n.endsWith('.json')).length
        : 0;
      functions.push({
        target,
        fn,
        counts: {
          seeds: listEntries(root, target, fn, 'seeds', problems).length + rawSeeds,
          queue: listEntries(root, target, fn, 'queue', problems).length,
          crashes: buckets.filter((b) => b.target === target && b.fn === fn && b.stage === 'crashes').length,
          regressions: buckets.filter((b) => b.target === target && b.fn === fn && b.stage === 'regressions').length,
        },
      });
    }
  }
  return { functions, problems };
}
