import { inputToJson, type CallInput } from '../../model/call-input.js';
import type { EngineMessage } from '../protocol.js';
import { CoverageMap } from './coverage-map.js';
import type { SancovRuntime } from './sancov-runtime.js';

/**
 * The property lane of an auto campaign (GenerateWork.feedsCorpus) as a corpus source: after each
 * generated call it reads the instrumented library's counters, and an input that reached a new
 * (edge, bucket) feature is posted as a corpus entry, which the supervisor stores in the queue the
 * coverage jobs mutate. The counters are per process, so only a one-thread child feeds.
 */
export class CorpusFeed {
  private readonly map: CoverageMap;

  constructor(
    sancov: SancovRuntime,
    private readonly runId: string,
    private readonly worker: number,
    private readonly post: (message: EngineMessage) => void,
  ) {
    this.map = new CoverageMap(sancov.counterRegions());
    this.map.clear();
  }

  /** After `input` (stream index `index`) ran: posts it when it reached new coverage. */
  offer(input: CallInput, index: number): void {
    if (this.map.collect() === 0) return;
    const source = `property thread ${this.worker}: input ${index}`;
    this.post({ type: 'corpus-entry', runId: this.runId, worker: this.worker, input: inputToJson(input), source, learned: [] });
  }
}
