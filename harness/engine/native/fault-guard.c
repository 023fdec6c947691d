// ffi-fuzz fault guard: the engine child's handler for fatal signals (SIGSEGV, SIGBUS, SIGFPE,
// SIGILL, SIGABRT, SIGTRAP). Built by the supervisor with the system C compiler
// (harness/toolchain/fault-shim.ts) and loaded by every engine thread through koffi
// (harness/engine/fault-guard.ts).
//
// On a fatal signal it prints ONE line that triage parses (supervise/capture/triage/fault-line.ts),
//
//   ffi-fuzz: fault: signal=SIGSEGV worker=3 tid=4242 addr=0x7f.. access=write region=guard-after param=0 offset=8
//
// then a glibc backtrace, then hands the signal to whoever handled it before (V8, ASan, or the
// default action, which kills the process). `worker` says which engine thread faulted;
// `region` says whether the address lies in a guard registered by the engine: the PROT_NONE page
// after a buffer (`guard-after`, with the parameter index and the offset into the guard page) or
// the guard below koffi's call stack (`stack-guard`: runaway recursion). Everything here runs
// in a signal handler: no malloc, no stdio, only write(2) and preformatted text.
//
// Why a Rust abort was once recorded as a bare SIGSEGV (issue #12): the engine loads this library
// with koffi and drops the handle once the handler is installed; koffi dlclose()s a library when
// its JS handles are garbage-collected, so after the first GC the library was unmapped while
// sigaction() still pointed at on_fatal_signal. The next fatal signal (the SIGABRT after Rust's
// complete "non-unwinding panic … aborting" report) jumped into unmapped memory, and the kernel
// killed the process with SIGSEGV before any line was printed: no fault line, no frames, one
// `segv |  |  |  | SIGSEGV` bucket for every function. Whether a GC had run before the crash
// decided which way a run went. ffz_fault_install() therefore pins the library (RTLD_NODELETE).
// backtrace() is not async-signal-safe either: it is warmed up at install (libgcc_s is loaded
// then, not in the handler), and a fault inside it is caught (siglongjmp) so that the original
// signal still ends the process.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define MAX_WORKERS 256
#define MAX_RANGES 4096
#define ALT_STACK_SIZE (256 * 1024)
#define BACKTRACE_FRAMES 48

enum { REGION_STACK_GUARD = 1, REGION_GUARD_AFTER = 2 };

struct range {
  uintptr_t lo, hi;
  int worker, kind, param;
  volatile int ready;
};

static struct range ranges[MAX_RANGES];
static volatile int range_count;
static volatile pid_t worker_tids[MAX_WORKERS];
static struct sigaction previous[65];
static volatile int installed;

// Per engine worker: set while its handler unwinds, with where to jump back if the unwinder faults.
static volatile sig_atomic_t unwinding[MAX_WORKERS];
static sigjmp_buf unwind_escape[MAX_WORKERS];

static const int FATAL_SIGNALS[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP};

static const char *signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGTRAP: return "SIGTRAP";
    default: return "SIG?";
  }
}

// Async-signal-safe formatting into a fixed buffer.
struct line {
  char text[512];
  size_t n;
};

static void put(struct line *l, const char *s) {
  while (*s != '\0' && l->n < sizeof l->text - 1) l->text[l->n++] = *s++;
}

