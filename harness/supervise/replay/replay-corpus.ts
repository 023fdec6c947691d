import fs from 'node:fs';
import path from 'node:path';
import { asHarnessError, HarnessError } from '../../model/harness-error.js';
import { resolveTargetRef } from '../../ffi/target-ref.js';
import { PROJECT_ROOT } from '../../model/project-root.js';
import type { BucketEntry } from '../../store/corpus-store.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { recordTarget } from './record-target.js';
import { reproOnce, type ReproRun } from './repro.js';

/** How one entry fared: it holds (no longer fails), fails again (same signature), fails differently, or could not be run. */
export type ReplayVerdict = 'holds' | 'fails' | 'differs' | 'error';

export interface ReplayResult {
  readonly entry: BucketEntry;
  readonly verdict: ReplayVerdict;
  /** The library it ran against (null when none could be found). */
  readonly library: string | null;
  /** One line: the headline of the new failure, or why it could not run. */
  readonly detail: string;
  /** Why it could not run (verdict `error`): its exit code and hint say whose fault it is and what to do. */
  readonly error: HarnessError | null;
  readonly durationMs: number;
}

export interface ReplaySettings {
  /** Run every entry against this library instead of its target's current build. */
  readonly lib: string | null;
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  readonly killGraceMs: number;
  /** Replays at once, each in its own engine child. */
  readonly jobs: number;
}

/**
 * Replays corpus entries, each in a fresh guarded engine child (the same replay as `repro`), at
 * most `jobs` at a time. Results are delivered in the entries' order, as soon as every earlier
 * one is done, so the log reads the same however the replays interleave.
 */
export async function replayEntries(
  entries: readonly BucketEntry[],
  settings: ReplaySettings,
  onResult: (result: ReplayResult) => void,
  log: (line: string) => void,
): Promise<ReplayResult[]> {
  const results: (ReplayResult | undefined)[] = new Array(entries.length);
  const libraries = new Map<string, Promise<string>>();
  let nextToStart = 0;
  let nextToReport = 0;
  const worker = async (): Promise<void> => {
    while (nextToStart < entries.length) {
      const i = nextToStart++;
      results[i] = await replayOne(entries[i]!, settings, libraries, log);
      while (nextToReport < entries.length && results[nextToReport] !== undefined) onResult(results[nextToReport++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.jobs, entries.length)) }, worker));
  return results as ReplayResult[];
}

async function replayOne(
  entry: BucketEntry,
  settings: ReplaySettings,
  libraries: Map<string, Promise<string>>,
  log: (line: string) => void,
): Promise<ReplayResult> {
  const started = Date.now();
  let library: string | null = null;
  try {
    recordTarget(entry.record, entry.file);
    library = await libraryFor(entry.record, settings.lib, libraries, log);
    const run = await reproOnce(entry.record, {
      libraryPath: library,
      timeoutMs: settings.timeoutMs,
      rssLimitMb: settings.rssLimitMb,
      killGraceMs: settings.killGraceMs,
    });
    return { entry, library, ...judge(entry.record, run), error: null, durationMs: Date.now() - started };
  } catch (thrown) {
    const error = asHarnessError(thrown);
    return { entry, library, verdict: 'error', detail: error.message.split('\n')[0]!, error, durationMs: Date.now() - started };
  }
}

function judge(record: CrashRecord, run: ReproRun): { verdict: ReplayVerdict; detail: string } {
  switch (run.verdict) {
    case 'fixed':
      return { verdict: 'holds', detail: 'no longer fails' };
    case 'reproduced':
      return { verdict: 'fails', detail: `fails again: ${run.triage?.headline ?? record.headline}` };
    case 'different':
      return { verdict: 'differs', detail: `fails differently: ${run.triage?.headline ?? '?'} (signature ${run.triage?.id ?? '?'})` };
    default: {
      const never: never = run.verdict;
      return never;
    }
  }
}

/**
 * The library to replay a record against: `--lib` when given; else the build the record names,
 * when it still exists; else the current build of the record's spec, or of the bundled target of
 * that name (built by cargo if needed), so a corpus committed on one machine replays on another.
 * Resolved once per spec.
 */
function libraryFor(
  record: CrashRecord,
  lib: string | null,
  cache: Map<string, Promise<string>>,
  log: (line: string) => void,
): Promise<string> {
  if (lib !== null) return Promise.resolve(path.resolve(lib));
  if (fs.existsSync(record.target.library)) return Promise.resolve(record.target.library);
  // The spec the record names, else a bundled target of the same name (a corpus from another checkout).
  const spec = [record.target.specModule, record.target.name].find(
    (s) => s !== null && (fs.existsSync(s) || fs.existsSync(path.join(PROJECT_ROOT, 'targets', s, 'target.ts'))),
  );
  if (spec === undefined || spec === null)
    return Promise.reject(
      new HarnessError('bad-library', `the library ${record.target.library} is gone and no spec to rebuild it from was found`, {
        where: record.target.library,
        hint: 'pass the library to replay against with --lib',
      }),
    );
  let found = cache.get(spec);
  if (found === undefined) {
    found = resolveTargetRef(spec, null, [], 'plain', log).then((ref) => ref.libraryPath);
    cache.set(spec, found);
  }
  return found;
}

/** Counts by verdict, and the exit code they add up to: 1 when anything fails again. */
export function replayTotals(results: readonly ReplayResult[]): Record<ReplayVerdict, number> {
  const totals: Record<ReplayVerdict, number> = { holds: 0, fails: 0, differs: 0, error: 0 };
  for (const r of results) totals[r.verdict]++;
  return totals;
}
