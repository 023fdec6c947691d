import path from 'node:path';
import { quoteArg, renderCommand } from './render-command.js';

/**
 * How a report invokes ffi-fuzz so that its commands run when pasted in any directory (a report
 * is read in a browser, a CI artifact, a ticket): `node <main.js>` with the script's absolute
 * path; a global `ffi-fuzz` as it is; `npx ffi-fuzz` (a project's dependency) after a `cd` into
 * the directory the run started in, where npx finds it.
 */
export function portablePrefix(prefix: string, cwd: string): string {
  if (prefix === 'ffi-fuzz') return prefix;
  if (prefix.startsWith('node ')) return `node ${quoteArg(path.resolve(cwd, unquote(prefix.slice('node '.length))))}`;
  return `cd ${quoteArg(cwd)} && ${prefix}`;
}

/** The reproduce and minimize commands of a record, with its absolute path. */
export function findingCommands(portable: string, recordFile: string): { reproduce: string; minimize: string } {
  const file = path.resolve(recordFile);
  return { reproduce: renderCommand(portable, ['repro', file]), minimize: renderCommand(portable, ['minimize', file]) };
}

/** The inverse of quoteArg for one argument. */
function unquote(arg: string): string {
  return arg.startsWith("'") && arg.endsWith("'") && arg.length >= 2 ? arg.slice(1, -1).replace(/'\\''/g, "'") : arg;
}
