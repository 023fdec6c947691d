import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecorderFile, RecorderSlot } from '../../engine/flight-recorder.js';
import { slotSizeFor } from '../../engine/recorder-layout.js';
import { LifeWatch } from './life-watch.js';

const NAME = Buffer.from('f');

/** A one-slot recorder and the slot a life writes into. */
function recorder(): { file: string; slot: RecorderSlot } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-watch-')), 'recorder.bin');
  createRecorderFile(file, 1, slotSizeFor(1, 64));
  return { file, slot: new RecorderSlot(file, 0) };
}

/** A watch of the life writing `file`, on a process that uses no memory; `ends` counts its calls to end the life. */
function watch(file: string, stallMs?: number): { watch: LifeWatch; ends: () => number } {
  let ends = 0;
  const options = { recorderPath: file, timeoutMs: 1000, rssLimitMb: 1024, ...(stallMs === undefined ? {} : { stallMs }) };
  return {
    watch: new LifeWatch(
      options,
      () => undefined,
      () => ends++,
    ),
    ends: () => ends,
  };
}

describe('LifeWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should end a life whose call makes no progress for the timeout, naming the slot', () => {
    // Arrange
    const { file, slot } = recorder();
    const { watch: w, ends } = watch(file);
    // Act
    slot.begin(NAME, 0, []);
    vi.advanceTimersByTime(1500);
    const verdict = w.stop();
    // Assert
    expect(ends()).toBe(1);
    expect(verdict).toMatchObject({ timedOut: true, hungWorker: 0, oom: false, stalled: false });
  });

  it('should end a life that starts no call outside the target for stallMs, once, when asked to watch for it', () => {
    // Arrange
    const { file, slot } = recorder();
    const { watch: w, ends } = watch(file, 3000);
    // Act
    slot.begin(NAME, 0, []);
    slot.end();
    vi.advanceTimersByTime(4000);
    const verdict = w.stop();
    // Assert
    expect(ends()).toBe(1);
    expect(verdict).toMatchObject({ timedOut: false, stalled: true });
  });

  it('should leave alone a life that keeps making calls, and one outside the target when stalls are not watched', () => {
    // Arrange
    const busy = recorder();
    const idle = recorder();
    const busyWatch = watch(busy.file, 3000);
    const idleWatch = watch(idle.file);
    // Act
    for (let i = 0; i < 40; i++) {
      busy.slot.begin(NAME, i, []);
      busy.slot.end();
      vi.advanceTimersByTime(200);
    }
    // Assert
    expect(busyWatch.watch.stop()).toMatchObject({ timedOut: false, stalled: false });
    expect(idleWatch.watch.stop()).toMatchObject({ timedOut: false, stalled: false });
    expect(busyWatch.ends() + idleWatch.ends()).toBe(0);
  });
});
