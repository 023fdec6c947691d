import fs from 'node:fs';
import net from 'node:net';
import { splitPreload } from '../toolchain/engine-preload.js';
import { ForkHelper, type RunnerStatus } from './fork-helper.js';
import type { ForkServerRequest, ForkServerWork, RunnerWork } from './protocol.js';
import type { EngineFault, EngineJob, EngineMessage } from './protocol.js';
import { runLife, type MessageOutlet } from './runner-life.js';
import { SHARED_BYTES } from './stress/stress-sync.js';
import { loadEngineThread, type EngineThread } from './engine-thread.js';

/** A runner may write this much to its stderr file (a runaway target gets EFBIG, not a full disk). */
const STDERR_LIMIT = 8 * 1024 * 1024;
/** The start-up probe's runner must end within this, or forking is taken to be broken here. */
const PROBE_MS = 10_000;
/** After the runner is reaped, how long its outbox may stay open (held by a process the target started). */
const RELAY_GRACE_MS = 1000;
/** While a runner lives, a ref'd timer keeps the event loop alive and polls for its end, should a SIGCHLD be missed. */
const POLL_MS = 100;

/**
 * The engine child as a fork server (AFL++'s forkserver, for a Node process): loads koffi, the
 * target and the shims once, checks with a probe runner that forking works here, then forks one
 * runner per life the supervisor asks for (runner-life.ts runs the work). It relays the runner's
 * messages, reaps it (SIGCHLD, then waitpid for that pid only: libuv reaps its own children by
 * pid), and reports its end; the flight recorder, a MAP_SHARED file, holds what the runner had in
 * flight. A crash then costs a fork() and an exit instead of a Node start.
 *
 * Needs `node --single-threaded` (V8 posts no work to helper threads that would not exist in a
 * runner: a scavenge or an optimising compile would wait for them forever) and the dofork shim
 * preloaded (native/dofork-shim.c); when either is missing, or the probe fails, it says
 * `unforkable` and the supervisor restarts whole processes instead.
 */
export async function serveForks(
  job: EngineJob,
  work: ForkServerWork,
  send: (message: EngineMessage, then?: () => void) => void,
): Promise<void> {
  const problem = startupProblem(work);
  keepShimFromChildren(work.shim);
  // The loaded thread's messages go to the supervisor here; a runner switches them to its outbox pipe.
  const outlet: MessageOutlet = { post: (message) => send(message) };
  const thread = await loadEngineThread({ job, worker: 0, barrier: new SharedArrayBuffer(SHARED_BYTES) }, (m) => outlet.post(m));
  const server = new ForkServer(thread, outlet, ForkHelper.load(work.helper), work, send);
  // A compact heap makes every fork and every runner's exit cheaper (both walk its page tables).
  (globalThis as { gc?: () => void }).gc?.();
  const unforkable = problem ?? (await server.probe());
  if (unforkable !== null) {
    send({ type: 'unforkable', runId: job.runId, reason: unforkable }, () => process.exit(0));
    return;
  }
  send({ type: 'ready', runId: job.runId, worker: 0 });
  process.on('message', (request: ForkServerRequest) => server.request(request));
  // The supervisor is gone (it would have sent `stop`): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
}

/** Why this process cannot fork runners that run JavaScript; null when it can. */
function startupProblem(work: ForkServerWork): string | null {
  if (!process.execArgv.includes('--single-threaded'))
    return 'node was not started with --single-threaded: a runner would wait forever for V8 helper threads';
  // The maps name the file by its real path (node_modules may be a symlink: pnpm, workspaces).
  if (!fs.readFileSync('/proc/self/maps', 'utf8').includes(fs.realpathSync(work.shim)))
    return `the dofork shim (${work.shim}) is not preloaded: runners would have no V8 heap`;
  return null;
}

/** Processes the server or its runners start (the target may spawn some) do not need the shim. */
function keepShimFromChildren(shim: string): void {
  const rest = splitPreload(process.env.LD_PRELOAD).filter((entry) => entry !== shim);
  if (rest.length > 0) process.env.LD_PRELOAD = rest.join(':');
  else delete process.env.LD_PRELOAD;
}

/** The runner alive now. */
interface Current {
  readonly life: number;
  readonly pid: number;
}

class ForkServer {
  private current: Current | undefined;
  private lives: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<number, (status: RunnerStatus) => void>();

  constructor(
    private readonly thread: EngineThread,
    private readonly outlet: MessageOutlet,
    private readonly helper: ForkHelper,
    private readonly work: ForkServerWork,
    private readonly send: (message: EngineMessage) => void,
  ) {
    process.on('SIGCHLD', () => this.reapWaiting());
  }

  request(request: ForkServerRequest): void {
    switch (request.type) {
      case 'life':
        // One life at a time: the supervisor asks for the next after this one's end; queue anyway.
        this.lives = this.lives.then(() => this.runOne(request.life, request.work));
        break;
      case 'kill-runner':
        if (this.current?.life === request.life) process.kill(this.current.pid, request.signal);
        break;
      case 'stop':
        process.exit(0);
        break;
      default: {
        const never: never = request;
        throw new Error(`unknown fork-server request ${JSON.stringify(never)}`);
      }
    }
  }

