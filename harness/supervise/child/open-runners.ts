import { forkServerSupport } from '../../toolchain/fork-server-support.js';
import type { OpenRunner } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import type { ForkServerUsage } from '../../report/run-summary.js';
import { ForkServerRunner } from './fork-server-runner.js';
import { WarmRunner } from './warm-runner.js';

/** How a campaign wants its children kept. */
export interface RunnerChoice {
  /** Fork single-thread lives from a loaded engine child (`--no-fork-server`: false). */
  readonly forkServer: boolean;
  /** Where the one-line explanation goes when the fork server cannot be used. */
  readonly warn: (line: string) => void;
}

/** The runners of one campaign, and what its fork servers did. */
export interface CampaignRunners {
  readonly open: OpenRunner;
  /** Every fork server of the campaign together; null when none forked a runner. */
  forkServer(): ForkServerUsage | null;
}

/**
 * The runners of a campaign, by thread count: one thread forks its lives from a fork server
 * (fork-server-runner.ts) where forking works, else restarts on a warm spare (warm-runner.ts);
 * several threads restart on a warm spare of as many threads (worker threads cannot be forked).
 * Why the fork server is off is said once.
 */
export function openRunners(setup: EngineSetup, choice: RunnerChoice): CampaignRunners {
  const said = new Set<string>();
  const warnOnce = (line: string) => {
    if (!said.has(line)) choice.warn(line);
    said.add(line);
  };
  const support = choice.forkServer ? forkServerSupport(setup.libraryPath) : undefined;
  if (support?.available === false) warnOnce(`fork server off: ${support.reason}; every crash restarts the engine child`);
  const forking: ForkServerRunner[] = [];
  return {
    open: (threads) => {
      if (threads > 1) return new WarmRunner(setup, threads);
      if (support?.available !== true) return new WarmRunner(setup);
      const runner = new ForkServerRunner(setup, support, () => new WarmRunner(setup), warnOnce);
      forking.push(runner);
      return runner;
    },
    forkServer: () => sumUsage(forking.map((r) => r.usage())),
  };
}

/** The usage of several fork-server runners (coverage jobs) as one: the busiest server's memory. */
function sumUsage(usages: readonly (ForkServerUsage | null)[]): ForkServerUsage | null {
  const used = usages.filter((u): u is ForkServerUsage => u !== null);
  if (used.length === 0) return null;
  const busiest = used.reduce((a, b) => (b.lives > a.lives ? b : a));
  return {
    servers: used.reduce((n, u) => n + u.servers, 0),
    lives: used.reduce((n, u) => n + u.lives, 0),
    serverRssMb: busiest.serverRssMb,
  };
}
