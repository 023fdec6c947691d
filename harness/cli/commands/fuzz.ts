import os from 'node:os';
import crypto from 'node:crypto';
import { DEFAULT_DURATION_MS, type HarnessOptions } from '../../config/options.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { resolveTargetRef } from '../../ffi/target-ref.js';
import { renderFindingsTable } from '../../report/crash-report.js';
import { displayPath, invocation } from '../../report/render-command.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { fuzz } from '../../supervise/campaign/fuzz.js';
import { abiGate } from '../../abi/abi-gate.js';
import { fuzzProfile } from '../../toolchain/sanitizer-runtime.js';

export const FUZZ_OPTIONS: (keyof HarnessOptions)[] = [
  'mode',
  'threads',
  'durationMs',
  'runs',
  'seed',
  'out',
  'reports',
  'timeoutMs',
  'rssLimitMb',
  'killGraceMs',
  'json',
  'lib',
  'fn',
  'header',
  'only',
  'alignSweep',
  'minimizeRuns',
  'allowAbiMismatch',
  'guardPages',
  'profile',
  'jobs',
  'dict',
];

/** `ffi-fuzz fuzz <spec> | --lib L --fn PROTO…`: one campaign; exit 1 when it finds anything. */
export async function fuzzCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals, sources } = resolveOptions(argv, process.env, FUZZ_OPTIONS);
  if (positionals.length > 1) throw new HarnessError('usage', `fuzz takes one spec, got ${positionals.length}: ${positionals.join(' ')}`);
  const seed = options.seed ?? crypto.randomInt(0, 0xffffffff);
  sink.err(`ffi-fuzz: seed ${seed}${options.seed === null ? ` (repeat this run with --seed ${seed})` : ''}`);
  const ref = await resolveTargetRef(
    positionals[0],
    options.lib,
    options.fn,
    fuzzProfile(sources.profile === 'default' && options.mode === 'coverage' ? 'coverage' : options.profile),
    (line) => sink.err(line),
    options.header,
  );
  const unknown = options.only.filter((f) => !ref.target.functions.some((g) => g.name === f));
  if (unknown.length > 0)
    throw new HarnessError('usage', `--only names functions the target does not have: ${unknown.join(', ')}`, {
      where: '--only',
      hint: `functions: ${ref.target.functions.map((f) => f.name).join(', ')}`,
    });
  const abi = abiGate(ref.target, ref.libraryPath, options.allowAbiMismatch, (line) => sink.err(line));
  const budget = options.runs !== null ? `${options.runs} runs` : `${(options.durationMs ?? DEFAULT_DURATION_MS) / 1000}s`;
  sink.err(
    `target ${ref.target.name}: ${displayPath(ref.libraryPath)} (sha256 ${ref.librarySha256.slice(0, 12)}), ${options.threads} thread(s)${options.mode === 'stress' ? ', stress mode' : options.mode === 'coverage' ? `, coverage mode, ${options.jobs ?? os.availableParallelism()} job(s)` : ''}, ${budget}`,
  );
  const summary = await fuzz(ref, options, seed, invocation(), sink, abi);
  sink.err(
    `done: ${summary.execs} execs in ${(summary.elapsedMs / 1000).toFixed(1)}s (${summary.execsPerSecond}/s), ${summary.restarts} restarts, ${summary.findings.length} unique finding(s), peak RSS ${summary.peakRssMb} MiB`,
  );
  for (const line of renderFindingsTable(summary.findings)) sink.err(line);
  if (options.json) sink.out(JSON.stringify(summary, null, 2));
  return summary.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean;
}
