import fs from 'node:fs';

/**
 * Resident memory of every descendant of this process, in MiB: the engine children (and anything
 * they started), read from /proc without any help from the code that spawned them. Linux only;
 * 0 where /proc is not there.
 * See https://man7.org/linux/man-pages/man5/proc_pid_task.5.html (`children`).
 */
export function descendantsRssMb(pid: number = process.pid): number {
  let mb = 0;
  const seen = new Set<number>();
  const stack = childrenOf(pid);
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (seen.has(child)) continue;
    seen.add(child);
    mb += rssMb(child);
    stack.push(...childrenOf(child));
  }
  return mb;
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

/** Resident set size of a process in MiB, from /proc (0 when it is gone). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}
