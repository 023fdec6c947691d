import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { displayPath } from '../../report/render-command.js';
import { checkCorpus } from '../../store/corpus-check.js';
import { mergeCorpora } from '../../store/corpus-merge.js';
import type { CorpusProblem } from '../../store/corpus-store.js';
import { coverageMergeOf } from '../../supervise/replay/coverage-merge.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

const USAGE = 'corpus merge <dirs…> [--out DIR] [--coverage-of SPEC] | corpus check [dir]';

/** `ffi-fuzz corpus merge <dirs…> [--out DIR]` merges corpora; `ffi-fuzz corpus check [dir]` reads every file and reports the bad ones (exit 2). */
export async function corpusCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const [action, ...rest] = argv;
  const { options, positionals } = resolveOptions(rest, process.env, COMMAND_SPECS.corpus.options);
  if (action === 'merge') {
    if (positionals.length === 0)
      throw new HarnessError('usage', 'corpus merge needs at least one corpus directory', {
        hint: 'ffi-fuzz corpus merge shard-1/corpus shard-2/corpus --out corpus',
      });
    const missing = positionals.filter((d) => !fs.existsSync(d));
    if (missing.length > 0) throw new HarnessError('usage', `no corpus at ${missing.join(', ')}`, { where: missing[0]! });
    const out = path.resolve(options.out);
    const sources = positionals.map((d) => path.resolve(d));
    const problems: CorpusProblem[] = [];
    const minimal = await coverageMergeOf(options.coverageOf, [out, ...sources], options, problems, (line) => sink.err(line));
    const r = mergeCorpora(sources, out, minimal === null ? {} : { selectQueue: minimal.select });
    r.problems.push(...problems);
    if (minimal !== null) sink.out(minimal.note);
    for (const p of r.problems) sink.err(`warning: skipped ${displayPath(p.file)}: ${p.message}`);
    sink.out(
      `merged ${positionals.length} corpus dir(s) into ${displayPath(out)}: buckets ${r.buckets.added} added, ${r.buckets.merged} merged; queue ${r.queue.added} added, ${r.queue.duplicates} duplicate(s); seeds ${r.seeds.added} added, ${r.seeds.conflicts} conflict(s)`,
    );
    return r.problems.length > 0 ? ExitCode.BadInput : ExitCode.Clean;
  }
  if (action === 'check') {
    if (positionals.length > 1) throw new HarnessError('usage', 'corpus check takes at most one directory', { hint: USAGE });
    const root = path.resolve(positionals[0] ?? options.out);
    const { functions, problems } = checkCorpus(root);
    for (const f of functions)
      sink.out(
        `${f.target}/${f.fn}: ${Object.entries(f.counts)
          .map(([stage, n]) => `${n} ${stage}`)
          .join(', ')}`,
      );
    for (const p of problems) sink.err(`bad: ${displayPath(p.file)}: ${p.message}`);
    sink.out(`${displayPath(root)}: ${functions.length} function(s), ${problems.length} unreadable or misplaced file(s)`);
    return problems.length > 0 ? ExitCode.BadInput : ExitCode.Clean;
  }
  throw new HarnessError('usage', action === undefined ? 'corpus needs an action' : `unknown corpus action '${action}'`, { hint: USAGE });
}
