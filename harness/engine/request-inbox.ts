import type { ServeRequest } from './protocol.js';
import type { Inbox } from './worker-loop.js';

/**
 * The requests the supervisor sends, one at a time, as an Inbox: over IPC on the child's main
 * thread, relayed through the parent port to each worker thread of a waiting (standby) child.
 * `subscribe` hands every request over as it arrives.
 */
export function requestInbox(subscribe: (deliver: (request: ServeRequest) => void) => void): Inbox {
  const queue: ServeRequest[] = [];
  let wake: (() => void) | undefined;
  subscribe((request) => {
    queue.push(request);
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
