import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../model/harness-error.js';
import { childEndOf, errorOfFault, type ChildExit } from './child-end.js';

const EXIT: ChildExit = {
  signal: null,
  exitCode: 0,
  stderr: '',
  timedOut: false,
  hungWorker: null,
  oom: false,
  peakRssMb: 40,
  durationMs: 120,
  forcefullyTerminated: false,
  finished: [7, 9],
  fault: null,
};

describe('childEndOf', () => {
  it('should call a life finished only when the child said so and exited 0 on its own', () => {
    // Act
    const end = childEndOf(EXIT);

    // Assert
    expect(end).toEqual({ how: 'finished', next: [7, 9], stderr: '', peakRssMb: 40, durationMs: 120 });
  });

  it('should call a life a death when the child was killed for a hang, even after it said finished', () => {
    // Act
    const end = childEndOf({ ...EXIT, timedOut: true, hungWorker: 1, signal: 'SIGTERM', exitCode: null });

    // Assert
    expect(end.how).toBe('died');
    if (end.how === 'died') expect(end.death).toMatchObject({ timedOut: true, hungWorker: 1, signal: 'SIGTERM' });
  });

  it('should call a life a death when the target exited 0 without the engine finishing', () => {
    // Act
    const end = childEndOf({ ...EXIT, finished: null });

    // Assert
    expect(end.how).toBe('died');
  });

  it('should turn a reported fault into its HarnessError, whatever the exit', () => {
    // Act
    const end = childEndOf({ ...EXIT, exitCode: 2, fault: { code: 'bad-spec', message: 'no such function', where: 'f' } });

    // Assert
    expect(end.how).toBe('fault');
    if (end.how === 'fault') {
      expect(end.error).toBeInstanceOf(HarnessError);
      expect(end.error).toMatchObject({ code: 'bad-spec', message: 'no such function', where: 'f' });
    }
  });
});

describe('errorOfFault', () => {
  it('should report a fault code it does not know as an internal error that names the code', () => {
    // Act
    const error = errorOfFault({ code: 'exploded', message: 'worker 0 gave up' });

    // Assert
    expect(error.code).toBe('internal');
    expect(error.message).toContain("'exploded'");
    expect(error.message).toContain('worker 0 gave up');
  });
});