static void put_dec(struct line *l, long long v) {
  char digits[24];
  int k = 0;
  unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
  do {
    digits[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0 && k < 23);
  if (v < 0) put(l, "-");
  while (k > 0 && l->n < sizeof l->text - 1) l->text[l->n++] = digits[--k];
}

static void put_hex(struct line *l, uintptr_t v) {
  static const char hex[] = "0123456789abcdef";
  char digits[20];
  int k = 0;
  do {
    digits[k++] = hex[v & 15];
    v >>= 4;
  } while (v != 0 && k < 19);
  put(l, "0x");
  while (k > 0 && l->n < sizeof l->text - 1) l->text[l->n++] = digits[--k];
}

// Node opens stderr non-blocking (libuv), and the description is shared with native code: when the
// supervisor has not drained the pipe yet, Rust's panic report, an ASan report or this handler's
// own lines fail with EAGAIN and are lost. Native writers need it blocking.
static void make_stderr_blocking(void) {
  int flags = fcntl(2, F_GETFL);
  if (flags >= 0 && (flags & O_NONBLOCK) != 0) fcntl(2, F_SETFL, flags & ~O_NONBLOCK);
}

// write(2) all of it, waiting for the pipe if it is full (async-signal-safe).
static void write_all(const char *text, size_t n) {
  while (n > 0) {
    ssize_t done = write(2, text, n);
    if (done > 0) {
      text += done;
      n -= (size_t)done;
    } else if (done < 0 && (errno == EAGAIN || errno == EINTR)) {
      struct pollfd p = {.fd = 2, .events = POLLOUT, .revents = 0};
      poll(&p, 1, 100);
    } else {
      return;
    }
  }
}

static int current_worker(pid_t tid) {
  for (int w = 0; w < MAX_WORKERS; w++) {
    if (worker_tids[w] == tid) return w;
  }
  return -1;
}

static const struct range *find_range(uintptr_t addr) {
  int n = range_count;
  for (int i = 0; i < n && i < MAX_RANGES; i++) {
    if (ranges[i].ready && addr >= ranges[i].lo && addr < ranges[i].hi) return &ranges[i];
  }
  return NULL;
}

// The glibc backtrace of the faulting thread, after the fault line. Only engine threads print one
// (each has its own escape buffer); a fault inside the unwinder (a frame with broken unwind
// information) jumps back here instead of killing the process with a SIGSEGV of our own making.
static void print_backtrace(int worker) {
  if (worker < 0) return;
  if (sigsetjmp(unwind_escape[worker], 1) != 0) {
    static const char failed[] = "ffi-fuzz: fault: the backtrace faulted; it is cut here\n";
    write_all(failed, sizeof failed - 1);
  } else {
    unwinding[worker] = 1;
    void *frames[BACKTRACE_FRAMES];
    int depth = backtrace(frames, BACKTRACE_FRAMES);
    backtrace_symbols_fd(frames, depth, 2);
  }
  unwinding[worker] = 0;
}

static void on_fatal_signal(int sig, siginfo_t *info, void *context) {
  pid_t tid = (pid_t)syscall(SYS_gettid);
  int worker = current_worker(tid);
  if (worker >= 0 && unwinding[worker] && (sig == SIGSEGV || sig == SIGBUS)) siglongjmp(unwind_escape[worker], 1);
  int is_fault = info != NULL && info->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS);
  uintptr_t addr = is_fault ? (uintptr_t)info->si_addr : 0;
  const struct range *r = is_fault ? find_range(addr) : NULL;

  struct line l = {.n = 0};
  put(&l, "ffi-fuzz: fault: signal=");
  put(&l, signal_name(sig));
  put(&l, " worker=");
  put_dec(&l, worker);
  put(&l, " tid=");
  put_dec(&l, tid);
  if (is_fault) {
    put(&l, " addr=");
    put_hex(&l, addr);
#if defined(__x86_64__)
    if (context != NULL && sig == SIGSEGV) {
      // Bit 1 of the page-fault error code: the access was a write.
      long err = (long)((ucontext_t *)context)->uc_mcontext.gregs[REG_ERR];
      put(&l, (err & 2) != 0 ? " access=write" : " access=read");
    }
#endif
  }
  if (r != NULL && r->kind == REGION_STACK_GUARD) {
    put(&l, " region=stack-guard");
  } else if (r != NULL && r->kind == REGION_GUARD_AFTER) {
    put(&l, " region=guard-after param=");
    put_dec(&l, r->param);
    put(&l, " offset=");
    put_dec(&l, (long long)(addr - r->lo));
  } else {
    put(&l, " region=none");
  }
  put(&l, "\n");
  int saved = errno;
  make_stderr_blocking();
  write_all(l.text, l.n);

  print_backtrace(worker);

  // Hand the signal on: restore the previous action, then re-raise a sent signal (abort) or
  // return so the faulting instruction runs again under it.
  sigaction(sig, &previous[sig], NULL);
  errno = saved;
  if (info == NULL || info->si_code <= 0) raise(sig);
}

// Keeps this library mapped for the life of the process (see the header): the handler stays
// installed after the engine drops its koffi handle, so the code it points at must stay too.
static void pin_library(void) {
  Dl_info self;
  if (dladdr((void *)on_fatal_signal, &self) != 0 && self.dli_fname != NULL) dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

/**
 * Registers the calling thread as engine worker `worker`, gives it an alternate signal stack
 * (a stack overflow leaves no room on the faulting one) and, once per process, installs the
 * handler. Returns 0, or -1 when the worker number is out of range.
 */
int ffz_fault_install(int worker) {
  if (worker < 0 || worker >= MAX_WORKERS) return -1;
  worker_tids[worker] = (pid_t)syscall(SYS_gettid);
  void *alt = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (alt != MAP_FAILED) {
    stack_t ss = {.ss_sp = alt, .ss_flags = 0, .ss_size = ALT_STACK_SIZE};
    sigaltstack(&ss, NULL);
  }
  make_stderr_blocking();
  if (__sync_bool_compare_and_swap(&installed, 0, 1)) {
    pin_library();
    // backtrace() loads libgcc_s on first use; do it now, not inside the handler.
    void *warm[2];
    backtrace(warm, 2);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof FATAL_SIGNALS / sizeof FATAL_SIGNALS[0]; i++) {
      sigaction(FATAL_SIGNALS[i], &action, &previous[FATAL_SIGNALS[i]]);
    }
  }
  return 0;
}

/**
 * Declares [lo, hi) a guard region of `worker`: kind 1 = below its call stack, kind 2 = the
 * page after parameter `param`'s buffer. Returns the region's index, or -1 when full.
 */
int ffz_fault_add_range(uintptr_t lo, uintptr_t hi, int worker, int kind, int param) {
  int i = __sync_fetch_and_add(&range_count, 1);
  if (i >= MAX_RANGES) return -1;
  ranges[i].lo = lo;
  ranges[i].hi = hi;
  ranges[i].worker = worker;
  ranges[i].kind = kind;
  ranges[i].param = param;
  __sync_synchronize();
  ranges[i].ready = 1;
  return i;
}

/** The caller's frame address: called through koffi, it lies on koffi's call stack. */
uintptr_t ffz_frame_address(void) {
  return (uintptr_t)__builtin_frame_address(0);
}
