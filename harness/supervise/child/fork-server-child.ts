import fs from 'node:fs';
import path from 'node:path';
import type { EngineFault, EngineJob, EngineMessage, ForkServerMessage, RunnerWork } from '../../engine/protocol.js';
import { readRecorder } from '../../engine/recorder-reader.js';
import type { ServerRss } from '../../report/run-summary.js';
import { engineEnvFor } from '../../toolchain/engine-preload.js';
import { childEndOf, type ChildExit } from './child-end.js';
import type { ChildListener, ChildRun } from './child-runner.js';
import { rssMb } from './child-rss.js';
import type { EngineSetup } from './engine-setup.js';
import { startEngine, type EngineProcess, type ProcessEnd } from './engine-process.js';
import { Escalation } from './escalation.js';
import { engineJobOf, takeStats } from './fresh-runner.js';
import { LifeWatch } from './life-watch.js';

/** What a fork server needs besides the setup (toolchain/fork-server-support.ts builds them). */
export interface ForkServerParts {
  readonly helper: string;
  readonly shim: string;
}

/** How one life of the server ended, as the server reported it (or its own death). */
type LifeEnd = Extract<ForkServerMessage, { type: 'life-end' }> | { readonly type: 'server-ended'; readonly end: ProcessEnd };

/** The life running now. */
interface Running {
  readonly life: number;
  readonly listener: ChildListener;
  pid: number | undefined;
  readonly started: Promise<number>;
  readonly ended: Promise<LifeEnd>;
  onStart(pid: number): void;
  onEnd(end: LifeEnd): void;
}

/** How a server start went: forking, forking impossible here, or the server ended first (a bad library). */
export type ServerStart =
  | { readonly kind: 'ready' }
  | { readonly kind: 'unforkable'; readonly reason: string }
  | { readonly kind: 'ended' };

const STDERR_KEEP = 256 * 1024;
/** Names each server's runner stderr file. */
let serverCounter = 0;
/** A runner stalled outside the target is not suspected before this, whatever the call timeout. */
const STALL_MIN_MS = 10_000;
/** A server that does not start the runner it was asked for within this is stuck: it is killed. */
const FORK_DEADLINE_MS = 10_000;
/** Node flags of a fork server: no V8 helper threads (runners would wait for them forever), a GC to call before forking. */
const SERVER_NODE_ARGS = ['--single-threaded', '--expose-gc'] as const;

/** The fork server's engine child, from its start to its stop. */
export class ServerChild {
  readonly start: Promise<ServerStart>;
  alive = true;
  private readonly job: EngineJob;
  private readonly stderrPath: string;
  private readonly child: EngineProcess;
  private running: Running | undefined;
  /** Lives forked so far. */
  lives = 0;
  /** Its own memory, sampled at the end of every life (undefined before the first). */
  rss: ServerRss | undefined;
  private serverFault: EngineFault | null = null;

  constructor(
    private readonly setup: EngineSetup,
    parts: ForkServerParts,
  ) {
    this.stderrPath = path.join(setup.workDir, `runners-${process.pid}-${++serverCounter}.stderr`);
    this.job = engineJobOf(setup, 1, { kind: 'fork-server', helper: parts.helper, shim: parts.shim, stderrPath: this.stderrPath });
    let started!: (start: ServerStart) => void;
    this.start = new Promise((resolve) => (started = resolve));
    this.child = startEngine(this.job, {
      workDir: setup.workDir,
      slotSize: setup.slotSize,
      killGraceMs: setup.killGraceMs,
      nodeArgs: SERVER_NODE_ARGS,
      env: engineEnvFor(setup.libraryPath, [parts.shim]),
      ...(setup.stop === undefined ? {} : { stop: setup.stop }),
      onMessage: (message) => {
        if (message.type === 'ready') started({ kind: 'ready' });
        else if (message.type === 'unforkable') started({ kind: 'unforkable', reason: message.reason });
        else if (message.type !== 'finished') this.onMessage(message);
      },
    });
    this.child.ended.then((end) => {
      this.alive = false;
      started({ kind: 'ended' });
      this.running?.onEnd({ type: 'server-ended', end });
    });
  }

