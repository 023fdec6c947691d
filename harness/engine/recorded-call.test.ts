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
    const { call, close } = scriptedCall([3]);
    const events: string[] = [];
    const observed = call.observed({ returned: (fn, result) => void events.push(`returned ${fn.name} ${String(result)}`) });
    const judge = { before: () => events.push('before'), judge: () => events.push('judge') };

    // Act
    observed.run(countInput(1), 0, judge);

    // Assert
    expect(events).toEqual(['before', 'returned count 3', 'judge']);
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
