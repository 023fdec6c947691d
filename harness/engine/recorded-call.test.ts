import { describe, expect, it } from 'vitest';
import { OracleJudge } from './call-judges.js';
import type { CallJudge } from './recorded-call.js';
import { countInput, scriptedCall } from './test-support/scripted-call.js';

describe('RecordedCall', () => {
  it('should hold the input in flight in the recorder during the native call and the judge, and mark it returned after', () => {
    // Arrange
    const { call, seen, slots, close } = scriptedCall([7]);
    const during: string[] = [];
    const judge: CallJudge<string> = {
      judge: (_c, _input, effects) => {
        during.push(`judge ${slots()[0]?.state}`);
        return String(effects.result);
      },
    };

    // Act
    const verdict = call.run(countInput(1), 41, judge);

    // Assert
    expect(verdict).toBe('7');
    expect(seen).toEqual(['in-call count#41']);
    expect(during).toEqual(['judge in-call']);
    expect(slots()[0]).toMatchObject({ state: 'returned', calls: 1, streamIndex: 41 });
    close();
  });

  it('should tell an observer about each native call, and call a judge before the native call when it asks', () => {
    // Arrange
    const events: string[] = [];
    const observer = {
      timed: false,
      returned: (row: number, fn: { name: string }, result: unknown, ns: number) =>
        void events.push(`returned ${fn.name} row ${row} ${String(result)} in ${ns} ns`),
      skipped: (row: number) => void events.push(`skipped row ${row}`),
      learned: () => undefined,
    };
    const { call, close } = scriptedCall([3], true, observer);
    const judge = { before: () => events.push('before'), judge: () => events.push('judge') };

    // Act
    call.run(countInput(1), 0, judge);
    call.skip(countInput(2), 0, 1);

    // Assert: an untimed observer is told 0 ns (the clock is not read)
    expect(events).toEqual(['before', 'returned count row 0 3 in 0 ns', 'judge', 'skipped row 0']);
    close();
  });

  it('should keep a skipped sequence call in the slot, in its position, without marking it in flight', () => {
    // Arrange
    const { call, slots, close } = scriptedCall([5, 6]);
    const judge = new OracleJudge();

    // Act: call 0 made, call 1 skipped, then call 2 made
    call.run(countInput(0), 9, judge, 0);
    call.skip(countInput(1), 9, 1);
    const afterSkip = slots()[0];
    call.run(countInput(2), 9, judge, 2);

    // Assert
    expect(afterSkip).toMatchObject({ state: 'returned', calls: 1 });
    expect(slots()[0]).toMatchObject({ state: 'returned', calls: 2, input: countInput(2) });
    expect(slots()[0]!.preceding).toEqual([countInput(0), countInput(1)]);
    close();
  });

  it('should refuse an input naming a function the run did not load', () => {
    // Arrange
    const { call, close } = scriptedCall([0]);

    // Act / Assert
    expect(() => call.run({ fn: 'other', args: [] }, 0, new OracleJudge())).toThrow(/'other', which this run does not load/);
    close();
  });
});
