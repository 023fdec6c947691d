import { describe, expect, it } from 'vitest';
import { HarnessError } from '../model/harness-error.js';
import { AbiError, type AbiErrorCode } from './debuginfo-error.js';
import { harnessErrorOf, withAbiErrors } from './harness-error-of.js';

const CODES: AbiErrorCode[] = [
  'no-debug-info',
  'struct-not-found',
  'tool-missing',
  'tool-failed',
  'file-not-found',
  'header-compile-failed',
  'bad-declaration',
];

describe('harnessErrorOf', () => {
  it('should turn every ABI error into an exit-2 HarnessError that keeps the message and adds a hint', () => {
    for (const code of CODES) {
      // Arrange / Act
      const mapped = harnessErrorOf(new AbiError(code, `the ${code} message`, { file: '/x/libfoo.so' }));
      // Assert
      expect(mapped, code).toBeInstanceOf(HarnessError);
      const e = mapped as HarnessError;
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`the ${code} message`);
      expect(e.where).toBe('/x/libfoo.so');
      expect(e.hint).toBeTruthy();
    }
  });

  it('should blame the spec for a missing header and the build for a missing library', () => {
    expect((harnessErrorOf(new AbiError('file-not-found', 'm', { file: 'job.h' })) as HarnessError).code).toBe('bad-spec');
    expect((harnessErrorOf(new AbiError('file-not-found', 'm', { file: 'libjob.so' })) as HarnessError).code).toBe('bad-library');
  });

  it('should pass other errors through unchanged', () => {
    const bug = new TypeError('a bug');
    expect(harnessErrorOf(bug)).toBe(bug);
    expect(() =>
      withAbiErrors(() => {
        throw bug;
      }),
    ).toThrow(bug);
    expect(withAbiErrors(() => 42)).toBe(42);
  });
});
