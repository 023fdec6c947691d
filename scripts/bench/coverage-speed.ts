import type { RunSummary } from '../../harness/report/run-summary.js';
import { childCpuMs } from './child-cpu.js';
import { figure, type Figure, type Skipped } from './figure.js';
import { libFuzzerDriver, runLibFuzzer, type DriverTarget, type LibFuzzer } from './libfuzzer.js';
import { runCampaignCli, summaryOf } from './run-cli.js';

/** One function to run both fuzzers on, in its coverage build. */
export interface SpeedTarget extends DriverTarget {
  /** The spec (bundled name) whose function it is. */
  readonly spec: string;
}

/** What a coverage run with `--jobs 1` did: its summary and the CPU time it took (supervisor and engine). */
interface CoverageRun {
  readonly summary: RunSummary;
  readonly cpuMs: number;
}

/**
 * `fuzz <spec> --lib <coverage build> --mode coverage --jobs 1` for `seconds`, from an empty
 * corpus, no minimisation or sweep: one engine process, as libFuzzer is one process.
 */
async function runCoverageJob(target: SpeedTarget, seconds: number, flags: readonly string[]): Promise<CoverageRun> {
  const cpu = childCpuMs();
  const run = await runCampaignCli(target.spec, [
    ...['--lib', target.library, '--only', target.symbol, '--mode', 'coverage', '--jobs', '1'],
    ...['--duration', `${seconds}s`, ...flags],
  ]);
  return { summary: summaryOf<RunSummary>(run, `coverage mode on ${target.spec}`), cpuMs: childCpuMs() - cpu };
}

/**
 * Coverage mode's executions per second with `--jobs 1` next to libFuzzer's, both on the same
 * instrumented library (libfuzzer.ts links its driver against ffi-fuzz's coverage build), one
 * after the other for `seconds` each, seed 1, the same `-max_len`. The ratio is of wall-clock
 * rates; the CPU time of each (ffi-fuzz's supervisor included) is in the details.
 */
export async function measureAgainstLibFuzzer(
  lf: LibFuzzer,
  target: SpeedTarget,
  seconds: number,
  maxLen: number,
): Promise<Figure | Skipped> {
  const name = `coverage --jobs 1, ${target.spec} ${target.symbol} (instrumented), max-len ${maxLen}`;
  if (!lf.available) return { section: 'coverage', name, reason: lf.reason };
  const driver = await libFuzzerDriver(lf, target);
  const ours = await runCoverageJob(target, seconds, ['--seed', '1', '--max-len', String(maxLen)]);
  const theirs = await runLibFuzzer(driver, seconds, ['-seed=1', `-max_len=${maxLen}`]);
  const perCpu = (execs: number, cpuMs: number) => execs / Math.max(1e-9, cpuMs / 1000);
  return figure(
    'coverage',
    name,
    ours.summary.execsPerSecond,
    'execs/s',
    { name: 'libFuzzer, same library and max_len', value: theirs.execsPerSecond, unit: 'execs/s' },
    {
      goal: '≥ 1.0',
      note: `${ours.summary.execs} execs in ${(ours.summary.elapsedMs / 1000).toFixed(1)}s (child start included) vs libFuzzer ${theirs.execs} in ${(theirs.wallMs / 1000).toFixed(1)}s; per CPU-second ${Math.round(perCpu(ours.summary.execs, ours.cpuMs))} vs ${Math.round(perCpu(theirs.execs, theirs.cpuMs))}`,
      details: {
        execs: ours.summary.execs,
        cpuMs: ours.cpuMs,
        libFuzzerExecs: theirs.execs,
        libFuzzerCpuMs: theirs.cpuMs,
        execsPerCpuSecond: perCpu(ours.summary.execs, ours.cpuMs),
        libFuzzerExecsPerCpuSecond: perCpu(theirs.execs, theirs.cpuMs),
      },
    },
  );
}
