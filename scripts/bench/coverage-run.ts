import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_SPEC } from '../../harness/config/cli-spec.js';
import type { RunSummary } from '../../harness/supervise/fuzz.js';
import { figure, type Figure } from './figure.js';
import type { Rate } from './rate.js';
import { runCli, summaryOf } from './run-cli.js';

/** True when this tree's CLI offers `--mode coverage` (the coverage mode lands separately, issue #4). */
export function coverageModeAvailable(): boolean {
  return CLI_SPEC.mode?.choices?.includes('coverage') ?? false;
}

/**
 * Coverage mode through the real CLI: the crate built with `--profile coverage` (SanitizerCoverage
 * counters), then `fuzz <spec> --mode coverage` on one thread for `durationMs`. The figure is the
 * run summary's executions per second (corpus replay and child start included); the reference is
 * the raw single-thread call rate of the same function on the plain build, in this process.
 */
export async function measureCoverage(spec: string, durationMs: number, raw: Rate): Promise<Figure> {
  const build = await runCli(['build', spec, '--profile', 'coverage']);
  const library = build.stdout.trim().split('\n').pop() ?? '';
  if (build.exitCode !== 0 || !fs.existsSync(library)) throw new Error(`ffi-fuzz build ${spec} --profile coverage failed (exit ${build.exitCode}): ${build.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-cov-'));
  try {
    const run = await runCli(['fuzz', spec, '--lib', library, '--mode', 'coverage', '--threads', '1', '--duration', `${durationMs}ms`, '--seed', '1', '--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports'), '--align-sweep', '0', '--minimize-runs', '0', '--json']);
    const summary = summaryOf<RunSummary>(run, 'coverage mode');
    return figure('coverage', `coverage mode, ${spec} (instrumented), 1 thread`, summary.execsPerSecond, 'execs/s', { name: `raw ${spec} call, plain build`, value: raw.perSecond, unit: 'calls/s' }, {
      note: `${summary.execs} execs in ${(summary.elapsedMs / 1000).toFixed(1)}s incl. child start and corpus replay; build ${(build.ms / 1000).toFixed(1)}s (cached after the first); libFuzzer: 1.2–1.4 M exec/s on a small instrumented Rust target`,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
