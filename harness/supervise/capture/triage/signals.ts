// Readable names for the signals a child can die of (signal(7)). Data, so reports and the
// supervisor describe a death the same way: "SIGSEGV (segmentation fault)".

/** Description of each signal, as signal(7) and strsignal(3) word them, lower-cased. */
export const SIGNAL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGFPE: 'floating-point exception',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace trap',
  SIGINT: 'interrupted',
  SIGQUIT: 'quit',
  SIGHUP: 'hangup',
  SIGPIPE: 'broken pipe',
  SIGSYS: 'bad system call',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGALRM: 'alarm clock',
  SIGUSR1: 'user-defined signal 1',
  SIGUSR2: 'user-defined signal 2',
};

/**
 * Canonical signal name: upper case with the `SIG` prefix (`segv` → `SIGSEGV`); null for
 * null or blank input.
 */
export function normalizeSignalName(name: string | null | undefined): string | null {
  const trimmed = (name ?? '').trim().toUpperCase();
  if (trimmed === '') return null;
  return trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
}

/**
 * Readable description of a signal (`SIGSEGV` → `segmentation fault`); null when the name is
 * null or not in {@link SIGNAL_DESCRIPTIONS}.
 */
export function signalDescription(name: string | null): string | null {
  const canonical = normalizeSignalName(name);
  return canonical === null ? null : (SIGNAL_DESCRIPTIONS[canonical] ?? null);
}