  /** One life in a new runner. */
  async life(work: RunnerWork, listener: ChildListener): Promise<ChildRun> {
    const running = newRunning(++this.lives, listener);
    this.running = running;
    this.child.send({ type: 'life', life: running.life, work });
    const stuck = setTimeout(() => this.child.kill('SIGKILL'), FORK_DEADLINE_MS);
    const first = await Promise.race([running.started, running.ended]);
    clearTimeout(stuck);
    const escalation = new Escalation(
      (signal) => this.child.send({ type: 'kill-runner', life: running.life, signal }),
      this.setup.killGraceMs,
      () => this.child.kill('SIGKILL'),
    );
    const watch =
      typeof first === 'number'
        ? new LifeWatch(
            {
              recorderPath: this.job.recorderPath,
              timeoutMs: this.setup.timeoutMs,
              rssLimitMb: this.setup.rssLimitMb,
              onTick: listener.tick,
              stallMs: this.stallMs(),
            },
            () => running.pid,
            () => escalation.start(),
          )
        : undefined;
    const startedAt = Date.now();
    const end = await running.ended;
    escalation.cancel();
    this.sampleRss();
    const { stalled, ...verdict } = watch?.stop() ?? { timedOut: false, hungWorker: null, oom: false, peakRssMb: 0, stalled: false };
    this.running = undefined;
    const how = end.type === 'life-end' ? this.runnerExit(end) : this.serverExit(end.end);
    const exit: ChildExit = {
      ...verdict,
      ...how,
      // A runner that stopped outside the target is the harness's failure, never a finding.
      fault: stalled ? this.stallFault() : how.fault,
      durationMs: Date.now() - startedAt,
      forcefullyTerminated: escalation.forced,
    };
    return { end: childEndOf(exit), slots: readRecorder(this.job.recorderPath), stats: takeStats(this.job, 'zero') };
  }

  /** The run of a server that ended before it could fork (a library that does not load): its own end. */
  async endedRun(): Promise<ChildRun> {
    const end = await this.child.ended;
    const exit: ChildExit = { ...end, ...this.serverExit(end), timedOut: false, hungWorker: null, oom: false, peakRssMb: 0 };
    return { end: childEndOf(exit), slots: readRecorder(this.job.recorderPath), stats: takeStats(this.job, 'zero') };
  }

  /** Stops the server and waits for it (killed when it does not go). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.send({ type: 'stop' });
    const late = setTimeout(() => this.child.kill('SIGKILL'), this.setup.killGraceMs);
    await this.child.ended;
    clearTimeout(late);
  }

  /** How long a runner may go without starting a call while outside the target (a generous multiple of the call timeout). */
  private stallMs(): number {
    return Math.max(STALL_MIN_MS, 2 * this.setup.timeoutMs);
  }

  private stallFault(): EngineFault {
    return {
      code: 'internal',
      message: `a fork-server runner started no call for ${this.stallMs() / 1000}s outside the target: it may be waiting for a thread that does not exist in a forked process`,
      hint: 'run again with --no-fork-server, and please report this with the command you ran',
    };
  }

  private sampleRss(): void {
    const now = rssMb(this.child.pid);
    if (now === 0) return;
    this.rss = { first: this.rss?.first ?? now, last: now, peak: Math.max(this.rss?.peak ?? 0, now) };
  }

  private onMessage(message: EngineMessage): void {
    const running = this.running;
    if (message.type === 'life-start' && running?.life === message.life) running.onStart(message.pid);
    else if (message.type === 'life-end' && running?.life === message.life) running.onEnd(message);
    else if (message.type === 'fault') this.serverFault = message.fault;
    else if (running !== undefined && message.type !== 'life-start' && message.type !== 'life-end') running.listener.message(message);
  }

  private runnerExit(
    end: Extract<LifeEnd, { type: 'life-end' }>,
  ): Pick<ChildExit, 'signal' | 'exitCode' | 'stderr' | 'finished' | 'fault'> {
    return {
      signal: end.signal,
      exitCode: end.exitCode,
      stderr: readTail(this.stderrPath),
      finished: end.next === null ? null : [end.next],
      fault: end.fault,
    };
  }

  /**
   * The server ended during a life. Killed by a signal (from outside: the runner, its child, died
   * with it by PDEATHSIG) it is the life's death, as a killed engine child is: the recorder holds
   * the runner's input in flight. Exited (it reported a fault, or should have), it is a harness fault.
   */
  private serverExit(end: ProcessEnd): Pick<ChildExit, 'signal' | 'exitCode' | 'stderr' | 'finished' | 'fault'> {
    const stderr = `${this.child.stderr()}${readTail(this.stderrPath)}`;
    const fault: EngineFault | null =
      this.serverFault ??
      (end.signal !== null
        ? null
        : {
            code: 'internal',
            message: `the fork server exited with code ${end.exitCode}; its stderr ends: ${stderr.trim().split('\n').slice(-5).join(' | ') || '(empty)'}`,
            hint: 'run again with --no-fork-server, and please report this',
          });
    return { signal: end.signal, exitCode: end.exitCode, stderr, finished: null, fault };
  }
}

/** A life's handles, resolved by the server's messages. */
function newRunning(life: number, listener: ChildListener): Running {
  let onStart!: (pid: number) => void;
  let onEnd!: (end: LifeEnd) => void;
  const started = new Promise<number>((resolve) => (onStart = resolve));
  const ended = new Promise<LifeEnd>((resolve) => (onEnd = resolve));
  const running: Running = {
    life,
    listener,
    pid: undefined,
    started,
    ended,
    onStart: (pid) => {
      running.pid = pid;
      onStart(pid);
    },
    onEnd,
  };
  return running;
}

/** The last bytes of a file ('' when it is not there). */
function readTail(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const n = Math.min(size, STDERR_KEEP);
      const bytes = Buffer.alloc(n);
      fs.readSync(fd, bytes, 0, n, size - n);
      return bytes.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
