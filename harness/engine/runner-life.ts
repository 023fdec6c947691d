import fs from 'node:fs';
import { asHarnessError } from '../model/harness-error.js';
import type { EngineThread } from './engine-thread.js';
import { FaultGuard } from './fault-guard.js';
import type { ForkHelper } from './fork-helper.js';
import { runGenerate } from './generate-loop.js';
import type { CoverageWork } from './coverage/coverage-protocol.js';
import type { EngineMessage, RunnerWork } from './protocol.js';
import { runReplay } from './replay-loop.js';
import { runScout } from './stress/stress-loop.js';

/** Runs coverage work to its end (coverage-work.ts, loaded by the server only once coverage work comes). */
export type CoverageRunner = (thread: EngineThread, work: CoverageWork) => number;

/** Where a loaded thread's messages go: the supervisor in the fork server, the outbox pipe in a runner. */
export interface MessageOutlet {
  post: (message: EngineMessage) => void;
}

/**
 * The life of one fork-server runner, from the fork to its end (fork-server.ts forks it). The
 * runner shares the server's event loop, epoll instance, signal pipe and IPC socket without owning
 * any of them, so it stays synchronous: it never awaits, never uses `process.send`, never returns
 * into the caller's stack, and leaves only through `ffz_exit` (process.exit would run the server's
 * exit handlers and fault). Its messages go to the server as JSON lines on `outbox`, a pipe:
 * written synchronously, they survive the runner's death and arrive before its end.
 */
export function runLife(
  thread: EngineThread,
  outlet: MessageOutlet,
  work: RunnerWork,
  io: { readonly outbox: number; readonly helper: ForkHelper; readonly coverage: CoverageRunner | undefined },
): never {
  const { outbox, helper } = io;
  outlet.post = (message) => writeLine(outbox, `${JSON.stringify(message)}\n`);
  const { job, worker } = thread;
  let code = 0;
  try {
    // The fault guard names the faulting thread by its id: this process's one thread has a new one.
    if (job.faultShim) FaultGuard.install(job.faultShim, worker);
    outlet.post({ type: 'done', runId: job.runId, worker, next: runToEnd(thread, work, io.coverage) });
  } catch (error) {
    const e = asHarnessError(error);
    code = e.exitCode;
    try {
      outlet.post({ type: 'fault', runId: job.runId, fault: { code: e.code, message: e.message, where: e.where, hint: e.hint } });
    } catch {
      // The server is gone: nobody is left to tell.
    }
  }
  return helper.exitRunner(code);
}

/** Runs the work to its end (worker-loop.ts's handlers, minus everything that waits); returns the next stream index. */
function runToEnd(thread: EngineThread, work: RunnerWork, coverage: CoverageRunner | undefined): number {
  switch (work.kind) {
    case 'coverage':
      if (coverage === undefined) throw new Error('the fork server did not load the coverage code before forking');
      return coverage(thread, work);
    case 'scout':
      return runScout(thread, work);
    case 'generate':
    case 'replay':
      if ((work.kind === 'generate' && work.stress !== undefined) || (work.kind === 'replay' && work.concurrent))
        throw new Error(`a fork-server runner has one thread: it cannot run concurrent ${work.kind} work`);
      return work.kind === 'generate' ? runGenerate(thread, work) : runReplay(thread, work);
    default: {
      const never: never = work;
      throw new Error(`unknown runner work ${JSON.stringify(never)}`);
    }
  }
}

/** write(2) until all of it is out (the pipe is blocking: a full pipe waits for the server to read). */
function writeLine(fd: number, line: string): void {
  const bytes = Buffer.from(line, 'utf8');
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}
