import { Bench } from 'tinybench';

/**
 * Calls per tinybench iteration. One native call takes tens of nanoseconds, about what reading
 * the clock costs, so each iteration makes this many calls and the timer overhead vanishes.
 */
export const BATCH = 1000;

/** How fast one task ran: calls per second and nanoseconds per call. */
export interface Rate {
  readonly perSecond: number;
  readonly nsPerCall: number;
  /** Iterations tinybench timed (each {@link BATCH} calls). */
  readonly samples: number;
  /** Relative margin of error of the mean, in percent. */
  readonly rme: number;
}

/**
 * Runs tasks that each make {@link BATCH} calls per invocation, one after another in one tinybench
 * run (so they share the machine's state), and returns each task's rate.
 */
export async function measureRates<K extends string>(tasks: Readonly<Record<K, () => void>>, timeMs: number): Promise<Record<K, Rate>> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.max(20, timeMs / 4), iterations: 5, throws: true });
  for (const [name, fn] of Object.entries(tasks) as [K, () => void][]) bench.add(name, fn);
  await bench.run();
  const rates = {} as Record<K, Rate>;
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`benchmark task '${task.name}' ended ${result.state}`);
    const nsPerCall = (result.period * 1e6) / BATCH;
    rates[task.name as K] = { perSecond: 1e9 / nsPerCall, nsPerCall, samples: task.runs, rme: result.latency.rme };
  }
  return rates;
}
