import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_SPEC } from '../../harness/config/cli-spec.js';
import { benchCoverageExecs, rawCallRate } from './coverage-loop.js';
import type { RunSummary } from '../../harness/report/run-summary.js';
import { figure, type Figure } from './figure.js';
import type { Rate } from './rate.js';
import { runCli, summaryOf, type CliRun } from './run-cli.js';

/** True when this tree's CLI offers `--mode coverage` (coverage mode, issue #4). */
export function coverageModeAvailable(): boolean {
  return CLI_SPEC.mode?.choices?.includes('coverage') ?? false;
}

const SUM64 = 'int32_t sum64(const uint8_t *p, int32_t n)';

/**
 * Coverage mode's own loop in this process (supervise/coverage-bench.ts: mutation, flight
 * recorder, red zones, oracles, counter scan; no child, no IPC) on bench-trivial's `sum64` built
 * with `--profile coverage`, against the raw koffi call rate of the same instrumented function.
 */
export async function measureCoverageLoop(execs: number): Promise<Figure> {
  const library = await buildCoverage('bench-trivial');
  const loop = await benchCoverageExecs({ libraryPath: library, prototype: SUM64, execs });
  const raw = rawCallRate(library, SUM64, Math.max(100_000, execs * 10));
  return figure(
    'coverage',
    'coverage mode loop in process, sum64 (instrumented)',
    loop.execsPerSecond,
    'execs/s',
    { name: 'raw koffi sum64, same instrumented build', value: raw.callsPerSecond, unit: 'calls/s' },
    {
      note: `${loop.execs} execs in ${(loop.ms / 1000).toFixed(2)}s; per CPU-second ${Math.round(loop.execsPerCpuSecond)} vs raw ${Math.round(raw.callsPerCpuSecond)}; ${loop.edges}/${loop.counters} edges`,
      details: {
        execsPerCpuSecond: loop.execsPerCpuSecond,
        rawCallsPerCpuSecond: raw.callsPerCpuSecond,
        edges: loop.edges,
        counters: loop.counters,
      },
    },
  );
}

/**
 * Coverage mode through the real CLI: `fuzz <spec> --mode coverage --jobs 1` (one engine process)
 * for `durationMs`, on the crate built with `--profile coverage`. The figure is the run summary's
 * executions per second (child start and corpus replay included); the reference is the raw
 * single-thread call rate of the same function on the plain build, in this process.
 */
export async function measureCoverageCli(spec: string, durationMs: number, raw: Rate): Promise<Figure> {
  const library = await buildCoverage(spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-cov-'));
  try {
    const run = await runCli([
      'fuzz',
      spec,
      '--lib',
      library,
      '--mode',
      'coverage',
      '--jobs',
      '1',
      '--duration',
      `${durationMs}ms`,
      '--seed',
      '1',
      '--out',
      path.join(dir, 'corpus'),
      '--reports',
      path.join(dir, 'reports'),
      '--align-sweep',
      '0',
      '--minimize-runs',
      '0',
      '--json',
    ]);
    const summary = summaryOf<RunSummary>(run, 'coverage mode');
    return figure(
      'coverage',
      `coverage mode via the CLI, ${spec} (instrumented), --jobs 1`,
      summary.execsPerSecond,
      'execs/s',
      { name: `raw ${spec} call, plain build`, value: raw.perSecond, unit: 'calls/s' },
      {
        note: `${summary.execs} execs in ${(summary.elapsedMs / 1000).toFixed(1)}s incl. child start and corpus replay`,
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `ffi-fuzz build <spec> --profile coverage` (cached by cargo after the first), the library path it printed last. */
export async function buildCoverage(spec: string): Promise<string> {
  const build: CliRun = await runCli(['build', spec, '--profile', 'coverage']);
  const library = build.stdout.trim().split('\n').pop() ?? '';
  if (build.exitCode !== 0 || !fs.existsSync(library))
    throw new Error(
      `ffi-fuzz build ${spec} --profile coverage failed (exit ${build.exitCode}): ${build.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  return library;
}
