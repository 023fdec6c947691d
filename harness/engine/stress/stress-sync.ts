import os from 'node:os';

/**
 * How the engine's threads meet in stress mode, over one SharedArrayBuffer (WorkerData.barrier):
 * a barrier that releases every thread at once, a vote that ends the run together (no thread may
 * leave while others wait at a barrier), and turns that let each thread run alone in order.
 *
 * Word layout (Int32):
 *   0, 1      [arrived, generation] of worker-loop's replay barrier (not used here)
 *   2, 3      [arrived, generation] of the stress barrier
 *   4         stop: set by worker 0 when the deadline has passed
 *   5, 6      votes of the current burst, by burst parity: threads that still have inputs
 *   16 + w    the latest burst in which worker w may take its turn
 */

/** Most threads the shared words have room for. */
export const MAX_SYNC_WORKERS = 496;
/** Size of the engine's shared buffer. */
export const SHARED_BYTES = (16 + MAX_SYNC_WORKERS) * 4;

const ARRIVED = 2;
const GENERATION = 3;
const STOP = 4;
const VOTES = 5;
const TURN = 16;

/**
 * V8 heap limits of a stress worker. A worker's live heap is a few MiB (modules, spec, one burst);
 * V8's default young generation alone would let 32 isolates take over 700 MiB between collections.
 */
export const STRESS_WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 } as const;

/** Spins before sleeping on the barrier: only when every thread has a core to spin on. */
const SPINS = 20_000;

export class StressSync {
  private readonly words: Int32Array;
  private readonly spins: number;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly parties: number,
    private readonly worker: number,
  ) {
    if (parties > MAX_SYNC_WORKERS) throw new Error(`stress mode runs at most ${MAX_SYNC_WORKERS} threads, not ${parties}`);
    this.words = new Int32Array(buffer);
    this.spins = parties <= os.availableParallelism() ? SPINS : 0;
  }

  /**
   * Holds the thread until all have arrived, then releases them together (spinning briefly
   * first when there are cores enough, so they start within microseconds of each other).
   */
  barrier(): void {
    const w = this.words;
    const generation = Atomics.load(w, GENERATION);
    if (Atomics.add(w, ARRIVED, 1) + 1 === this.parties) {
      Atomics.store(w, ARRIVED, 0);
      Atomics.add(w, GENERATION, 1);
      Atomics.notify(w, GENERATION);
      return;
    }
    for (let i = 0; i < this.spins; i++) if (Atomics.load(w, GENERATION) !== generation) return;
    while (Atomics.load(w, GENERATION) === generation) Atomics.wait(w, GENERATION, generation, 1000);
  }

  /** Asks every thread to stop at the next vote (worker 0 calls it when the deadline passes). */
  requestStop(): void {
    Atomics.store(this.words, STOP, 1);
  }

  /**
   * Starts burst `burst` (1, 2, …): every thread says whether it has inputs left, then all
   * decide alike. False ends the run: a stop was requested, or no thread has inputs.
   */
  vote(burst: number, hasInputs: boolean): boolean {
    const w = this.words;
    if (hasInputs) Atomics.add(w, VOTES + (burst & 1), 1);
    this.barrier();
    const voters = Atomics.load(w, VOTES + (burst & 1));
    const stop = Atomics.load(w, STOP) === 1;
    // The other parity is next written after the next barrier, which waits for this thread.
    if (this.worker === 0) Atomics.store(w, VOTES + ((burst + 1) & 1), 0);
    return !stop && voters > 0;
  }

  /** Waits until the threads before this one have taken their turn in burst `burst`. */
  awaitTurn(burst: number): void {
    if (this.worker === 0) return;
    const w = this.words;
    const at = TURN + this.worker;
    for (let granted = Atomics.load(w, at); granted < burst; granted = Atomics.load(w, at)) Atomics.wait(w, at, granted, 1000);
  }

  /** Ends this thread's turn in burst `burst`: the next thread may run. */
  passTurn(burst: number): void {
    const next = this.worker + 1;
    if (next >= this.parties) return;
    Atomics.store(this.words, TURN + next, burst);
    Atomics.notify(this.words, TURN + next);
  }
}
