import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { asHarnessError, HarnessError, isHarnessErrorCode } from '../model/harness-error.js';
import type { EngineFault, EngineJob, EngineMessage, ServeRequest, WorkerData } from './protocol.js';
import { dieWithParent } from './die-with-parent.js';
import { requestInbox } from './request-inbox.js';
import { SHARED_BYTES, STRESS_WORKER_LIMITS } from './stress/stress-sync.js';

// Entry point of the engine child process (started by the supervisor, never by hand): runs one
// job on `threads` worker threads — or on this thread when there is one, which saves a worker
// start on every restart — and forwards their messages to the supervisor over IPC. A fork-server
// job (one thread) forks a runner per life instead (fork-server.ts).

type Outgoing = EngineMessage | { type: 'finished'; runId: string; next: number[] };

const send = (message: Outgoing, then?: () => void): void => {
  if (process.send !== undefined) process.send(message, undefined, {}, () => then?.());
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    then?.();
  }
};

/** A harness error thrown on this thread, reported as a fault. */
function failWith(runId: string, error: unknown): void {
  const e = asHarnessError(error);
  fail(runId, { code: e.code, message: e.message, where: e.where, hint: e.hint });
}

function fail(runId: string, fault: EngineFault): void {
  // The supervisor reads the fault from the message (child-end.ts); the exit code only has to be non-zero.
  const exitCode = new HarnessError(isHarnessErrorCode(fault.code) ? fault.code : 'internal', fault.message).exitCode;
  send({ type: 'fault', runId, fault }, () => process.exit(exitCode));
}

async function main(): Promise<void> {
  dieWithParent();
  // Ctrl-C reaches the whole process group: the supervisor decides how its children stop (and a
  // child that died of the user's SIGINT must not look like a finding).
  process.on('SIGINT', () => undefined);
  const jobFile = process.argv[2];
  if (jobFile === undefined) throw new Error('usage: engine-main.js <job.json> (started by the ffi-fuzz supervisor)');
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as EngineJob;
  if (job.work.kind === 'fork-server') {
    const { serveForks } = await import('./fork-server.js');
    return serveForks(job, job.work, send).catch((error: unknown) => failWith(job.runId, error));
  }
  const barrier = new SharedArrayBuffer(SHARED_BYTES);
  const next: number[] = new Array(job.threads).fill(0);
  let finished = 0;
  const onMessage = (worker: number, message: EngineMessage): void => {
    if (message.type === 'fault') {
      fail(job.runId, message.fault);
      return;
    }
    if (message.type === 'done') {
      next[worker] = message.next;
      if (++finished === job.threads) send({ type: 'finished', runId: job.runId, next }, () => process.exit(0));
      return;
    }
    send(message);
  };
  const concurrent = job.work.kind === 'replay' && job.work.concurrent;
  if (job.threads === 1 && !concurrent) {
    const { runWorker } = await import('./worker-loop.js');
    try {
      await runWorker(
        { job, worker: 0, barrier },
        (m) => onMessage(0, m),
        job.work.kind === 'serve' || job.work.kind === 'standby' ? requestInbox((deliver) => process.on('message', deliver)) : undefined,
      );
    } catch (error) {
      failWith(job.runId, error);
    }
    return;
  }
  // Stress mode runs up to 64 isolates at once: small heaps keep the child's memory bounded.
  const stress =
    (job.work.kind === 'generate' && job.work.stress !== undefined) || (job.work.kind === 'standby' && job.work.stress === true);
  const threads: Worker[] = [];
  // A waiting (standby) child: every thread gets the supervisor's requests (the work, or stop).
  if (job.work.kind === 'standby')
    process.on('message', (request: ServeRequest) => {
      for (const thread of threads) thread.postMessage(request);
    });
  for (let worker = 0; worker < job.threads; worker++) {
    const data: WorkerData = { job, worker, barrier };
    const thread = new Worker(new URL('./worker-main.js', import.meta.url), {
      workerData: data,
      ...(stress ? { resourceLimits: STRESS_WORKER_LIMITS } : {}),
    });
    threads.push(thread);
    // A worker's own report: forward it; a fault ends the child with the fault's exit code.
    thread.on('message', (message: EngineMessage) => onMessage(worker, message));
    // An exception escaped the worker: a harness bug, never a target fault (those kill the process).
    thread.on('error', (error) => fail(job.runId, { code: 'internal', message: `worker ${worker}: ${error.stack ?? error.message}` }));
    // A message that could not be deserialised: also ours.
    thread.on('messageerror', (error) =>
      fail(job.runId, { code: 'internal', message: `worker ${worker} sent an unreadable message: ${error.message}` }),
    );
    // Exit before 'done' without an error event means the worker was torn down under us.
    thread.on('exit', (code) => {
      if (next[worker] === 0 && finished < job.threads && code !== 0)
        fail(job.runId, { code: 'internal', message: `worker ${worker} exited with code ${code}` });
    });
    // 'online' needs no action: readiness is reported after the library loads.
    thread.on('online', () => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`ffi-fuzz engine: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
