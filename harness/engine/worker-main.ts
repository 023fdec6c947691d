import { parentPort, workerData } from 'node:worker_threads';
import { asHarnessError } from '../model/harness-error.js';
import type { EngineMessage, WorkerData } from './protocol.js';
import { requestInbox } from './request-inbox.js';
import { runWorker } from './worker-loop.js';

// Entry of an engine worker thread: runs worker-loop.ts and reports a fault as data.

const data = workerData as WorkerData;
const post = (message: EngineMessage) => parentPort!.postMessage(message);

// A waiting (standby) child's threads get their work relayed by the main thread (engine-main.ts).
const inbox = data.job.work.kind === 'standby' ? requestInbox((deliver) => parentPort!.on('message', deliver)) : undefined;

runWorker(data, post, inbox).catch((error: unknown) => {
  const e = asHarnessError(error);
  post({ type: 'fault', runId: data.job.runId, fault: { code: e.code, message: e.message, where: e.where, hint: e.hint } });
});
