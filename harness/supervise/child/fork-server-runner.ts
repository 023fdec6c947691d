import type { ForkServerUsage } from '../../report/run-summary.js';
import type { ChildListener, ChildRun, ChildRunner, ChildWork } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { ServerChild, type ForkServerParts } from './fork-server-child.js';
import { runLife } from './fresh-runner.js';

/**
 * One thread, each life in a runner forked from a loaded engine child (engine/fork-server.ts): a
 * crash costs a fork and an exit instead of a Node start, a koffi load and a spec import. Lives
 * are watched like any other (life-watch.ts, on the runner's pid); a hung or oversized runner is
 * ended by the server, its parent (no pid reuse), SIGTERM then SIGKILL, and by killing the server
 * when it does not answer. A server that cannot fork here says so at start: this runner then
 * restarts on `fallback` (once warned). Work a runner cannot take (serve, measure) runs in a fresh child.
 */
export class ForkServerRunner implements ChildRunner {
  readonly threads = 1;
  private server: ServerChild | undefined;
  private fallen: ChildRunner | undefined;
  private readonly servers: ServerChild[] = [];

  constructor(
    private readonly setup: EngineSetup,
    private readonly parts: ForkServerParts,
    private readonly fallback: () => ChildRunner,
    private readonly warn: (line: string) => void,
  ) {}

  async run(work: ChildWork, listener: ChildListener): Promise<ChildRun> {
    if (work.kind === 'serve' || work.kind === 'measure') return runLife(this.setup, 1, work, listener);
    if (this.fallen !== undefined) return this.fallen.run(work, listener);
    const server = this.server ?? this.startServer();
    const start = await server.start;
    if (start.kind === 'unforkable') {
      this.warn(`fork server off: ${start.reason}; every crash restarts the engine child`);
      this.fallen = this.fallback();
      this.server = undefined;
      return this.fallen.run(work, listener);
    }
    const run = start.kind === 'ready' ? await server.life(work, listener) : await server.endedRun();
    if (!server.alive) this.server = undefined;
    return run;
  }

  /** What its servers did so far; null when no runner was forked. */
  usage(): ForkServerUsage | null {
    const lives = this.servers.reduce((n, s) => n + s.lives, 0);
    if (lives === 0) return null;
    const busiest = this.servers.reduce((a, b) => (b.lives > a.lives ? b : a));
    return { servers: this.servers.length, lives, serverRssMb: busiest.rss ?? null };
  }

  async close(): Promise<void> {
    await Promise.all([this.server?.stop(), this.fallen?.close()]);
    this.server = undefined;
  }

  private startServer(): ServerChild {
    const server = new ServerChild(this.setup, this.parts);
    this.server = server;
    this.servers.push(server);
    return server;
  }
}
