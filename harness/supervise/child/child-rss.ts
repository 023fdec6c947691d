import fs from 'node:fs';

/**
 * Resident memory of every descendant of this process, in MiB: the engine children (and anything
 * they started), read from /proc without any help from the code that spawned them. Linux only;
 * 0 where /proc is not there.
 * See https://man7.org/linux/man-pages/man5/proc_pid_task.5.html (`children`).
 */
export function descendantsRssMb(pid: number = process.pid): number {
  let kb = 0;
  const seen = new Set<number>();
  const stack = childrenOf(pid);
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (seen.has(child)) continue;
    seen.add(child);
    kb += rssKb(child);
    stack.push(...childrenOf(child));
  }
  return kb / 1024;
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/);
        } catch {
          return [];
        }
      })
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}
