import { describe, expect, it } from 'vitest';
import { emptyStats } from '../../engine/call-stats-reader.js';
import { inputToJson } from '../../model/call-input.js';
import { triageEnd } from '../capture/crash-capture.js';
import type { ChildDeath } from '../child/child-end.js';
import type { ChildRunner, ChildWork } from '../child/child-runner.js';
import { Retriage } from './retriage.js';
import { inputOf } from './test-support/fake-end.js';

const HEADER = "thread '<unnamed>' (7) panicked at fake/src/lib.rs:9:5:\nattempt to multiply with overflow\n";
const FRAMELESS = `${HEADER}note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace\n`;
const WITH_FRAMES = `${HEADER}stack backtrace:\n   0: fake::parse_digits\n             at ./fake/src/lib.rs:9:5\n   1: fake::parse\n             at ./fake/src/lib.rs:20:3\n`;

function death(stderr: string): ChildDeath {
  return {
    signal: 'SIGABRT',
    exitCode: null,
    stderr,
    timedOut: false,
    hungWorker: null,
    oom: false,
    durationMs: 1,
    forcefullyTerminated: false,
  };
}

/** A replay runner whose child dies with `stderr`, counting its lives. */
function replaying(stderr: string): ChildRunner & { lives: ChildWork[] } {
  const lives: ChildWork[] = [];
  return {
    threads: 1,
    lives,
    run: async (work) => {
      lives.push(work);
      const d = death(stderr);
      return { end: { how: 'died', death: d, peakRssMb: 1, stderr, durationMs: 1 }, slots: [], stats: emptyStats([]) };
    },
    close: async () => undefined,
  };
}

const culprit = { worker: 0, streamIndex: 3, input: inputToJson(inputOf(0, 3)), truncated: false };

describe('re-signing a panic that printed no backtrace', () => {
  it('should replay the culprit once with backtraces and give every later death of that kind its signature', async () => {
    // Arrange
    const retriage = new Retriage();
    const runner = replaying(WITH_FRAMES);
    const first = triageEnd(death(FRAMELESS));

    // Act
    const a = await retriage.of(death(FRAMELESS), first, culprit, runner);
    const b = await retriage.of(death(FRAMELESS), first, culprit, runner);

    // Assert
    expect(runner.lives).toEqual([{ kind: 'replay', inputs: [[culprit.input]], concurrent: false }]);
    expect(a.triage.id).toBe(triageEnd(death(WITH_FRAMES)).id);
    expect(a.triage.id).not.toBe(first.id);
    expect(a.triage.frames[0]).toMatch(/^fake::parse_digits/);
    expect(a.death.stderr).toBe(WITH_FRAMES);
    expect(b.triage.id).toBe(a.triage.id);
  });

  it('should leave a death that has its backtrace, or whose replay dies elsewhere, as it is', async () => {
    // Arrange
    const elsewhere = replaying(WITH_FRAMES.replace('lib.rs:9:5:', 'lib.rs:44:1:'));
    const framed = triageEnd(death(WITH_FRAMES));
    const frameless = triageEnd(death(FRAMELESS));

    // Act
    const kept = await new Retriage().of(death(WITH_FRAMES), framed, culprit, elsewhere);
    const unmatched = await new Retriage().of(death(FRAMELESS), frameless, culprit, elsewhere);

    // Assert
    expect(kept.triage).toBe(framed);
    expect(unmatched.triage).toBe(frameless);
    expect(elsewhere.lives).toHaveLength(1);
  });
});
