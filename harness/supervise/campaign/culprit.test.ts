import { emptyStats } from '../../engine/call-stats-reader.js';
import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../../model/call-input.js';
import type { InflightInput } from '../../store/crash-record.js';
import { triageEnd } from '../capture/crash-capture.js';
import { childEndOf, type ChildDeath } from '../child/child-end.js';
import type { ChildRunner, ChildWork } from '../child/child-runner.js';
import { findCulprit } from './culprit.js';

const DEATH: ChildDeath = {
  signal: 'SIGSEGV',
  exitCode: null,
  stderr: '',
  timedOut: false,
  hungWorker: null,
  oom: false,
  durationMs: 5,
  forcefullyTerminated: false,
};

const call = (fn: string, from?: number): CallInputJson => ({ fn, args: from === undefined ? [] : [{ kind: 'handle', from }] });

/** A replay runner that records its work and dies on list position `diesAt` (never when null). */
function replayRunner(diesAt: number | null): { runner: ChildRunner; works: ChildWork[] } {
  const works: ChildWork[] = [];
  const runner: ChildRunner = {
    threads: 1,
    close: async () => undefined,
    run: async (work) => {
      works.push(work);
      const died = diesAt !== null;
      const end = childEndOf({
        ...DEATH,
        peakRssMb: 1,
        exitCode: died ? null : 0,
        signal: died ? 'SIGSEGV' : null,
        finished: died ? null : [0],
        fault: null,
      });
      return {
        end,
        slots: died
          ? [{ slot: 0, state: 'in-call', calls: diesAt + 1, streamIndex: diesAt, input: undefined, preceding: [], truncated: false }]
          : [],
        stats: emptyStats(['create', 'use', 'free']),
      };
    },
  };
  return { runner, works };
}

describe('findCulprit', () => {
  // Two call sequences in flight on two threads: each handle points into its own sequence.
  const inflight: InflightInput[] = [
    { worker: 0, streamIndex: 4, input: call('use', 0), truncated: false, preceding: [call('create')] },
    { worker: 1, streamIndex: 9, input: call('free', 1), truncated: false, preceding: [call('create'), call('create')] },
  ];

  it('should replay call sequences with their prefixes, handles moved to where they land, and blame the sequence it dies in', async () => {
    // Arrange: the replay dies on list position 4, the last call of thread 1's sequence.
    const { runner, works } = replayRunner(4);

    // Act
    const blame = await findCulprit(
      { death: DEATH, inflight, suspects: { kind: 'alone' } },
      triageEnd(DEATH, { inflight }),
      false,
      runner,
      { inflight },
    );

    // Assert
    expect(works).toEqual([
      {
        kind: 'replay',
        concurrent: false,
        inputs: [[call('create'), call('use', 0), call('create'), call('create'), call('free', 3)]],
      },
    ]);
    expect(blame).toEqual({ culprit: inflight[1], concurrent: false, inflight });
  });

  it('should call the death concurrent when no suspect dies alone', async () => {
    // Arrange
    const { runner } = replayRunner(null);

    // Act
    const blame = await findCulprit(
      { death: DEATH, inflight, suspects: { kind: 'alone' } },
      triageEnd(DEATH, { inflight }),
      false,
      runner,
      { inflight },
    );

    // Assert
    expect(blame).toEqual({ culprit: null, concurrent: true, inflight });
  });

  it('should not replay a bucket it already knows, nor a memory death', async () => {
    // Arrange
    const { runner, works } = replayRunner(0);

    // Act
    const known = await findCulprit({ death: DEATH, inflight, suspects: { kind: 'alone' } }, triageEnd(DEATH, { inflight }), true, runner, {
      inflight,
    });
    const together = await findCulprit(
      { death: { ...DEATH, oom: true }, inflight, suspects: { kind: 'together', set: inflight } },
      triageEnd(DEATH, { inflight }),
      false,
      runner,
      { inflight },
    );

    // Assert
    expect(works).toEqual([]);
    expect(known).toEqual({ culprit: null, concurrent: false, inflight });
    expect(together).toEqual({ culprit: null, concurrent: false, inflight });
  });
});
