import { ExitCode } from './exit-codes.js';

/** What kind of problem a HarnessError reports; picks the exit code. */
export type HarnessErrorCode =
  | 'usage' // wrong flags or arguments
  | 'bad-spec' // a target spec that does not validate
  | 'bad-library' // a library that cannot be loaded, or a missing symbol
  | 'bad-record' // a crash record or corpus file that cannot be read
  | 'build-failed' // cargo or the C compiler failed (the user's crate, or the toolchain)
  | 'io' // the disk said no (full, read-only, permissions, a file where a folder should be)
  | 'internal'; // a bug in ffi-fuzz

const EXIT_CODE_OF: Record<HarnessErrorCode, ExitCode> = {
  usage: ExitCode.BadInput,
  'bad-spec': ExitCode.BadInput,
  'bad-library': ExitCode.BadInput,
  'bad-record': ExitCode.BadInput,
  // Neither is a bug of ffi-fuzz: the crate does not build, the toolchain is missing, the disk refuses.
  'build-failed': ExitCode.BadInput,
  io: ExitCode.BadInput,
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

/** File-system refusals: the user's disk or paths, not a bug of ours. */
const IO_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/** Turns anything thrown into a HarnessError; unknown throws are harness bugs. */
export function asHarnessError(error: unknown): HarnessError {
  if (error instanceof HarnessError) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const errno = err as NodeJS.ErrnoException;
  if (errno.code !== undefined && IO_CODES.has(errno.code)) {
    return new HarnessError('io', err.message, {
      cause: err,
      ...(errno.path === undefined ? {} : { where: errno.path }),
      hint:
        errno.code === 'ENOSPC' || errno.code === 'EDQUOT'
          ? 'the disk is full: free space and rerun; records already written are intact'
          : 'check that the path is a directory you can write to (--out, --reports), then rerun',
    });
  }
  return new HarnessError('internal', err.stack ?? err.message, {
    cause: err,
    hint: 'this is a bug in ffi-fuzz; please report it with the command you ran',
  });
}
