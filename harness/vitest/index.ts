/**
 * `ffi-fuzz/vitest`: fuzz campaigns and the regression corpus as vitest tests. Every target call
 * runs in a supervised engine child process, so a segfault or an abort fails one test with its
 * record and reproduce command; the test runner itself never dies.
 */
import { describe, test } from 'vitest';
import { fuzz, type FuzzOptions, type FuzzResult } from '../api/fuzz.js';
import { corpusEntries, replay, type ReplayOptions } from '../api/replay.js';
import { parseDuration } from '../config/resolve-options.js';
import { displayPath } from '../report/render-command.js';

/** Options of {@link fuzzTest}: a campaign's options (FuzzOptions) and the test's own timeout. */
export type FuzzTestOptions = Omit<FuzzOptions, 'durationMs'> & {
  /** Wall-clock budget instead of `runs`: milliseconds, or a duration such as '20s'. */
  readonly duration?: number | string;
  /** The test's timeout in ms. @defaultValue the budget plus 5 minutes (building the crate, minimizing findings) */
  readonly timeout?: number;
};

/** Runs when neither `runs` nor `duration` is given: a campaign short enough for a test suite. */
export const DEFAULT_TEST_RUNS = 1000;
const SETUP_ALLOWANCE_MS = 300_000;

/**
 * Declares one vitest test that runs a bounded supervised campaign against a spec (a path from
 * the working directory, or `new URL('./target.ts', import.meta.url)`). It fails when the campaign
 * finds anything, with each finding's headline, record and "Reproduce with:" line.
 */
export function fuzzTest(name: string, spec: string | URL, options: FuzzTestOptions = {}): void {
  const { duration, timeout, ...rest } = options;
  const durationMs = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (duration !== undefined && durationMs === undefined)
    throw new Error(`fuzzTest(): duration expects e.g. '20s' or milliseconds, got ${duration}`);
  const budget: FuzzOptions = durationMs !== undefined ? { durationMs } : { runs: rest.runs ?? DEFAULT_TEST_RUNS };
  test(
    name,
    async () => {
      const result = await fuzz(spec, { ...rest, ...budget });
      if (result.exitCode !== 0) throw new Error(describeFindings(result));
    },
    timeout ?? (durationMs ?? 0) + SETUP_ALLOWANCE_MS,
  );
}

/** The failure message of a campaign that found something: one block per finding, ending with its reproduce line. */
export function describeFindings(result: FuzzResult): string {
  const blocks = result.findings.map((f) =>
    [
      `${f.headline}${f.function === null ? '' : ` (in ${f.function})`}`,
      `Record: ${displayPath(f.record)}`,
      `Reproduce with: ${f.reproduce}`,
    ].join('\n'),
  );
  return [`ffi-fuzz found ${result.findings.length} bug(s) in ${result.summary.target} (seed ${result.seed}):`, ...blocks].join('\n\n');
}

/** Options of {@link replayCorpusTest}: those of replay (which entries, which library) and each test's timeout. */
export type ReplayCorpusTestOptions = Omit<ReplayOptions, 'entries' | 'jobs'> & {
  /** Each entry's test timeout in ms. @defaultValue 5 minutes (the library may be built first) */
  readonly timeout?: number;
};

/**
 * Declares one test per regression entry of a corpus (with `crashes`, per crash too): each replays
 * its record in a fresh child against the current build and fails if it fails again. A corpus with
 * unreadable files also gets a failing test naming them.
 */
export function replayCorpusTest(corpus: string | URL, options: ReplayCorpusTestOptions = {}): void {
  const { timeout, ...replayOptions } = options;
  const { entries, problems } = corpusEntries(corpus, {
    ...(options.crashes === undefined ? {} : { crashes: options.crashes }),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
  });
  const dir = corpus instanceof URL ? corpus.pathname : corpus;
  describe(`ffi-fuzz corpus ${dir}`, () => {
    test(`every file of ${dir} reads (${entries.length} entries)`, () => {
      if (problems.length > 0) throw new Error(problems.map((p) => `${displayPath(p.file)}: ${p.message}`).join('\n'));
    });
    for (const entry of entries)
      test(
        `${entry.key} (${entry.stage}): ${entry.headline.slice(0, 100)}`,
        async () => {
          const result = await replay(corpus, { ...replayOptions, entries: [entry.key], jobs: 1 });
          const replayed = result.entries[0];
          if (replayed === undefined) throw new Error(`${entry.key} vanished from ${dir} before it could be replayed`);
          if (replayed.verdict !== 'holds')
            throw new Error(
              [`${replayed.detail}`, `Record: ${displayPath(replayed.record)}`, `Reproduce with: ${replayed.reproduce}`].join('\n'),
            );
        },
        timeout ?? SETUP_ALLOWANCE_MS,
      );
  });
}
