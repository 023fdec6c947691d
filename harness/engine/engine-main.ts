import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { asHarnessError, HarnessError, isHarnessErrorCode } from '../model/harness-error.js';
import type { EngineFault, EngineJob, EngineMessage, ServeRequest, WorkerData } from './protocol.js';
import type { Inbox } from './worker-loop.js';
import { dieWithParent } from './die-with-parent.js';
import { SHARED_BYTES, STRESS_WORKER_LIMITS } from './stress/stress-sync.js';

// Entry point of the engine child process (started by the supervisor, never by hand): runs one
// job on `threads` worker threads — or on this thread when there is one, which saves a worker
// start on every restart — and forwards their messages to the supervisor over IPC.

type Outgoing = EngineMessage | { type: 'finished'; runId: string; next: number[] };

const send = (message: Outgoing, then?: () => void): void => {
  if (process.send !== undefined) process.send(message, undefined, {}, () => then?.());
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    then?.();
  }
};

function fail(runId: string, fault: EngineFault): void {
  // The supervisor reads the fault from the message (child-end.ts); the exit code only has to be non-zero.
  const exitCode = new HarnessError(isHarnessErrorCode(fault.code) ? fault.code : 'internal', fault.message).exitCode;
  send({ type: 'fault', runId, fault }, () => process.exit(exitCode));
}

/** Serve requests arrive over IPC from the supervisor. */
function ipcInbox(): Inbox {
  const queue: ServeRequest[] = [];
  let wake: (() => void) | undefined;
  process.on('message', (m: ServeRequest) => {
    queue.push(m);
    wake?.();
  });
  const take = async (): Promise<ServeRequest> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    return queue.shift()!;
  };
  return {
    async next() {
      const m = await take();
      return m.type === 'run' ? { id: m.id, inputs: m.inputs } : null;
    },
    async nextWork() {
      const m = await take();
      return m.type === 'work' ? m.work : null;
    },
  };
}

async function main(): Promise<void> {
  dieWithParent();
  // Ctrl-C reaches the whole process group: the supervisor decides how its children stop (and a
  // child that died of the user's SIGINT must not look like a finding).
  process.on('SIGINT', () => undefined);
  const jobFile = process.argv[2];
  if (jobFile === undefined) throw new Error('usage: engine-main.js <job.json> (started by the ffi-fuzz supervisor)');
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as EngineJob;
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
        job.work.kind === 'serve' || job.work.kind === 'standby' ? ipcInbox() : undefined,
      );
    } catch (error) {
      const e = asHarnessError(error);
      fail(job.runId, { code: e.code, message: e.message, where: e.where, hint: e.hint });
    }
    return;
  }
  for (let worker = 0; worker < job.threads; worker++) {
    const data: WorkerData = { job, worker, barrier };
    // Stress mode runs up to 64 isolates at once: small heaps keep the child's memory bounded.
    const limits = job.work.kind === 'generate' && job.work.stress !== undefined ? { resourceLimits: STRESS_WORKER_LIMITS } : {};
    const thread = new Worker(new URL('./worker-main.js', import.meta.url), { workerData: data, ...limits });
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
