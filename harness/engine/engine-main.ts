import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { HarnessError } from '../errors.js';
import type { EngineFault, EngineJob, EngineMessage, WorkerData } from './protocol.js';

// Entry point of the engine child process (started by the supervisor, never by hand): runs one
// job on `threads` worker threads and forwards their messages to the supervisor over IPC.

const send = (message: EngineMessage | { type: 'finished'; runId: string; next: number[] }, then?: () => void): void => {
  if (process.send !== undefined) process.send(message, undefined, {}, () => then?.());
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    then?.();
  }
};

function fail(runId: string, fault: EngineFault): void {
  const exitCode = new HarnessError(fault.code as HarnessError['code'], fault.message).exitCode;
  send({ type: 'fault', runId, fault }, () => process.exit(exitCode));
}

function main(): void {
  const jobFile = process.argv[2];
  if (jobFile === undefined) throw new Error('usage: engine-main.js <job.json> (started by the ffi-fuzz supervisor)');
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as EngineJob;
  const barrier = new SharedArrayBuffer(8);
  const next: number[] = new Array(job.threads).fill(0);
  let finished = 0;
  for (let worker = 0; worker < job.threads; worker++) {
    const data: WorkerData = { job, worker, barrier };
    const thread = new Worker(new URL('./worker-main.js', import.meta.url), { workerData: data });
    // A worker's own report: forward it; a fault ends the child with the fault's exit code.
    thread.on('message', (message: EngineMessage) => {
      if (message.type === 'fault') return fail(job.runId, message.fault);
      if (message.type === 'done') {
        next[worker] = message.next;
        if (++finished === job.threads) send({ type: 'finished', runId: job.runId, next }, () => process.exit(0));
        return;
      }
      send(message);
    });
    // An exception escaped the worker: a harness bug, never a target fault (those kill the process).
    thread.on('error', (error) => fail(job.runId, { code: 'internal', message: `worker ${worker}: ${error.stack ?? error.message}` }));
    // A message that could not be deserialised: also ours.
    thread.on('messageerror', (error) => fail(job.runId, { code: 'internal', message: `worker ${worker} sent an unreadable message: ${error.message}` }));
    // Exit before 'done' without an error event means the worker was torn down under us.
    thread.on('exit', (code) => {
      if (next[worker] === 0 && finished < job.threads && code !== 0) fail(job.runId, { code: 'internal', message: `worker ${worker} exited with code ${code}` });
    });
    // 'online' needs no action: readiness is reported after the library loads.
    thread.on('online', () => undefined);
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`ffi-fuzz engine: ${(error as Error).message}\n`);
  process.exit(3);
}
