import os from 'node:os';
import path from 'node:path';
import { resolveOptions } from '../harness/config/resolve-options.js';
import { PROJECT_ROOT } from '../harness/model/project-root.js';
import { resolveTargetRef } from '../harness/ffi/target-ref.js';
import type { RunSummary } from '../harness/report/run-summary.js';
import { rawFunctionRate } from './bench/function-rate.js';
import { runCampaignCli, summaryOf } from './bench/run-cli.js';

// The stress-mode soak (issue #5): a long `--mode stress` campaign on many threads against the
// fixed chunk-parser (nothing to find: pure load), which must end without a harness error. Prints
// the summary's aggregate calls/s and peak RSS next to the raw koffi call rate of the same
// function on one thread, measured here. `bash scripts/soak.sh [--threads 32] [--duration 2m]`.

/** Memory goal of the benchmark at 32 threads. */
const RSS_GOAL_MB = 512;

async function main(): Promise<number> {
  const { options } = resolveOptions(process.argv.slice(2), process.env, ['threads', 'durationMs', 'seed', 'mode']);
  const threads = process.argv.includes('--threads') ? options.threads : 32;
  const durationMs = options.durationMs ?? 120_000;
  const target = 'chunk-parser-fixed';
  const lib = path.join(PROJECT_ROOT, 'targets/target/release/libchunk_parser_fixed.so');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`soak: ${target}, --mode stress, ${threads} threads, ${durationMs / 1000}s`);
  const run = await runCampaignCli(target, [
    ...['--mode', 'stress', '--threads', String(threads)],
    ...['--duration', `${durationMs}ms`, '--seed', String(options.seed ?? 1)],
  ]);
  if (run.exitCode === 2 || run.exitCode === 3) {
    log(`soak: harness error (exit ${run.exitCode}):\n${run.stderr.trim().split('\n').slice(-15).join('\n')}`);
    return 3;
  }
  const summary = summaryOf<RunSummary>(run, 'the soak campaign');
  const ref = await resolveTargetRef(target, lib, [], 'plain', log);
  const raw = await rawFunctionRate(ref, 'parse_chunk', 1, 2000);
  const lines = [
    `soak: ${summary.execs} native calls in ${(summary.elapsedMs / 1000).toFixed(1)}s on ${threads} threads, ${summary.restarts} restarts, ${summary.findings.length} findings, exit ${run.exitCode}`,
    `  aggregate     ${summary.execsPerSecond.toLocaleString('en')} calls/s (every input alone once, then with the other threads)`,
    `  raw koffi     ${Math.round(raw.perSecond).toLocaleString('en')} calls/s (parse_chunk, 1 thread, this process): ratio ${(summary.execsPerSecond / raw.perSecond).toFixed(2)}`,
    `  peak RSS      ${summary.peakRssMb} MiB (goal ≤ ${RSS_GOAL_MB} MiB at 32 threads) on ${os.cpus().length} CPUs`,
  ];
  for (const line of lines) process.stdout.write(`${line}\n`);
  return run.exitCode === 0 ? 0 : 1;
}

process.exitCode = await main();
