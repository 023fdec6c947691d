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
  /**
   * A slot that starts no call for this long while outside the target is stalled: the harness, not
   * the target, stopped (a fork-server runner waiting for a thread that does not exist in it).
   * Absent: not watched (work that waits for requests).
   */
  readonly stallMs?: number;
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
  /** No call started for `stallMs` outside the target: the life was ended (a harness fault, never a finding). */
  readonly stalled: boolean;
}

const TICK_MS = 50;

/**
 * Watches one life while it runs: the flight recorder's heartbeats (a slot in a call whose counter
 * does not move for the timeout is hung; with `stallMs`, one that starts no call is stalled) and
 * the resident memory of the process running the life (an engine child, or a fork server's
 * runner). Any of them ends the life through `end`, once.
 */
export class LifeWatch {
  private readonly fd: number;
  private readonly slots: number;
  private readonly slotSize: number;
  private readonly scratch = Buffer.alloc(8);
  private readonly stuckSince: number[];
  private readonly movedAt: number[];
  private readonly lastCalls: number[];
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;
  private hungWorker: number | null = null;
  private oom = false;
  private stalled = false;
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
    this.movedAt = new Array<number>(this.slots).fill(Date.now());
    this.lastCalls = new Array<number>(this.slots).fill(0);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops watching (the life ended): one last progress report, and the verdict. */
  stop(): LifeVerdict {
    clearInterval(this.timer);
    this.options.onTick?.(this.beats().map((b) => b.calls));
    fs.closeSync(this.fd);
    const { timedOut, hungWorker, oom, peakRssMb, stalled } = this;
    return { timedOut, hungWorker, oom, peakRssMb, stalled };
  }

  private tick(): void {
    const now = Date.now();
    this.beats().forEach((beat, slot) => {
      const moved = beat.calls !== this.lastCalls[slot];
      if (beat.state !== SlotState.InCall || moved) this.stuckSince[slot] = now;
      if (moved) this.movedAt[slot] = now;
      this.lastCalls[slot] = beat.calls;
      if (this.ending()) return;
      if (now - this.stuckSince[slot]! > this.options.timeoutMs) {
        this.timedOut = true;
        this.hungWorker = slot;
        this.end();
      } else if (
        this.options.stallMs !== undefined &&
        beat.state !== SlotState.InCall &&
        now - this.movedAt[slot]! > this.options.stallMs
      ) {
        this.stalled = true;
        this.end();
      }
    });
    this.options.onTick?.(this.lastCalls);
    const rss = rssMb(this.pid());
    this.peakRssMb = Math.max(this.peakRssMb, rss);
    if (!this.ending() && rss > this.options.rssLimitMb) {
      this.oom = true;
      this.end();
    }
  }

  /** The life is being ended already (once is enough). */
  private ending(): boolean {
    return this.timedOut || this.oom || this.stalled;
  }

  private beats(): { state: number; calls: number }[] {
    return readHeartbeats(this.fd, this.slots, this.slotSize, this.scratch);
  }
}
