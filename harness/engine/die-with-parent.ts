import koffi from 'koffi';

const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;

/**
 * Asks the kernel to SIGKILL this engine child when its supervisor dies, however it dies: a
 * supervisor killed with SIGKILL cannot stop its children, and an orphaned engine would go on
 * calling the target (and writing the flight recorder) until its budget ran out.
 * Linux only (prctl(2), PR_SET_PDEATHSIG); elsewhere it does nothing.
 * See https://man7.org/linux/man-pages/man2/prctl.2.html
 */
export function dieWithParent(): void {
  if (process.platform !== 'linux') return;
  const parent = process.ppid;
  try {
    const prctl = koffi
      .load('libc.so.6')
      .func('int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)') as (
      ...a: number[]
    ) => number;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  } catch {
    return; // no prctl: the supervisor's own cleanup is all there is
  }
  // The supervisor may have died before the call above: then nobody is left to signal us.
  if (process.ppid !== parent) process.exit(3);
}
