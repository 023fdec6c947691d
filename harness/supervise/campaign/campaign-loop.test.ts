import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import type { ChildRunner } from '../child/child-runner.js';
import { runCampaign, type CampaignConfig } from './campaign-loop.js';
import { PropertyMode } from './property-mode.js';
import { ended, fakeCapture, slotsOf } from './test-support/fake-end.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { scratch } from './test-support/run-fake.js';

// How the loop ends when something outside the target stops it: a record it cannot write (a full
// disk, an --out that is a file), or its stop (a phase's time is up, SIGINT/SIGTERM).

function config(engine: { open: CampaignConfig['open'] }, locate: CampaignConfig['locate'], stop?: AbortController): CampaignConfig {
  return {
    open: engine.open,
    durationMs: null,
    capture: fakeCapture(),
    locate,
    events: { finding: () => undefined, progress: () => undefined, warn: () => undefined },
    ...(stop === undefined ? {} : { stop }),
  };
}

/** A locator whose every path runs through a regular file: each write fails with ENOTDIR, as with `--out` naming a file. */
function unwritable(): CampaignConfig['locate'] {
  const file = path.join(scratch(), 'a-file');
  fs.writeFileSync(file, 'not a folder');
  return (id, fn) => path.join(file, fn, id, 'crash.json');
}

describe('the campaign loop stopped from outside the target', () => {
  it('should end with the write error when a death cannot be recorded, as a value the caller reports', async () => {
    // Arrange: input 2 crashes; its record cannot be written.
    const engine = new FakeEngine((_w, i) => (i === 2 ? 'segv' : 'ok'));

    // Act
    const run = runCampaign(new PropertyMode(1, 20), config(engine, unwritable()));

    // Assert
    await expect(run).rejects.toMatchObject({ code: 'io', message: expect.stringMatching(/ENOTDIR/) });
    expect(engine.livesOf('generate')).toHaveLength(1);
    expect(engine.closed).toBe(engine.opened);
  });

  it('should stop, not crash the process, when an oracle finding (written inside a child event) cannot be recorded', async () => {
    // Arrange: input 1 returns a wrong result, which the engine reports while it keeps running.
    const engine = new FakeEngine((_w, i) => (i === 1 ? 'wrong' : 'ok'));
    const stop = new AbortController();

    // Act
    const run = runCampaign(new PropertyMode(1, 20), config(engine, unwritable(), stop));

    // Assert
    await expect(run).rejects.toBeInstanceOf(HarnessError);
    expect(stop.signal.aborted).toBe(true);
  });

  it('should return what it found when stopped, without recording the life the stop ended', async () => {
    // Arrange: the first life dies on a real crash; the second runs until the stop kills it.
    const stop = new AbortController();
    const lives: string[] = [];
    const runner: ChildRunner = {
      threads: 1,
      run: async (work, listener) => {
        lives.push(work.kind);
        if (lives.length === 1) return ended('segv', 0, slotsOf([3], [2], 'in-call'), listener);
        stop.abort('SIGTERM');
        return ended('hang', 0, slotsOf([5], [4], 'in-call'), listener);
      },
      close: async () => undefined,
    };
    const dir = scratch();

    // Act
    const result = await runCampaign(
      new PropertyMode(1, null),
      config({ open: () => runner }, (id, fn) => path.join(dir, fn, id, 'crash.json'), stop),
    );

    // Assert
    expect([...result.findings.values()].map(({ record }) => record.kind)).toEqual(['segv']);
    expect(result.restarts).toBe(1);
    expect(lives).toEqual(['generate', 'generate']);
  });
});
