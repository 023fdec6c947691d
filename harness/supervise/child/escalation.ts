/**
 * Ending a process in steps (execa's lib/terminate, for a process we signal through someone
 * else): SIGTERM, SIGKILL after the grace period, then a last resort after another grace period
 * (a fork server that does not end its runner is itself killed). Records whether force was needed.
 */
export class Escalation {
  /** SIGTERM was not enough. */
  forced = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly signal: (signal: 'SIGTERM' | 'SIGKILL') => void,
    private readonly graceMs: number,
    private readonly lastResort: () => void,
  ) {}

  /** Starts ending it (once; later calls do nothing). */
  start(): void {
    if (this.timers.length > 0) return;
    this.signal('SIGTERM');
    this.timers.push(
      setTimeout(() => {
        this.forced = true;
        this.signal('SIGKILL');
      }, this.graceMs),
      setTimeout(this.lastResort, 2 * this.graceMs),
    );
  }

  /** It ended: no further step. */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
