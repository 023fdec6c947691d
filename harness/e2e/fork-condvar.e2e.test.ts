import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT, scratchDir } from './helpers.js';

// A fork-server runner is a fork of a process whose V8 platform threads wait on condition
// variables; a major GC in the runner signals one, and glibc's pthread_cond_signal then waits for
// waiters the fork left behind: a long campaign on a non-crashing target stalled after ~466k
// cJSON_Parse calls. This program is that situation without V8: a thread waits on a condition
// variable, the process forks, the child signals it. The dofork shim must let the child go on.

const PROGRAM = `
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static void *waiter(void *arg) {
  pthread_mutex_lock(&lock);
  for (;;) pthread_cond_wait(&ready, &lock);
  return arg;
}
int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, waiter, NULL);
  pthread_create(&b, NULL, waiter, NULL);
  usleep(100000);
  // One signal moves both waiters to glibc's first group and wakes one; the other stays there,
  // holding a reference the forked child inherits (as V8's idle platform threads do).
  pthread_cond_signal(&ready);
  usleep(100000);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(3); // a child stuck in pthread_cond_signal dies of SIGALRM: the parent exits 2
    pthread_cond_signal(&ready);
    pthread_cond_broadcast(&ready);
    printf("child signalled\\n");
    fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
`;

describe('dofork shim: condition variables in a forked runner', () => {
  const dir = scratchDir();
  const source = path.join(dir, 'fork-condvar.c');
  const program = path.join(dir, 'fork-condvar');
  fs.writeFileSync(source, PROGRAM);
  execFileSync(process.env.CC ?? 'cc', ['-O1', '-pthread', '-o', program, source]);

  it('should let a forked child signal a condition variable its parent threads waited on', async () => {
    // The shim as the fork server builds it (the compiled toolchain knows where the sources are).
    const { nativeLibrary } = (await import(
      path.join(ROOT, 'dist/harness/toolchain/native-library.js')
    )) as typeof import('../toolchain/native-library.js');
    const { DOFORK_SHIM_SOURCE } = (await import(
      path.join(ROOT, 'dist/harness/toolchain/fork-server-support.js')
    )) as typeof import('../toolchain/fork-server-support.js');
    const shim = nativeLibrary(DOFORK_SHIM_SOURCE, 'ffz-dofork');
    expect(shim.path, 'the dofork shim must build').not.toBeNull();
    const run = await execa(program, [], { env: { LD_PRELOAD: shim.path! }, reject: false });
    expect(run.stdout).toBe('child signalled');
    expect(run.exitCode).toBe(0);
  });

  it('should hang the same child without the shim (what the shim is for)', async () => {
    // The child blocks in pthread_cond_signal until its alarm ends it.
    const run = await execa(program, [], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
  });
});
