import path from 'node:path';

/**
 * How the user invoked ffi-fuzz, so printed commands can be pasted back: `ffi-fuzz` through the
 * package bin, else `node <path to main.js>`.
 */
export function invocation(argv1: string = process.argv[1] ?? 'ffi-fuzz', cwd: string = process.cwd()): string {
  if (path.basename(argv1) === 'ffi-fuzz') return 'ffi-fuzz';
  const rel = path.relative(cwd, argv1);
  return `node ${quoteArg(rel.startsWith('..') ? argv1 : rel)}`;
}

/** Quotes one argument for a POSIX shell when it needs it (for display only: we never run a shell). */
export function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A full command line for display. */
export function renderCommand(prefix: string, args: readonly string[]): string {
  return [prefix, ...args.map(quoteArg)].join(' ');
}

/** A path as the user would type it from the current directory. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
