// ffi-fuzz dofork shim: preloaded (LD_PRELOAD) into an engine child that runs as a fork server
// (harness/engine/fork-server.ts), so the runners it forks can run JavaScript.
//
// V8 marks every heap and code reservation it makes MADV_DONTFORK (v8::base::OS::Allocate, Node
// 20 / V8 11.3): a forked child would have no V8 heap and die of SIGSEGV on its first JavaScript
// instruction. This madvise() drops exactly that advice and passes every other one to the kernel.
// Node calls madvise through its PLT (it imports madvise@GLIBC_2.2.5), so interposing the libc
// symbol from process start is enough; a library loaded later could not rebind Node's PLT.
//
// Built by the supervisor (harness/toolchain/fork-server-support.ts); placed after a sanitizer
// runtime in LD_PRELOAD (harness/toolchain/engine-preload.ts). The fork server removes it from
// its own environment at start, so processes it spawns do not inherit it.

#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int madvise(void *addr, size_t length, int advice) {
  if (advice == MADV_DONTFORK) return 0;
  return (int)syscall(SYS_madvise, addr, length, advice);
}

