/**
 * The one error type of the ABI check. It is thrown only for bad input files or a missing
 * tool (exit code 2 at the CLI), never for a layout mismatch, which is a finding reported
 * as a value.
 */

/** What went wrong, as a stable code a caller can switch on. */
export type AbiErrorCode =
  | 'no-debug-info'
  | 'struct-not-found'
  | 'tool-missing'
  | 'tool-failed'
  | 'file-not-found'
  | 'header-compile-failed'
  | 'bad-declaration';

/** Facts about the failure that a report or a test can read without parsing the message. */
export interface AbiErrorContext {
  /** The file being read (library, object or header). */
  readonly file?: string;
  /** The external tool involved (`llvm-dwarfdump`, `cc`, `nm`). */
  readonly tool?: string;
  /** The struct names that were not found. */
  readonly missing?: readonly string[];
  /** Names that were found and look like the missing ones. */
  readonly suggestions?: readonly string[];
  /** The tool's stderr (for `header-compile-failed`: the compiler's diagnostics). */
  readonly stderr?: string;
}

/**
 * A failure to read a layout or a prototype, with a message that says what to do.
 *
 * @example
 * ```ts
 * try { readDwarfStructs(lib, ['Job']); }
 * catch (e) { if (e instanceof AbiError && e.code === 'no-debug-info') … }
 * ```
 */
export class AbiError extends Error {
  /** Stable code. */
  readonly code: AbiErrorCode;
  /** Structured details. */
  readonly context: AbiErrorContext;

  constructor(code: AbiErrorCode, message: string, context: AbiErrorContext = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AbiError';
    this.code = code;
    this.context = context;
  }
}

/** Whether `value` is an {@link AbiError}, optionally with the given code. */
export function isAbiError(value: unknown, code?: AbiErrorCode): value is AbiError {
  return value instanceof AbiError && (code === undefined || value.code === code);
}
