import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';

/**
 * Writes a file atomically: a temp file in the same directory, fsync, then rename. A reader (or
 * a supervisor killed mid-write) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(tmp, 'w');
    try {
      if (typeof data === 'string') fs.writeSync(fd, data);
      else fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (cause) {
    removeLeftover(tmp);
    const code = (cause as NodeJS.ErrnoException).code;
    throw new HarnessError('io', `cannot write ${file}: ${code ?? (cause as Error).message}`, {
      where: file,
      cause,
      hint:
        code === 'ENOSPC' || code === 'EDQUOT'
          ? 'the disk is full: free space and rerun; records already written are intact'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a file is in the way of a folder on that path: pass a directory to --out / --reports'
            : 'check the directory exists and is writable',
    });
  }
}

/** Removes a file a failed write may have left; where there is none (or no folder for it), nothing to do. */
export function removeLeftover(tmp: string): void {
  try {
    fs.rmSync(tmp, { force: true });
  } catch {
    // ENOTDIR, EACCES: the write failed before the temp file existed.
  }
}
