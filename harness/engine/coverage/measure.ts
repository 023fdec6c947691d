import { inputFromJson } from '../../model/call-input.js';
import { yieldToEventLoop, type CoverageEnv } from './coverage-loop.js';
import type { MeasureWork } from './coverage-protocol.js';
import { CoverageMap } from './coverage-map.js';

/**
 * Runs each input once on zeroed counters and posts its features (edge * 8 + bucket), in order:
 * what a coverage-minimal merge needs to choose a subset with the same coverage as the union.
 * Returns the number of inputs run.
 */
export async function runMeasure(env: CoverageEnv, work: MeasureWork): Promise<number> {
  const map = new CoverageMap(env.sancov?.counterRegions() ?? []);
  map.clear();
  for (const [index, json] of work.inputs.entries()) {
    env.run(inputFromJson(json, `measure input ${index}`), index);
    env.post({ type: 'measured', runId: env.job.runId, index, features: map.snapshot([]) });
    // Lets the replies flow while measuring (a full IPC pipe would hold them until the end).
    if ((index & 63) === 63) await yieldToEventLoop();
  }
  return work.inputs.length;
}
