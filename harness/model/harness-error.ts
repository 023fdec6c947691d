import { ExitCode } from './exit-codes.js';

/** What kind of problem a HarnessError reports; picks the exit code. */
export type HarnessErrorCode =
  | 'usage' // wrong flags or arguments
  | 'bad-spec' // a target spec that does not validate
  | 'bad-library' // a library that cannot be loaded, or a missing symbol
  | 'bad-record' // a crash record or corpus file that cannot be read
  | 'build-failed' // cargo or the C compiler failed
  | 'io' // the disk said no (full, read-only, permissions)
  | 'internal'; // a bug in ffi-fuzz

const EXIT_CODE_OF: Record<HarnessErrorCode, ExitCode> = {
  usage: ExitCode.BadInput,
  'bad-spec': ExitCode.BadInput,
  'bad-library': ExitCode.BadInput,
  'bad-record': ExitCode.BadInput,
  'build-failed': ExitCode.Internal,
  io: ExitCode.Internal,
  internal: ExitCode.Internal,
};

/** True when `code` is one of the {@link HarnessErrorCode}s (a code that crossed a process boundary as text). */
export function isHarnessErrorCode(code: string): code is HarnessErrorCode {
  return Object.hasOwn(EXIT_CODE_OF, code);
}

/**
 * A fault of ffi-fuzz or of its inputs (never of the target under test: those are findings).
 * `message` says what is wrong; `where` names the file, flag or function; `hint` says what to do.
 */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly where: string | undefined;
  readonly hint: string | undefined;

  constructor(code: HarnessErrorCode, message: string, details: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.where = details.where;
    this.hint = details.hint;
  }

  get exitCode(): ExitCode {
    return EXIT_CODE_OF[this.code];
  }

  /** The one text shown to a person: what, where, what to do. */
  describe(): string {
    const lines = [`error: ${this.message}`];
    if (this.where !== undefined) lines.push(`  where: ${this.where}`);
    if (this.hint !== undefined) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** Turns anything thrown into a HarnessError; unknown throws are harness bugs. */
export function asHarnessError(error: unknown): HarnessError {
  if (error instanceof HarnessError) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const io = (err as NodeJS.ErrnoException).code;
  if (io === 'ENOSPC' || io === 'EROFS' || io === 'EACCES' || io === 'EDQUOT') {
    return new HarnessError('io', err.message, {
      cause: err,
      hint: 'free disk space or fix permissions, then rerun: nothing already written was lost',
    });
  }
  return new HarnessError('internal', err.stack ?? err.message, {
    cause: err,
    hint: 'this is a bug in ffi-fuzz; please report it with the command you ran',
  });
}
