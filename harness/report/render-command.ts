import path from 'node:path';

/**
 * How the user invoked ffi-fuzz, so printed commands can be pasted back: `npx ffi-fuzz` when it is
 * a project's dependency (its bin in node_modules/.bin, or its main.js in node_modules), `ffi-fuzz`
 * through a global bin, else `node <path to main.js>` (this checkout).
 */
export function invocation(argv1: string = process.argv[1] ?? 'ffi-fuzz', cwd: string = process.cwd()): string {
  const inNodeModules = argv1.split(path.sep).includes('node_modules');
  if (path.basename(argv1) === 'ffi-fuzz') return inNodeModules ? 'npx ffi-fuzz' : 'ffi-fuzz';
  if (inNodeModules && argv1.includes(`${path.sep}ffi-fuzz${path.sep}`)) return 'npx ffi-fuzz';
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
