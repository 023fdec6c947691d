import type { ServeRequest } from '../../engine/protocol.js';
import type { ChildListener, ChildRun } from './child-runner.js';

/** Sends one request to a serving child. */
export type SendRequest = (request: ServeRequest) => void;

/**
 * A child life that takes requests over IPC once it has loaded the target: serve work (the
 * minimizer's inputs, one request at a time) or a warm spare waiting for its work. Requests go
 * out only after the child said 'ready' (target loaded, inbox listening).
 */
export class ServingChild {
  /** The request sender once the child said it is ready; undefined when the life ended first. */
  readonly ready: Promise<SendRequest | undefined>;
  readonly done: Promise<ChildRun>;

  /**
   * @param start - starts the life (a runner's `run` of serve or standby work) with the listener given.
   * @param listener - where the life's messages go; a spare is given its listener with its work.
   * @param threads - the child's threads: it is ready once each of them said so.
   */
  constructor(
    start: (listener: ChildListener) => Promise<ChildRun>,
    public listener: ChildListener,
    threads = 1,
  ) {
    let send: SendRequest | undefined;
    let loading = threads;
    let resolveLoaded!: (send: SendRequest) => void;
    const loaded = new Promise<SendRequest>((resolve) => (resolveLoaded = resolve));
    this.done = start({
      message: (m) => {
        if (m.type !== 'ready' || send === undefined) this.listener.message(m);
        else if (--loading === 0) resolveLoaded(send);
      },
      tick: (calls) => this.listener.tick?.(calls),
      started: (s) => (send = s),
    });
    this.ready = Promise.race([loaded, this.done.then(() => undefined)]);
  }

  /** Tells the child to stop (if it is still there) and waits for the end of its life. */
  async stop(): Promise<ChildRun> {
    (await this.ready)?.({ type: 'stop' });
    return this.done;
  }
}
