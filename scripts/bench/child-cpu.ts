import koffi from 'koffi';

/** getrusage(2)'s `who` for the terminated children this process waited for. */
const RUSAGE_CHILDREN = -1;
/** struct rusage: two struct timeval (user, system), then fourteen longs. */
const RUSAGE_BYTES = 2 * 16 + 14 * 8;

let getrusage: ((who: number, usage: Buffer) => number) | undefined;

/**
 * CPU time (user + system, ms) of every child process this process has waited for, their own
 * waited children included: the difference around one run is what that run cost, however loaded
 * the machine was (a wall-clock rate also measures the neighbours). Linux x86-64/aarch64 layout.
 */
export function childCpuMs(): number {
  getrusage ??= koffi.load('libc.so.6').func('int getrusage(int who, void *usage)') as (who: number, usage: Buffer) => number;
  const usage = Buffer.alloc(RUSAGE_BYTES);
  if (getrusage(RUSAGE_CHILDREN, usage) !== 0) throw new Error('getrusage(RUSAGE_CHILDREN) failed');
  const seconds = (at: number) => Number(usage.readBigInt64LE(at)) * 1000 + Number(usage.readBigInt64LE(at + 8)) / 1000;
  return seconds(0) + seconds(16);
}
