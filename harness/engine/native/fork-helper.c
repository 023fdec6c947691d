// ffi-fuzz fork helper: the native half of the engine's fork server (harness/engine/fork-server.ts),
// called through koffi. Built by the supervisor with the system C compiler
// (harness/toolchain/fork-server-support.ts), like the fault guard.
//
// The fork server is an engine child that has loaded koffi, the target and the shims once; it
// forks one *runner* per life, which runs the life's work synchronously and leaves through
// ffz_exit. Everything that must happen in the runner between fork() and its first JavaScript
// instruction happens here, in one C call, where neither JavaScript, the GC nor the event loop can
// run in between:
//   - PR_SET_PDEATHSIG: the runner dies with the server (it is not inherited across fork);
//   - the signals libuv routes to its self-pipe go back to SIG_DFL: that pipe is shared with the
//     server, so a SIGTERM for the runner would otherwise reach the server's handlers instead;
//   - no core files (a 100 MiB core per crash), and a bounded stderr file (RLIMIT_FSIZE);
//   - the life's stderr file onto fd 2: output is separated per life by construction, and a
//     regular file never answers EAGAIN (a shared non-blocking pipe would truncate Node's writes
//     and make the target's own eprintln! panic);
//   - /dev/null onto the server's IPC channel: a runner must never write a frame into it.
// The process must have been started with the dofork shim preloaded (native/dofork-shim.c).

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  // The runner's stderr: created or truncated, opened in append mode, onto fd 2.
  const char *stderr_path;
  // Bytes the runner may write to any file (RLIMIT_FSIZE); 0 leaves the limit alone.
  uint64_t stderr_limit;
  // The server's IPC channel fd, replaced by /dev/null in the runner; -1: none.
  int channel_fd;
} ffz_runner_options;

// Signals libuv may have a handler for (Node's process.on): back to the default action.
static const int RESET_SIGNALS[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGWINCH};

// Runs in the runner before any JavaScript: write(2) and _exit only.
static void runner_setup_failed(const char *what) {
  char line[160];
  int n = snprintf(line, sizeof line, "ffi-fuzz: fork server: runner setup failed: %s (errno %d)\n", what, errno);
  if (n > 0) (void)!write(2, line, (size_t)n);
  _exit(70);
}

static void replace_fd(const char *path, int flags, int target) {
  int fd = open(path, flags | O_CLOEXEC, 0600);
  if (fd < 0) runner_setup_failed(path);
  if (dup2(fd, target) < 0) runner_setup_failed("dup2");  // dup2 clears O_CLOEXEC on the copy
  close(fd);
}

/**
 * Forks a runner. Returns 0 in the runner (set up as described above), the runner's pid in the
 * server, or -errno when fork failed. Call it from the main thread only: PR_SET_PDEATHSIG fires
 * when the thread that forked exits.
 */
int ffz_fork_runner(const ffz_runner_options *o) {
  pid_t server = getpid();
  fflush(NULL);  // what the server's C stdio buffered must not be written once per runner
  pid_t pid = fork();
  if (pid != 0) return pid < 0 ? -errno : pid;

  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) runner_setup_failed("prctl");
  if (getppid() != server) _exit(71);  // the server died before prctl: nobody would kill us
  for (size_t i = 0; i < sizeof RESET_SIGNALS / sizeof RESET_SIGNALS[0]; i++) signal(RESET_SIGNALS[i], SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (o->stderr_limit > 0) {
    struct rlimit fsize = {o->stderr_limit, o->stderr_limit};
    setrlimit(RLIMIT_FSIZE, &fsize);
    signal(SIGXFSZ, SIG_IGN);  // past the limit write() fails with EFBIG instead of killing the runner
  }
  replace_fd(o->stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 2);
  if (o->channel_fd >= 0) replace_fd("/dev/null", O_RDWR, o->channel_fd);
  return 0;
}

/**
 * Reaps `pid` if it has ended (waitpid with WNOHANG, for this pid only: libuv reaps the children
 * it spawned itself by pid). Returns pid when reaped, with *signal (0 when it exited) and
 * *exit_code (-1 when signalled); 0 while it runs; -errno on failure.
 */
int ffz_reap(int pid, int *signal_number, int *exit_code) {
  int status = 0;
  pid_t got;
  do got = waitpid(pid, &status, WNOHANG);
  while (got < 0 && errno == EINTR);
  if (got <= 0) return got < 0 ? -errno : 0;
  *signal_number = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return got;
}

/** A pipe whose both ends close on exec: fds[0] to read, fds[1] to write. 0, or -errno. */
int ffz_pipe(int *fds) {
  return pipe2(fds, O_CLOEXEC) == 0 ? 0 : -errno;
}

/**
 * The runner's only way out: C stdio flushed, then _exit. process.exit, libc exit() or returning
 * into the event loop would run the server's exit handlers a second time and fault joining
 * threads that do not exist in the runner (a false crash).
 */
void ffz_exit(int code) {
  fflush(NULL);
  _exit(code);
}
