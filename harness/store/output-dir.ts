import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { removeLeftover } from './atomic-write.js';

/**
 * Checks, before anything runs, that ffi-fuzz can write into `dir` (creating it if needed): a
 * path that names a file, a folder without write permission, a read-only or full disk are bad
 * input (exit 2) with what to do, not a stack trace halfway through a campaign. `flag` names the
 * option that gave the path.
 */
export function requireWritableDir(dir: string, flag: string): void {
  const resolved = path.resolve(dir);
  const probe = path.join(resolved, `.ffi-fuzz-probe-${process.pid}`);
  try {
    fs.mkdirSync(resolved, { recursive: true });
    fs.writeFileSync(probe, 'ffi-fuzz checks it can write here\n');
    fs.rmSync(probe, { force: true });
  } catch (cause) {
    removeLeftover(probe);
    throw unusableDir(resolved, flag, cause);
  }
}

/** What a failed write into an output folder means for the user. */
function unusableDir(dir: string, flag: string, cause: unknown): HarnessError {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const [what, hint] =
    code === 'ENOTDIR' || code === 'EEXIST'
      ? [`${dir} (or a folder above it) is a file, not a directory`, `pass a directory to ${flag}: it is created if it does not exist`]
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? [
            `cannot write into ${dir}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}`,
            `pass a writable directory to ${flag}, or fix its permissions`,
          ]
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? [`no space left to write into ${dir}`, `free space on that disk, or pass a directory on another one to ${flag}`]
          : [`cannot write into ${dir}: ${(cause as Error).message}`, `pass a writable directory to ${flag}`];
  return new HarnessError('io', what, { where: flag, hint, cause });
}
