import fs from 'node:fs';
import { recorderGeometry, SlotState } from '../../engine/recorder-layout.js';
import { readHeartbeats } from '../../engine/recorder-reader.js';
import { rssMb } from './child-rss.js';

export interface LifeWatchOptions {
  readonly recorderPath: string;
  /** A call that makes no progress this long is a hang. */
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  /** Called on every tick, and once when the watch stops, with the per-slot call counters (progress). */
  readonly onTick?: (calls: readonly number[]) => void;
}

/** What the watch saw of one life. */
export interface LifeVerdict {
  /** A call made no progress for the timeout: the life was ended. */
  readonly timedOut: boolean;
  /** The slot whose call stopped making progress. */
  readonly hungWorker: number | null;
  /** Resident memory passed the limit: the life was ended. */
  readonly oom: boolean;
  readonly peakRssMb: number;
}

const TICK_MS = 50;

/**
 * Watches one life while it runs: the flight recorder's heartbeats (a slot in a call whose counter
 * does not move for the timeout is hung) and the resident memory of the process running the life
 * (an engine child, or a fork server's runner). Either ends the life through `end`, once.
 */
export class LifeWatch {
  private readonly fd: number;
  private readonly slots: number;
  private readonly slotSize: number;
  private readonly scratch = Buffer.alloc(8);
  private readonly stuckSince: number[];
  private readonly lastCalls: number[];
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;
  private hungWorker: number | null = null;
  private oom = false;
  private peakRssMb = 0;

  /** @param pid - the process whose memory counts (undefined until it is known). */
  constructor(
    private readonly options: LifeWatchOptions,
    private readonly pid: () => number | undefined,
    private readonly end: () => void,
  ) {
    ({ slots: this.slots, slotSize: this.slotSize } = recorderGeometry(options.recorderPath));
    this.fd = fs.openSync(options.recorderPath, 'r');
    this.stuckSince = new Array<number>(this.slots).fill(Date.now());
    this.lastCalls = new Array<number>(this.slots).fill(0);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops watching (the life ended): one last progress report, and the verdict. */
  stop(): LifeVerdict {
    clearInterval(this.timer);
    this.options.onTick?.(this.beats().map((b) => b.calls));
    fs.closeSync(this.fd);
    return { timedOut: this.timedOut, hungWorker: this.hungWorker, oom: this.oom, peakRssMb: this.peakRssMb };
  }

  private tick(): void {
    const now = Date.now();
    this.beats().forEach((beat, slot) => {
      if (beat.state !== SlotState.InCall || beat.calls !== this.lastCalls[slot]) this.stuckSince[slot] = now;
      this.lastCalls[slot] = beat.calls;
      if (!this.timedOut && !this.oom && now - this.stuckSince[slot]! > this.options.timeoutMs) {
        this.timedOut = true;
        this.hungWorker = slot;
        this.end();
      }
    });
    this.options.onTick?.(this.lastCalls);
    const rss = rssMb(this.pid());
    this.peakRssMb = Math.max(this.peakRssMb, rss);
    if (!this.oom && !this.timedOut && rss > this.options.rssLimitMb) {
      this.oom = true;
      this.end();
    }
  }

  private beats(): { state: number; calls: number }[] {
    return readHeartbeats(this.fd, this.slots, this.slotSize, this.scratch);
  }
}
