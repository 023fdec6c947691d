import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createRecorderFile } from '../../engine/flight-recorder.js';
import type { EngineJob, EngineMessage, EngineRequest } from '../../engine/protocol.js';

/** The engine child's entry, compiled next to this file's folder. */
export const ENGINE_MAIN = fileURLToPath(new URL('../../engine/engine-main.js', import.meta.url));

export interface EngineProcessOptions {
  readonly workDir: string;
  readonly slotSize: number;
  /** Grace between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  /** Every IPC message the child sends. */
  readonly onMessage: (message: EngineMessage | { type: 'finished'; next: number[] }) => void;
  /** Extra arguments before the engine entry (e.g. gdb). */
  readonly wrap?: readonly string[];
  /** Node flags before the entry (a fork server needs --single-threaded). */
  readonly nodeArgs?: readonly string[];
  /** Extra environment of the child (engine-preload.ts: LD_PRELOAD, sanitizer options). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the child when it fires (SIGTERM, then SIGKILL after the grace period), as a phase's end or an interrupt asks. */
  readonly stop?: AbortSignal;
}

/** How the child process ended. */
export interface ProcessEnd {
  readonly signal: string | null;
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** SIGTERM was not enough: SIGKILL followed after the grace period. */
  readonly forcefullyTerminated: boolean;
}

/** A running engine child. */
export interface EngineProcess {
  readonly pid: number | undefined;
  /** Sends a request over IPC (dropped once the channel is closed). */
  send(request: EngineRequest): void;
  /** SIGTERM, then SIGKILL after the grace period (or `signal` at once). */
  kill(signal?: 'SIGTERM' | 'SIGKILL'): void;
  /** The child's stderr so far (bounded: the tail is kept). */
  stderr(): string;
  readonly ended: Promise<ProcessEnd>;
}

const STDERR_KEEP = 256 * 1024;

/**
 * Starts one engine child with execa (argument array, no shell): writes its job file, creates its
 * flight recorder, keeps the tail of its stderr and hands its IPC messages over. Watching it is
 * the caller's business (life-watch.ts).
 */
export function startEngine(job: EngineJob, options: EngineProcessOptions): EngineProcess {
  fs.mkdirSync(options.workDir, { recursive: true });
  const jobFile = path.join(options.workDir, `job-${job.runId}.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  createRecorderFile(job.recorderPath, job.threads, options.slotSize);

  const [command, ...args] = [...(options.wrap ?? []), process.execPath, ...(options.nodeArgs ?? []), ENGINE_MAIN, jobFile];
  const child = execa(command!, args, {
    ipc: true,
    stdin: 'ignore',
    stdout: options.wrap === undefined ? 'ignore' : 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    env: { RUST_BACKTRACE: '1', ...options.env },
    forceKillAfterDelay: options.killGraceMs,
    ...(options.stop === undefined ? {} : { cancelSignal: options.stop }),
  });
  let stderr = '';
  const keep = (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', keep);
  child.on('message', options.onMessage);
  const ended = child.then((result) => {
    fs.rmSync(jobFile, { force: true });
    return {
      signal: result.signal ?? null,
      exitCode: result.exitCode ?? null,
      durationMs: result.durationMs,
      forcefullyTerminated: result.isForcefullyTerminated ?? false,
    };
  });
  return {
    pid: child.pid,
    send: (request) => {
      if (child.connected) child.send(request);
    },
    kill: (signal = 'SIGTERM') => child.kill(signal),
    stderr: () => stderr,
    ended,
  };
}
