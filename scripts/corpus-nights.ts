import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveOptions } from '../harness/config/resolve-options.js';
import { runCli, summaryOf } from './bench/run-cli.js';

// Two nights of the CI recipe (action.yml), played locally: each night two coverage-mode shards
// start from the corpus restored from the "cache" (a folder here, the actions cache in CI), the
// merge job merges their corpora on top of it with `corpus merge` and saves the result for the next
// night. It shows the corpus carried over: night 2's shards start with more coverage
// (`coverage.initialEdges`) than night 1's did. `node dist/scripts/corpus-nights.js [--runs N] [--json]`;
// exit 0 when night 2 starts ahead, 1 when it does not, 3 when a step fails.

const TARGET = 'magic-header';
const SHARDS = 2;

/** What one shard's campaign reported. */
export interface ShardNight {
  readonly night: number;
  readonly shard: number;
  readonly initialEdges: number;
  readonly edges: number;
  /** Corpus entries on disk when the shard started, and when it ended. */
  readonly corpusBefore: number;
  readonly corpus: number;
}

interface CoverageSummary {
  coverage: { initialEdges: number; edges: number; corpusBefore: number; corpus: number };
}

/** Replaces `to` with a copy of `from` (or with nothing when `from` does not exist): the cache's restore and save. */
function copyCorpus(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

// One night: restore → fuzz each shard → restore again in the merge job → merge the shards → save.
async function night(n: number, work: string, cache: string, runs: number, log: (line: string) => void): Promise<ShardNight[]> {
  const dir = path.join(work, `night-${n}`);
  const shards: ShardNight[] = [];
  for (let shard = 1; shard <= SHARDS; shard++) {
    const corpus = path.join(dir, `shard-${shard}`, 'corpus');
    copyCorpus(cache, corpus);
    const args = ['fuzz', TARGET, '--mode', 'coverage', '--jobs', '1', '--runs', String(runs), '--seed', String(n * 1000 + shard)];
    const run = await runCli([...args, '--out', corpus, '--reports', path.join(dir, `shard-${shard}`, 'reports')].concat(QUIET));
    if (run.exitCode > 1)
      throw new Error(`night ${n} shard ${shard}: fuzz exited ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const { coverage } = summaryOf<CoverageSummary>(run, `night ${n} shard ${shard}`);
    shards.push({
      night: n,
      shard,
      initialEdges: coverage.initialEdges,
      edges: coverage.edges,
      corpusBefore: coverage.corpusBefore,
      corpus: coverage.corpus,
    });
    log(
      `night ${n} shard ${shard}/${SHARDS}: started at ${coverage.initialEdges} edges (corpus ${coverage.corpusBefore}), ended at ${coverage.edges} (corpus ${coverage.corpus})`,
    );
  }
  const merged = path.join(dir, 'merged');
  copyCorpus(cache, merged);
  const sources = Array.from({ length: SHARDS }, (_, i) => path.join(dir, `shard-${i + 1}`, 'corpus'));
  const merge = await runCli(['corpus', 'merge', ...sources, '--out', merged]);
  if (merge.exitCode !== 0) throw new Error(`night ${n}: corpus merge exited ${merge.exitCode}: ${merge.stderr.trim()}`);
  log(`night ${n} merge: ${merge.stdout.trim().split('\n').at(-1)}`);
  copyCorpus(merged, cache);
  return shards;
}

/** Flags that keep each shard to its campaign: no minimizing or alignment sweep, the summary as JSON. */
const QUIET = ['--minimize-runs', '0', '--align-sweep', '0', '--json'];

/** Plays two nights in `work`; returns every shard's figures. */
export async function playNights(work: string, runs: number, log: (line: string) => void): Promise<ShardNight[]> {
  const cache = path.join(work, 'cache', 'corpus');
  const first = await night(1, work, cache, runs, log);
  const second = await night(2, work, cache, runs, log);
  return [...first, ...second];
}

async function main(): Promise<number> {
  const { options, extra } = resolveOptions(process.argv.slice(2), process.env, ['runs', 'json'], {
    work: {
      flag: '--work',
      kind: 'string',
      value: 'DIR',
      description: 'where the nights and the cache go (default: a temporary folder, removed)',
    },
  });
  const runs = options.runs ?? 3000;
  const work = typeof extra.work === 'string' ? path.resolve(extra.work) : fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-nights-'));
  // With --json the progress goes to stderr and stdout holds only every shard's figures.
  const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  try {
    const shards = await playNights(work, runs, log);
    const start = (n: number) => shards.filter((s) => s.night === n).map((s) => s.initialEdges);
    const ahead = Math.min(...start(2)) > Math.max(...start(1));
    if (options.json) process.stdout.write(`${JSON.stringify(shards, null, 2)}\n`);
    log(
      `night 1 started at ${start(1).join('/')} edges; night 2, from night 1's merged corpus, at ${start(2).join('/')}: ${ahead ? 'ahead' : 'NOT ahead'}`,
    );
    return ahead ? 0 : 1;
  } catch (error) {
    process.stderr.write(`corpus-nights: ${(error as Error).message}\n`);
    return 3;
  } finally {
    if (extra.work === undefined) fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname))
  process.exitCode = await main();
