import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { displayPath, invocation, renderCommand } from '../../report/render-command.js';
import { listBuckets, type CorpusProblem } from '../../store/corpus-store.js';
import { parseShard, selectShard } from '../../store/shard.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { replayEntries, replayTotals, type ReplayResult } from '../../supervise/replay/replay-corpus.js';

const MARK = { holds: 'PASS ', fails: 'FAIL ', differs: 'FAIL ', error: 'ERROR' } as const;

/** `ffi-fuzz replay [corpus dir] [--shard i/n] [--crashes] [--lib L]`: exit 1 when an entry fails again. */
export async function replayCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, [
    'out',
    'shard',
    'jobs',
    'crashes',
    'lib',
    'timeoutMs',
    'rssLimitMb',
    'killGraceMs',
  ]);
  if (positionals.length > 1)
    throw new HarnessError('usage', 'replay takes at most one corpus directory', { hint: 'ffi-fuzz replay corpus --shard 1/4' });
  const root = path.resolve(positionals[0] ?? options.out);
  if (!fs.existsSync(root)) throw new HarnessError('usage', `no corpus at ${root}`, { where: root });
  const shard = options.shard === null ? null : parseShard(options.shard);
  const problems: CorpusProblem[] = [];
  const all = listBuckets(root, options.crashes ? ['regressions', 'crashes'] : ['regressions'], problems);
  for (const p of problems) sink.err(`warning: skipped ${displayPath(p.file)}: ${p.message}`);
  const entries = selectShard(all, (e) => e.key, shard);
  const jobs = options.jobs ?? os.availableParallelism();
  sink.err(
    `replay: ${entries.length} of ${all.length} ${options.crashes ? 'regression and crash' : 'regression'} entries${shard === null ? '' : ` (shard ${shard.index}/${shard.count})`} from ${displayPath(root)}, ${jobs} at a time`,
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
    (r) => sink.out(line(r)),
    (l) => sink.err(l),
  );
  const t = replayTotals(results);
  const failed = results.filter((r) => r.verdict === 'fails' || r.verdict === 'differs');
  for (const r of failed)
    sink.err(
      `Reproduce with: ${renderCommand(invocation(), ['repro', displayPath(r.entry.file), ...(options.lib === null ? [] : ['--lib', displayPath(path.resolve(options.lib))])])}`,
    );
  sink.out(
    `replay: ${results.length} entries: ${t.holds} hold, ${t.fails + t.differs} fail again, ${t.error} could not run${problems.length > 0 ? `, ${problems.length} unreadable file(s) skipped` : ''}`,
  );
  if (failed.length > 0) return ExitCode.Findings;
  if (t.error > 0) return ExitCode.Internal;
  return problems.length > 0 ? ExitCode.BadInput : ExitCode.Clean;
}

function line(r: ReplayResult): string {
  return `${MARK[r.verdict]} ${r.entry.stage.padEnd(11)} ${r.entry.key}  ${r.detail} (${(r.durationMs / 1000).toFixed(1)}s)`;
}
