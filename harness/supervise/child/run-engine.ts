import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createRecorderFile } from '../../engine/flight-recorder.js';
import { recorderGeometry, SlotState } from '../../engine/recorder-layout.js';
import { readHeartbeats } from '../../engine/recorder-reader.js';
import type { EngineFault, EngineJob, EngineMessage, ServeRequest } from '../../engine/protocol.js';
import type { ChildExit } from './child-end.js';

/** The engine child's entry, compiled next to this file's folder. */
export const ENGINE_MAIN = fileURLToPath(new URL('../../engine/engine-main.js', import.meta.url));

export interface RunEngineOptions {
  readonly workDir: string;
  readonly slotSize: number;
  /** A call that makes no progress this long is a hang. */
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  /** Grace between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  readonly onMessage: (message: EngineMessage) => void;
  /** Called on every watch tick with the per-slot call counters (progress). */
  readonly onTick?: (calls: readonly number[]) => void;
  /** Extra arguments before the engine entry (e.g. gdb). */
  readonly wrap?: readonly string[];
  /** Receives a function that sends IPC messages to the running child (serve work). */
  readonly onStart?: (send: (message: ServeRequest) => void) => void;
  /** Extra environment of the child (e.g. the ASan runtime preloaded for an ASan build). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the child when it fires (SIGTERM, then SIGKILL after the grace period), as a phase's end or an interrupt asks. */
  readonly stop?: AbortSignal;
}

const TICK_MS = 50;
const STDERR_KEEP = 256 * 1024;

/**
 * Runs one engine child with execa (argument array, no shell) and watches it: heartbeats in the
 * flight recorder (a call stuck longer than the timeout is a hang), RSS against the limit, and
 * stderr (kept, bounded). Termination escalates SIGTERM → SIGKILL and is recorded.
 */
export async function runEngine(job: EngineJob, options: RunEngineOptions): Promise<ChildExit> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const jobFile = path.join(options.workDir, `job-${job.runId}.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  createRecorderFile(job.recorderPath, job.threads, options.slotSize);

  const [command, ...args] = [...(options.wrap ?? []), process.execPath, ENGINE_MAIN, jobFile];
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

  options.onStart?.((message) => {
    if (child.connected) child.send(message);
  });
  let next: number[] | null = null;
  let fault: EngineFault | null = null;
  child.on('message', (message: EngineMessage | { type: 'finished'; next: number[] }) => {
    if (message.type === 'finished') next = message.next;
    else if (message.type === 'fault') fault = message.fault;
    else options.onMessage(message);
  });

  let timedOut = false;
  let hungWorker: number | null = null;
  let oom = false;
  let peakRssMb = 0;
  const { slots, slotSize } = recorderGeometry(job.recorderPath);
  const fd = fs.openSync(job.recorderPath, 'r');
  const scratch = Buffer.alloc(8);
  const stuckSince = new Array<number>(slots).fill(0);
  const lastCalls = new Array<number>(slots).fill(0);
  const watch = setInterval(() => {
    const now = Date.now();
    const beats = readHeartbeats(fd, slots, slotSize, scratch);
    beats.forEach((beat, slot) => {
      if (beat.state !== SlotState.InCall || beat.calls !== lastCalls[slot]) stuckSince[slot] = now;
      lastCalls[slot] = beat.calls;
      if (!timedOut && now - stuckSince[slot]! > options.timeoutMs) {
        timedOut = true;
        hungWorker = slot;
        child.kill('SIGTERM');
      }
    });
    options.onTick?.(lastCalls);
    const rss = rssMb(child.pid);
    peakRssMb = Math.max(peakRssMb, rss);
    if (!oom && !timedOut && rss > options.rssLimitMb) {
      oom = true;
      child.kill('SIGTERM');
    }
  }, TICK_MS);

  const result = await child;
  clearInterval(watch);
  options.onTick?.(readHeartbeats(fd, slots, slotSize, scratch).map((b) => b.calls));
  fs.closeSync(fd);
  fs.rmSync(jobFile, { force: true });
  return {
    signal: result.signal ?? null,
    exitCode: result.exitCode ?? null,
    stderr,
    timedOut,
    hungWorker,
    oom,
    peakRssMb,
    durationMs: result.durationMs,
    forcefullyTerminated: result.isForcefullyTerminated ?? false,
    finished: next,
    fault,
  };
}

/** Resident set size of a process in MiB, from /proc (0 when it is gone). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}
