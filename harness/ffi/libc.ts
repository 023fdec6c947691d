import koffi from 'koffi';

/** The few libc calls the engine needs for native memory, bound once per thread. */
export interface Libc {
  mmap(addr: bigint | null, length: number, prot: number, flags: number, fd: number, offset: number): bigint;
  munmap(addr: bigint, length: number): number;
  mprotect(addr: bigint, length: number, prot: number): number;
  open(path: string, flags: number, mode: number): number;
  close(fd: number): number;
  ftruncate(fd: number, length: number): number;
}

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_ANONYMOUS = 0x20;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
/** mmap's failure value, `(void *)-1`. */
export const MAP_FAILED = 0xffffffffffffffffn;
export const PAGE_SIZE = 4096;

let bound: Libc | undefined;

/** libc through koffi (Linux); pointers are BigInt addresses. */
export function libc(): Libc {
  if (bound !== undefined) return bound;
  const lib = koffi.load('libc.so.6');
  bound = {
    mmap: lib.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, intptr_t offset)') as Libc['mmap'],
    munmap: lib.func('int munmap(void *addr, size_t length)') as Libc['munmap'],
    mprotect: lib.func('int mprotect(void *addr, size_t length, int prot)') as Libc['mprotect'],
    open: lib.func('int open(const char *path, int flags, int mode)') as Libc['open'],
    close: lib.func('int close(int fd)') as Libc['close'],
    ftruncate: lib.func('int ftruncate(int fd, intptr_t length)') as Libc['ftruncate'],
  };
  return bound;
}

/** Maps `length` bytes (anonymous, or of `fd` when given); throws with errno on failure. */
export function mapMemory(length: number, options: { fd?: number; what: string }): { address: bigint; bytes: Uint8Array } {
  const c = libc();
  const shared = options.fd !== undefined;
  const address = c.mmap(null, length, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS, options.fd ?? -1, 0);
  if (address === MAP_FAILED || address === null)
    throw new Error(`mmap of ${length} bytes for ${options.what} failed (errno ${koffi.errno()})`);
  return { address, bytes: new Uint8Array(koffi.view(address, length)) };
}
