/** Where a command's output goes: `out` for results, `err` for progress and diagnostics. */
export interface Sink {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the live status line (TTY only); undefined when output is not a terminal. */
  readonly status?: ((line: string) => void) | undefined;
}