  /** Forks a runner that allocates (a scavenge on the way) and exits 0: null when it did, else what went wrong. */
  async probe(): Promise<string | null> {
    const pid = this.fork(() => {
      const objects = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `probe ${i}` }));
      return this.helper.exitRunner(objects.length === 200_000 ? 0 : 1);
    });
    const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), PROBE_MS);
    const status = await this.reaped(pid);
    clearTimeout(timer);
    if (status.exitCode === 0) return null;
    const how = status.signal === 'SIGKILL' ? `hung for ${PROBE_MS / 1000}s` : (status.signal ?? `exited with code ${status.exitCode}`);
    return `a forked runner could not run JavaScript (${how})`;
  }

  /** One life: fork, relay the runner's messages, reap it, report its end. */
  private async runOne(life: number, work: RunnerWork): Promise<void> {
    const { runId } = this.thread.job;
    let next: number | null = null;
    let fault: EngineFault | null = null;
    // Like every engine child, the server loads coverage code only for coverage work; the runner cannot await it.
    const coverage = work.kind === 'coverage' ? (await import('./coverage/coverage-work.js')).runCoverageWorkSync : undefined;
    this.thread.recorder.reset();
    let started: { pid: number; readEnd: number };
    try {
      started = this.forkLife((outbox) => runLife(this.thread, this.outlet, work, { outbox, helper: this.helper, coverage }));
    } catch (error) {
      fault = { code: 'internal', message: `the fork server cannot start a runner: ${(error as Error).message}` };
      this.send({ type: 'life-end', runId, life, signal: null, exitCode: null, next, fault });
      return;
    }
    const { pid } = started;
    this.current = { life, pid };
    this.send({ type: 'life-start', runId, life, pid });
    const relay = relayLines(started.readEnd, (line) => {
      const message = parseMessage(line);
      if (message.type === 'done') next = message.next;
      else if (message.type === 'fault') fault = message.fault;
      else this.send(message);
    });
    const status = await this.reaped(pid);
    // The runner is gone, so is its end of the pipe: what it wrote is read at once, unless a process
    // the target started without exec holds the pipe open, which only delays its end.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([relay.ended, new Promise((resolve) => (grace = setTimeout(resolve, RELAY_GRACE_MS)))]);
    clearTimeout(grace);
    relay.close();
    this.current = undefined;
    this.send({ type: 'life-end', runId, life, signal: status.signal, exitCode: status.exitCode, next, fault });
  }

  /** Forks a runner with an outbox pipe: it runs `body` with the pipe's write end; here, its pid and the read end. */
  private forkLife(body: (outbox: number) => never): { pid: number; readEnd: number } {
    const [readEnd, writeEnd] = this.helper.pipe();
    try {
      const pid = this.fork(() => body(writeEnd));
      return { pid, readEnd };
    } catch (error) {
      fs.closeSync(readEnd);
      throw error;
    } finally {
      fs.closeSync(writeEnd);
    }
  }

  /** Forks; in the runner, runs `body`, which must leave through ffz_exit. */
  private fork(body: () => never): number {
    const pid = this.helper.forkRunner({
      stderrPath: this.work.stderrPath,
      stderrLimit: STDERR_LIMIT,
      channelFd: (process.channel as { fd?: number } | undefined)?.fd ?? -1,
    });
    return pid === 0 ? body() : pid;
  }

  /** Resolves with the runner's status once it is reaped. */
  private reaped(pid: number): Promise<RunnerStatus> {
    const now = this.helper.reap(pid);
    if (now !== null) return Promise.resolve(now);
    // Node's signal handles do not keep the event loop alive; this timer does, and polls too.
    const poll = setInterval(() => this.reapWaiting(), POLL_MS);
    return new Promise((resolve) =>
      this.waiting.set(pid, (status) => {
        clearInterval(poll);
        resolve(status);
      }),
    );
  }

  private reapWaiting(): void {
    for (const [pid, resolve] of this.waiting) {
      const status = this.helper.reap(pid);
      if (status === null) continue;
      this.waiting.delete(pid);
      resolve(status);
    }
  }
}

/** Reads newline-terminated lines from a pipe until its writers are gone (`ended`), or until closed. */
function relayLines(fd: number, onLine: (line: string) => void): { ended: Promise<void>; close: () => void } {
  const socket = new net.Socket({ fd, readable: true, writable: false });
  socket.setEncoding('utf8');
  let pending = '';
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      onLine(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
  });
  const ended = new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    // A read error ends the relay like EOF does; the life's end still comes from waitpid.
    socket.on('error', () => resolve());
  });
  return { ended, close: () => socket.destroy() };
}

/** A runner's message; a line that is not one is a harness fault of that life. */
function parseMessage(line: string): EngineMessage {
  try {
    return JSON.parse(line) as EngineMessage;
  } catch {
    return {
      type: 'fault',
      runId: '',
      fault: { code: 'internal', message: `a fork-server runner wrote an unreadable message: ${line.slice(0, 200)}` },
    };
  }
}
