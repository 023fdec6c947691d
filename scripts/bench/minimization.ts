import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_OPTIONS } from '../../harness/config/options.js';
import type { CallInputJson } from '../../harness/model/call-input.js';
import { readCrashRecord } from '../../harness/store/crash-record.js';
import { CRASH_RECORD_FILE } from '../../harness/store/paths.js';
import { minimizeRecord } from '../../harness/supervise/replay/minimize/minimize-record.js';
import { reproOnce } from '../../harness/supervise/replay/repro.js';
import { figure, type Figure, type Skipped } from './figure.js';
import { runCli } from './run-cli.js';

/** A bundled target whose crashes are minimized: a short campaign finds them first. */
export interface CrashSource {
  readonly spec: string;
  readonly libraryPath: string;
  /** Extra `fuzz` flags (budget, seed, ABI gate). */
  readonly flags: readonly string[];
}

export interface MinimizeBudget {
  readonly maxRuns: number;
  readonly durationMs: number;
  /** Records minimized per target at most (the most frequent first). */
  readonly perTarget: number;
}

/**
 * Minimization of each bundled crash: a short real campaign (`fuzz`, minimizing off) records the
 * crashes; then each record is minimized in fresh processes (minimizeRecord, as `minimize` does)
 * and timed. The reference is one fresh-process replay of the same record (`repro`'s unit cost),
 * so the ratio says how many replays' worth of time minimizing took.
 */
export async function measureMinimization(
  sources: readonly CrashSource[],
  budget: MinimizeBudget,
): Promise<{ figures: Figure[]; skipped: Skipped[] }> {
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  const settings = (libraryPath: string) => ({
    libraryPath,
    timeoutMs: DEFAULT_OPTIONS.timeoutMs,
    rssLimitMb: DEFAULT_OPTIONS.rssLimitMb,
    killGraceMs: DEFAULT_OPTIONS.killGraceMs,
  });
  for (const source of sources) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-min-'));
    try {
      const out = path.join(dir, 'corpus');
      const run = await runCli([
        'fuzz',
        source.spec,
        '--lib',
        source.libraryPath,
        ...source.flags,
        '--out',
        out,
        '--reports',
        path.join(dir, 'reports'),
        '--minimize-runs',
        '0',
        '--align-sweep',
        '0',
      ]);
      if (run.exitCode !== 1)
        throw new Error(
          `the ${source.spec} campaign found nothing to minimize (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
        );
      const records = findRecords(out)
        .map((file) => ({ file, record: readCrashRecord(file) }))
        .sort((a, b) => b.record.count - a.record.count)
        .slice(0, budget.perTarget);
      for (const { file, record } of records) {
        const name = `minimize ${source.spec} ${record.id}`;
        if (record.input === null || record.concurrent) {
          skipped.push({
            section: 'minimize',
            name,
            reason: record.input === null ? 'the record has no input (nothing ran)' : 'a concurrent set (minimize needs one culprit)',
          });
          continue;
        }
        const replayStarted = performance.now();
        await reproOnce(record, settings(source.libraryPath));
        const replayMs = performance.now() - replayStarted;
        const started = performance.now();
        const done = await minimizeRecord(
          record,
          file,
          settings(source.libraryPath),
          { maxRuns: budget.maxRuns, durationMs: budget.durationMs },
          'ffi-fuzz',
        );
        const ms = performance.now() - started;
        if (done.kind !== 'minimized') {
          skipped.push({
            section: 'minimize',
            name,
            reason: done.kind === 'concurrent' ? 'a concurrent set' : 'did not reproduce in a fresh process',
          });
          continue;
        }
        const r = done.result;
        figures.push(
          figure(
            'minimize',
            `${name} (${record.kind})`,
            ms / 1000,
            's',
            { name: 'one fresh-process replay', value: replayMs / 1000, unit: 's' },
            {
              note: `${r.runs} executions (${r.kept} kept), ${done.processes} processes, buffer bytes ${bytesOf(record.input)} → ${bytesOf(r.input)}${r.exhausted ? ', budget exhausted' : ''}`,
              details: {
                executions: r.runs,
                kept: r.kept,
                processes: done.processes,
                bytesBefore: bytesOf(record.input),
                bytesAfter: bytesOf(r.input),
                exhausted: String(r.exhausted),
                hits: record.count,
              },
            },
          ),
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { figures, skipped };
}

/** Bytes in a call's buffers. */
function bytesOf(call: CallInputJson): number {
  return call.args.reduce((n, a) => n + (a.kind === 'buffer' ? a.hex.length / 2 : 0), 0);
}

/** Every crash.json under a corpus root. */
function findRecords(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === CRASH_RECORD_FILE) found.push(p);
    }
  };
  walk(root);
  return found.sort();
}
