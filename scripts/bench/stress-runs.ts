import type { RunSummary } from '../../harness/report/run-summary.js';
import { figure, type Figure } from './figure.js';
import type { Rate } from './rate.js';
import { runCampaignCli, summaryOf } from './run-cli.js';

/**
 * Stress mode through the real CLI: `fuzz <spec> --mode stress --threads N --duration D` on the
 * fixed build, for each thread count. The figure is the run summary's aggregate calls per second
 * (each input runs twice: alone, then with the other threads) over the whole campaign, child start
 * included, and the child's peak RSS; the reference is the raw single-thread call rate of the same
 * function in this process (`raw`), the most one thread could do.
 */
export async function measureStress(
  spec: string,
  libraryPath: string,
  threads: readonly number[],
  durationMs: number,
  raw: Rate,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const reference = { name: `raw ${spec} call, 1 thread`, value: raw.perSecond, unit: 'calls/s' };
  for (const n of threads) {
    const run = await runCampaignCli(spec, [
      ...['--lib', libraryPath, '--mode', 'stress', '--threads', String(n)],
      ...['--duration', `${durationMs}ms`, '--seed', '1'],
    ]);
    const summary = summaryOf<RunSummary>(run, `stress mode with ${n} threads`);
    const note = `${summary.execs} calls in ${(summary.elapsedMs / 1000).toFixed(1)}s, peak RSS ${summary.peakRssMb} MiB, ${summary.restarts} restarts, ${summary.findings.length} findings`;
    figures.push(figure('stress', `stress mode, ${n} threads (aggregate)`, summary.execsPerSecond, 'calls/s', reference, { note }));
    figures.push(figure('stress', `stress mode, ${n} threads: peak RSS`, summary.peakRssMb, 'MiB', null));
  }
  return figures;
}
