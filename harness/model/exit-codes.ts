/**
 * Process exit codes of the `ffi-fuzz` CLI, as DESIGN.md fixes them.
 * Scripts and CI branch on these, so they never change meaning.
 */
export const ExitCode = {
  /** The run finished and found nothing. */
  Clean: 0,
  /** The run found at least one crash or oracle failure (or `repro` reproduced one). */
  Findings: 1,
  /** Bad usage or a bad input file (spec, library, crash record, corpus entry). */
  BadInput: 2,
  /** A fault of the harness itself. */
  Internal: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
