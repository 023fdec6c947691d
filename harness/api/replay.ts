import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMMAND_SPECS } from '../config/command-specs.js';
import type { HarnessOptions, ResolvedOptions } from '../config/options.js';
import { ExitCode } from '../model/exit-codes.js';
import { HarnessError } from '../model/harness-error.js';
import type { Sink } from '../model/sink.js';
import { displayPath, renderCommand } from '../report/render-command.js';
import { listBuckets, type BucketEntry, type BucketStage, type CorpusProblem } from '../store/corpus-store.js';
import { parseShard, selectShard } from '../store/shard.js';
import { replayEntries, replayTotals, type ReplayResult, type ReplayVerdict } from '../supervise/replay/replay-corpus.js';
import { API_INVOCATION, apiSink, pathOf } from './api-io.js';
import { resolveApiOptions } from './api-options.js';

type ReplayKey = (typeof COMMAND_SPECS.replay.options)[number];

/** Options of {@link replay}: those of `ffi-fuzz replay`, a choice of entries, and where progress goes. */
export type ReplayOptions = Pick<HarnessOptions, Exclude<ReplayKey, 'out'>> & {
  /** Replay only the entries with these keys (`<target>/<fn>/<id>`, see {@link corpusEntries}). @defaultValue every entry */
  readonly entries?: readonly string[];
  readonly log?: (line: string) => void;
};

/** One regression (or crash) entry of a corpus. */
export interface CorpusEntry {
  /** `<target>/<fn>/<id>`: stable across machines. */
  readonly key: string;
  readonly stage: BucketStage;
  /** Its crash.json (absolute path). */
  readonly record: string;
  readonly headline: string;
}

/** How one entry fared: it holds (no longer fails), fails again, fails differently, or could not run. */
export interface ReplayedEntry extends CorpusEntry {
  readonly verdict: ReplayVerdict;
  /** The new failure's headline, or why it could not run. */
  readonly detail: string;
  readonly library: string | null;
  readonly durationMs: number;
  readonly reproduce: string;
}

/** The result of replaying a corpus: exit code 0 (all hold), 1 (one fails again), 2 (unreadable files, or entries that could not run for a bad library or record), 3 (a harness fault). */
export interface CorpusReplay {
  readonly exitCode: ExitCode;
  readonly entries: readonly ReplayedEntry[];
  readonly totals: Readonly<Record<ReplayVerdict, number>>;
  /** Corpus files that could not be read (skipped). */
  readonly problems: readonly CorpusProblem[];
}

/** The entries `replay` would run, read synchronously (a test runner declares one test per entry). */
export function corpusEntries(
  corpus: string | URL,
  options: { readonly crashes?: boolean; readonly shard?: string | null } = {},
): { entries: CorpusEntry[]; problems: CorpusProblem[] } {
  const { options: resolved } = resolveApiOptions('corpusEntries()', options, ['crashes', 'shard']);
  const { entries, problems } = bucketsOf(pathOf(corpus), resolved);
  return { entries: entries.map(entryOf), problems };
}

/**
 * Replays every regression entry of a corpus (with `crashes`, every crash too), each in a fresh
 * guarded engine child, against its target's current build (or `lib`).
 */
export async function replay(corpus: string | URL, options: ReplayOptions = {}): Promise<CorpusReplay> {
  const { log, entries, ...given } = options;
  const { options: resolved } = resolveApiOptions('replay()', given, COMMAND_SPECS.replay.options);
  return runReplay(pathOf(corpus), resolved, apiSink(log), API_INVOCATION, entries);
}

/** The replay behind `ffi-fuzz replay` and {@link replay}: one line per entry, the reproduce lines of the failures, the totals. */
export async function runReplay(
  root: string,
  options: ResolvedOptions,
  sink: Sink,
  prefix: string,
  keys?: readonly string[],
): Promise<CorpusReplay> {
  if (!fs.existsSync(root)) throw new HarnessError('usage', `no corpus at ${root}`, { where: root });
  const { entries: sharded, problems, total } = bucketsOf(root, options);
  const entries = keys === undefined ? sharded : sharded.filter((e) => keys.includes(e.key));
  for (const p of problems) sink.err(`warning: skipped ${displayPath(p.file)}: ${p.message}`);
  const jobs = options.jobs ?? os.availableParallelism();
  const shard = options.shard === null ? '' : ` (shard ${options.shard})`;
  sink.err(
    `replay: ${entries.length} of ${total} ${options.crashes ? 'regression and crash' : 'regression'} entries${shard} from ${displayPath(root)}, ${jobs} at a time`,
  );
  const settings = {
    lib: options.lib,
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
    jobs,
  };
  const results = await replayEntries(
    entries,
    settings,
    (r) => sink.out(resultLine(r)),
    (l) => sink.err(l),
  );
  const reproduce = (r: ReplayResult) =>
    renderCommand(prefix, [
      'repro',
      displayPath(r.entry.file),
      ...(options.lib === null ? [] : ['--lib', displayPath(path.resolve(options.lib))]),
    ]);
  const failed = results.filter((r) => r.verdict === 'fails' || r.verdict === 'differs');
  for (const r of failed) sink.err(`Reproduce with: ${reproduce(r)}`);
  const totals = replayTotals(results);
  sink.out(
    `replay: ${results.length} entries: ${totals.holds} hold, ${totals.fails + totals.differs} fail again, ${totals.error} could not run${problems.length > 0 ? `, ${problems.length} unreadable file(s) skipped` : ''}`,
  );
  const errors = results.flatMap((r) => (r.error === null ? [] : [r.error]));
  // Each distinct reason once, with what to do (a wrong --lib fails every entry the same way).
  for (const e of new Map(errors.map((e) => [e.describe(), e])).values()) sink.err(e.describe());
  const exitCode =
    failed.length > 0
      ? ExitCode.Findings
      : errors.length > 0
        ? errors.some((e) => e.exitCode === ExitCode.Internal)
          ? ExitCode.Internal
          : ExitCode.BadInput
        : problems.length > 0
          ? ExitCode.BadInput
          : ExitCode.Clean;
  const replayed = results.map(
    (r): ReplayedEntry => ({
      ...entryOf(r.entry),
      verdict: r.verdict,
      detail: r.detail,
      library: r.library,
      durationMs: r.durationMs,
      reproduce: reproduce(r),
    }),
  );
  return { exitCode, entries: replayed, totals, problems };
}

const MARK = { holds: 'PASS ', fails: 'FAIL ', differs: 'FAIL ', error: 'ERROR' } as const;

function resultLine(r: ReplayResult): string {
  return `${MARK[r.verdict]} ${r.entry.stage.padEnd(11)} ${r.entry.key}  ${r.detail} (${(r.durationMs / 1000).toFixed(1)}s)`;
}

function bucketsOf(
  root: string,
  options: Pick<ResolvedOptions, 'crashes' | 'shard'>,
): { entries: BucketEntry[]; problems: CorpusProblem[]; total: number } {
  const problems: CorpusProblem[] = [];
  const all = fs.existsSync(root) ? listBuckets(root, options.crashes ? ['regressions', 'crashes'] : ['regressions'], problems) : [];
  const entries = selectShard(all, (e) => e.key, options.shard === null ? null : parseShard(options.shard));
  return { entries, problems, total: all.length };
}

function entryOf(e: BucketEntry): CorpusEntry {
  return { key: e.key, stage: e.stage, record: e.file, headline: e.record.headline };
}
