import koffi from 'koffi';
import { PAGE_SIZE } from './libc.js';

/** Longest returned string read, in bytes: a longer one is cut here (and says so). */
export const MAX_CSTRING = 1 << 20;

type ReadSelf = (pid: number, local: unknown, localCount: number, remote: unknown, remoteCount: number, flags: number) => number | bigint;

let bound: { readonly read: ReadSelf; readonly getpid: () => number } | undefined;

function bindReadSelf(): { readonly read: ReadSelf; readonly getpid: () => number } {
  if (bound !== undefined) return bound;
  const iovec = koffi.pointer(koffi.struct({ base: 'void *', len: 'size_t' }));
  const lib = koffi.load('libc.so.6');
  const read = lib.func('process_vm_readv', 'intptr_t', [
    'int',
    iovec,
    'unsigned long',
    iovec,
    'unsigned long',
    'unsigned long',
  ]) as ReadSelf;
  bound = { read, getpid: lib.func('int getpid(void)') as () => number };
  return bound;
}

/** What reading a returned `char *` found. */
export type CStringRead =
  | { readonly kind: 'string'; readonly bytes: Uint8Array; readonly cut: boolean }
  | { readonly kind: 'unreadable'; readonly at: bigint };

/**
 * Reads the NUL-terminated string at `address` in this process without trusting it: through
 * process_vm_readv on our own pid, a page at a time, so an address that is not readable (or a
 * string that runs into unmapped memory) comes back as `unreadable` instead of a SIGSEGV in the
 * engine. koffi's own string decoding would fault inside Node on such a pointer.
 */
export function readCString(address: bigint, max = MAX_CSTRING): CStringRead {
  const { read, getpid } = bindReadSelf();
  // Not process.pid: Node fixes it at startup, and a fork-server runner is a fork of that process.
  const pid = getpid();
  const chunks: Buffer[] = [];
  let total = 0;
  let at = address;
  while (total < max) {
    const toPageEnd = PAGE_SIZE - Number(at % BigInt(PAGE_SIZE));
    const want = Math.min(toPageEnd, max - total);
    const chunk = Buffer.alloc(want);
    const got = Number(read(pid, { base: chunk, len: want }, 1, { base: at, len: want }, 1, 0));
    if (got !== want) return { kind: 'unreadable', at };
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      chunks.push(chunk.subarray(0, nul));
      return { kind: 'string', bytes: new Uint8Array(Buffer.concat(chunks)), cut: false };
    }
    chunks.push(chunk);
    total += want;
    at += BigInt(want);
  }
  return { kind: 'string', bytes: new Uint8Array(Buffer.concat(chunks)), cut: true };
}
