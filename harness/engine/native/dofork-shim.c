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
// its own environment at start, so processes it spawns do not inherit it. It also keeps the
// runners' condition variables from waiting on threads the fork left behind (below).

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int madvise(void *addr, size_t length, int advice) {
  if (advice == MADV_DONTFORK) return 0;
  return (int)syscall(SYS_madvise, addr, length, advice);
}


// A runner is a fork of a process whose V8 platform threads wait on condition variables. Those
// threads do not exist in the runner, but the variables still count them as waiters: the first
// pthread_cond_signal on one (V8 posting a job from a major GC: MarkCompactCollector ->
// NodePlatform::CallOnWorkerThread) waits for them forever. Until the runner starts a thread of
// its own, no thread can be waiting on any condition variable, so signalling one has nothing to
// wake: these return at once. Once the target starts threads, they pass through.
static int forked_child = 0;
static atomic_int threads_since_fork = 0;

static void on_fork_child(void) {
  forked_child = 1;
  atomic_store(&threads_since_fork, 0);
}

__attribute__((constructor)) static void register_fork_handler(void) { pthread_atfork(NULL, NULL, on_fork_child); }

static int alone_in_runner(void) { return forked_child && atomic_load(&threads_since_fork) == 0; }

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
  static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
  if (real == NULL) real = (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))dlsym(RTLD_NEXT, "pthread_create");
  if (forked_child) atomic_fetch_add(&threads_since_fork, 1);
  return real(thread, attr, start, arg);
}

int pthread_cond_signal(pthread_cond_t *cond) {
  static int (*real)(pthread_cond_t *);
  if (alone_in_runner()) return 0;
  if (real == NULL) real = (int (*)(pthread_cond_t *))dlvsym(RTLD_NEXT, "pthread_cond_signal", "GLIBC_2.3.2");
  return real(cond);
}

int pthread_cond_broadcast(pthread_cond_t *cond) {
  static int (*real)(pthread_cond_t *);
  if (alone_in_runner()) return 0;
  if (real == NULL) real = (int (*)(pthread_cond_t *))dlvsym(RTLD_NEXT, "pthread_cond_broadcast", "GLIBC_2.3.2");
  return real(cond);
}
