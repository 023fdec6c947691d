import type { RunSummary } from '../../harness/report/run-summary.js';
import { figure, type Figure } from './figure.js';
import { runCampaignCli, summaryOf } from './run-cli.js';

/** Whole campaigns behind the fork-server figures (issue #14). */
export interface ForkServerBudget {
  /** crash-mix inputs with the fork server (about half of them crash). */
  readonly crashRuns: number;
  /** crash-mix inputs restarting engine children instead (slow: a run per restart). */
  readonly restartRuns: number;
  /** crash-mix-fixed inputs (the same function, no crash). */
  readonly crashFreeRuns: number;
  /** The demo's campaign (chunk-parser, seed 1) is run for this long each way. */
  readonly demoMs: number;
}

/**
 * What the fork server does to whole campaigns, through the real CLI:
 *   - exec/s on crash-mix, where about every other input crashes (panic, abort, SIGSEGV, SIGKILL),
 *     against the same function without the crashes (crash-mix-fixed), and against restarting
 *     engine children after each crash (`--no-fork-server`);
 *   - the demo's campaign (scripts/demo.sh: the shipped chunk-parser, seed 1) in a fixed time,
 *     with and without the fork server: the executions each gets in the same budget.
 */
export async function measureForkServer(budget: ForkServerBudget): Promise<Figure[]> {
  const forked = await campaign('crash-mix', ['--seed', '3', '--runs', String(budget.crashRuns)]);
  const clean = await campaign('crash-mix-fixed', ['--seed', '3', '--runs', String(budget.crashFreeRuns)]);
  const restarted = await campaign('crash-mix', ['--seed', '3', '--runs', String(budget.restartRuns), '--no-fork-server']);
  const demo = await campaign('chunk-parser', ['--seed', '1', '--duration', `${budget.demoMs}ms`]);
  const demoBefore = await campaign('chunk-parser', ['--seed', '1', '--duration', `${budget.demoMs}ms`, '--no-fork-server']);
  const rate = (s: RunSummary) => ({ value: s.execsPerSecond, unit: 'exec/s' });
  const crashes = (s: RunSummary) => `${s.execs} execs, ${s.restarts} crashes in ${(s.elapsedMs / 1000).toFixed(1)}s`;
  return [
    figure(
      'fork server',
      'crash-mix exec/s, ~50% of inputs crash, fork server',
      forked.execsPerSecond,
      'exec/s',
      {
        name: 'crash-mix-fixed (no crash), fork server',
        ...rate(clean),
      },
      { goal: 'value ≥ 200 exec/s', note: `${crashes(forked)}; reference ${crashes(clean)}` },
    ),
    figure(
      'fork server',
      'crash-mix exec/s, fork server vs restarts',
      forked.execsPerSecond,
      'exec/s',
      {
        name: 'crash-mix with --no-fork-server',
        ...rate(restarted),
      },
      { note: `reference ${crashes(restarted)}` },
    ),
    figure(
      'fork server',
      `demo campaign (chunk-parser, seed 1): execs in ${budget.demoMs / 1000}s`,
      demo.execs,
      'execs',
      {
        name: 'the same with --no-fork-server',
        value: demoBefore.execs,
        unit: 'execs',
      },
      { goal: '≥ 20', note: `${crashes(demo)}; before: ${crashes(demoBefore)}` },
    ),
  ];
}

/** One campaign (no minimisation or sweep after it); its summary. */
async function campaign(spec: string, flags: readonly string[]): Promise<RunSummary> {
  return summaryOf<RunSummary>(await runCampaignCli(spec, flags), `fuzz ${spec} ${flags.join(' ')}`);
}
