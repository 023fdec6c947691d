import crypto from 'node:crypto';
import path from 'node:path';
import { COMPARE_THREADS } from '../../config/options.js';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { resolveTargetRef } from '../../ffi/target-ref.js';
import { renderComparison } from '../../report/compare-table.js';
import { invocation } from '../../report/render-command.js';
import { compareBuilds, workloadSpec } from '../../supervise/campaign/compare.js';
import { ExitCode } from '../../model/exit-codes.js';
import { requireWritableDir } from '../../store/output-dir.js';
import type { Sink } from '../../model/sink.js';

/**
 * `ffi-fuzz compare <buggy build> <fixed build>`: the same seeded workload against both, measured.
 * Exit 0 when it ran and the fixed build never crashed; 1 when the fixed build crashed too.
 */
export async function compareCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, sources, positionals, extra } = resolveOptions(
    argv,
    process.env,
    COMMAND_SPECS.compare.options,
    COMMAND_SPECS.compare.extra,
  );
  if (positionals.length !== 2)
    throw new HarnessError('usage', `compare takes two libraries (the buggy build, then the fixed one), got ${positionals.length}`, {
      hint: 'ffi-fuzz compare targets/target/release/libchunk_parser.so targets/target/release/libchunk_parser_fixed.so',
    });
  const spec = workloadSpec(positionals as [string, string], options.fn, (extra.spec as string | undefined) ?? null);
  if (sources.out !== 'default') requireWritableDir(options.out, '--out');
  const seed = options.seed ?? crypto.randomInt(0, 0xffffffff);
  sink.err(`ffi-fuzz: seed ${seed}${options.seed === null ? ` (repeat this comparison with --seed ${seed})` : ''}`);
  const [buggy, fixed] = await Promise.all(
    positionals.map((lib) => resolveTargetRef(spec, lib, options.fn, 'plain', (line) => sink.err(line))),
  );
  const comparison = await compareBuilds(
    {
      buggy: buggy!,
      fixed: fixed!,
      options,
      threads: sources.threads === 'default' ? COMPARE_THREADS : options.threads,
      seed,
      recordsRoot: sources.out === 'default' ? null : path.resolve(options.out),
      prefix: invocation(),
    },
    sink,
  );
  const table = renderComparison(comparison);
  for (const line of table) (options.json ? sink.err : sink.out)(line);
  if (options.json) sink.out(JSON.stringify(comparison, null, 2));
  return comparison.fixed.crashes > 0 ? ExitCode.Findings : ExitCode.Clean;
}
