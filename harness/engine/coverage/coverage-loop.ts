import type { ResolvedFunction, ResolvedTarget } from '../../ffi/resolve-target.js';
import { callArbitrary } from '../../generate/arbitraries.js';
import { InputStream } from '../../generate/input-stream.js';
import { Dictionary } from '../../generate/mutate/dictionary.js';
import { cloneInput, InputMutator } from '../../generate/mutate/input-mutator.js';
import type { MutationContext } from '../../generate/mutate/mutator.js';
import { LengthControl } from '../../generate/mutate/length-control.js';
import { Rng } from '../../generate/mutate/rng.js';
import { Scheduler, type CorpusItem } from '../../generate/mutate/scheduler.js';
import type { CorpusProblem } from '../../store/corpus-store.js';
import { contentHash, readCorpusEntry } from '../../store/queue-store.js';
import { queueEntryFile } from '../../store/paths.js';
import { inputFromJson, inputToJson, type CallInput } from '../../model/call-input.js';
import type { Outcome } from '../../model/outcome.js';
import type { EngineJob, EngineMessage } from '../protocol.js';
import type { CoverageStats, CoverageWork } from './coverage-protocol.js';
import { CoverageMap } from './coverage-map.js';
import { queueNames, readCorpus } from './corpus-reader.js';
import type { SancovRuntime } from './sancov-runtime.js';
import { RoundMarker } from './round-marker.js';

/** What the coverage loop needs from the worker that loaded the target. */
export interface CoverageEnv {
  readonly job: EngineJob;
  readonly worker: number;
  readonly target: ResolvedTarget;
  readonly fns: readonly ResolvedFunction[];
  /** Undefined when the job has no shim: the loop then runs blind (mutation without feedback). */
  readonly sancov: SancovRuntime | undefined;
  /** Runs one call (flight recorder, oracles) and says how it ended. */
  readonly run: (input: CallInput, index: number) => Outcome;
  readonly post: (message: EngineMessage) => void;
}

/** Mutants of one parent per pick. */
const ROUND = 32;
/** Calls generated per function when the corpus has none. */
const INITIAL_INPUTS = 16;
/** Oracle findings of one kind on one function reported per child, then only counted. */
const REPORTS_PER_KEY = 3;
const STATS_MS = 1000;
/**
 * How often the loop lets the event loop run. IPC messages the supervisor has not read yet wait
 * in this process until it does: a loop that never yields would hold its corpus entries until it
 * exits, and lose them if the target kills it.
 */
const YIELD_MS = 20;

/**
 * Coverage-guided fuzzing in one engine child: replays the corpus (seeds, then the queue) to
 * rebuild the coverage reached so far, then picks entries by energy, mutates them, runs each
 * mutant, and keeps those that reach new (edge, bucket) features, posting them to the supervisor,
 * which stores them under queue/. Every so often it picks up entries other jobs stored. The
 * random source is seeded by (seed, job, restart), so one job with one seed repeats itself.
 */
export async function runCoverage(env: CoverageEnv, work: CoverageWork): Promise<number> {
  const { job, worker, sancov, post } = env;
  const rng = new Rng(job.seed, work.job, work.restart);
  const map = new CoverageMap(sancov?.counterRegions() ?? []);
  map.clear();
  const dictionary = new Dictionary([
    ...work.dictionary.map((h) => new Uint8Array(Buffer.from(h, 'hex'))),
    ...env.target.dictionary.map((t) => new TextEncoder().encode(t)),
  ]);
  const mutators = new Map(env.fns.map((fn) => [fn.name, new InputMutator(fn, job.seed)]));
  const scheduler = new Scheduler(new Set(work.penalize));
  const lengths = new LengthControl(Math.max(1, ...env.fns.flatMap((f) => f.params.map((p) => (p.role === 'buffer' ? p.maxLength : 0)))));
  const marker = new RoundMarker(work.markerPath);
  const known = new Set<string>(work.skip);
  const reported = new Map<string, number>();
  const budget = work.runs ?? Number.POSITIVE_INFINITY;
  let index = work.firstExec;
  let execs = 0;
  let previous: CallInput | undefined;
  let stoppedByClock = false;

  // The last-error oracles judge a call against the one before: keep a lasting copy of it (mutants are transient).
  const tracksPrevious = env.fns.some((f) => f.lastError !== undefined);
  const exec = (input: CallInput): number => {
    const outcome = env.run(input, index);
    if (outcome.kind !== 'ok') report(input, outcome);
    if (tracksPrevious) previous = cloneInput(input);
    index++;
    execs++;
    return map.collect();
  };
  const report = (input: CallInput, outcome: Exclude<Outcome, { kind: 'ok' }>): void => {
    const key = `${input.fn}:${outcome.kind === 'wrong-result' ? outcome.oracle : outcome.kind}`;
    const count = (reported.get(key) ?? 0) + 1;
    reported.set(key, count);
    const preceding =
      outcome.kind === 'wrong-result' && outcome.oracle.startsWith('last-error') && previous !== undefined ? [inputToJson(previous)] : [];
    if (count <= REPORTS_PER_KEY)
      post({ type: 'finding', runId: job.runId, finding: { worker, streamIndex: index, input: inputToJson(input), preceding, outcome } });
  };
  const keep = (input: CallInput, gain: number, source: string | null, learned: readonly string[] = []): CorpusItem => {
    const json = inputToJson(input);
    const hash = contentHash(json);
    known.add(hash);
    if (source !== null) post({ type: 'corpus-entry', runId: job.runId, worker, input: json, source, learned });
    return scheduler.add(input, hash, gain);
  };
  let initialEdges = 0;
  let initialFeatures = 0;
  const stats = (): CoverageStats => ({
    counters: map.size,
    edges: map.edges,
    features: map.features,
    initialEdges,
    initialFeatures,
    corpus: scheduler.size,
    execs,
    learnedTokens: dictionary.auto.length,
    blind: map.size === 0,
  });
  const outOfTime = (): boolean => {
    if (work.deadline !== null && Date.now() >= work.deadline) stoppedByClock = true;
    return stoppedByClock;
  };

  // 1. The corpus on disk, then generated calls for functions it has nothing for. Unreadable
  //    entries are skipped here (`corpus check` names them).
  const problems: CorpusProblem[] = [];
  const template = (fn: ResolvedFunction): CallInput => new InputStream(callArbitrary(fn), job.seed, work.job).at(0);
  for (const stored of readCorpus(work.corpusRoot, work.targetName, env.fns, template, problems)) {
    if (execs >= budget || ((execs & 63) === 0 && outOfTime())) break;
    if (known.has(stored.hash)) continue;
    known.add(stored.hash);
    const gain = exec(stored.input);
    if (gain > 0 || !scheduler.has(stored.input.fn)) scheduler.add(stored.input, stored.hash, gain);
  }
  for (const fn of env.fns) {
    if (scheduler.has(fn.name)) continue;
    const stream = new InputStream(callArbitrary(fn), job.seed, work.job);
    for (let i = 0; i < INITIAL_INPUTS && execs < budget; i++) {
      const input = stream.at(i);
      const gain = exec(input);
      if (gain > 0 || !scheduler.has(fn.name)) keep(input, gain, `coverage job ${work.job}: generated`);
    }
  }
  initialEdges = map.edges;
  initialFeatures = map.features;
  post({ type: 'coverage-stats', runId: job.runId, worker, stats: stats() });

  // 2. Rounds of mutants of an entry picked by energy.
  let lastStats = Date.now();
  let lastSync = Date.now();
  let lastYield = Date.now();
  const ctx: MutationContext = {
    rng,
    dictionary,
    compares: [],
    param: 0,
    other: (param) => scheduler.otherBytes(rng, current?.input.fn ?? '', param),
    used: [],
    maxLength: lengths.cap,
  };
  let current: CorpusItem | undefined;
  while (execs < budget && scheduler.size > 0 && !stoppedByClock) {
    const parent = scheduler.pick(rng);
    current = parent;
    marker.mark(parent.raw);
    if (parent.compares === undefined) {
      sancov?.recordCompares();
      exec(parent.input);
      parent.compares = sancov?.compares() ?? [];
    }
    ctx.compares = parent.compares;
    ctx.maxLength = lengths.cap;
    const mutator = mutators.get(parent.input.fn)!;
    for (let r = 0; r < ROUND && execs < budget; r++) {
      ctx.used.length = 0;
      const mutant = mutator.mutate(parent.input, ctx);
      const gain = exec(mutant);
      lengths.record(gain);
      if (gain > 0) {
        parent.finds++;
        const learned = ctx.used.filter((t) => t.length >= 2 && dictionary.learn(t)).map((t) => Buffer.from(t).toString('hex'));
        keep(cloneInput(mutant), gain, `coverage job ${work.job}: ${mutator.chain.join(',')} of ${parent.hash.slice(0, 12)}`, learned);
      }
    }
    parent.picks++;
    const now = Date.now();
    if (outOfTime()) break;
    if (now - lastSync >= work.syncMs) {
      lastSync = now;
      syncQueue(
        env,
        work,
        known,
        budget,
        () => execs,
        (input, hash) => {
          const gain = exec(input);
          if (gain > 0) scheduler.add(input, hash, gain);
        },
      );
    }
    if (now - lastStats >= STATS_MS) {
      lastStats = now;
      post({ type: 'coverage-stats', runId: job.runId, worker, stats: stats() });
    }
    if (now - lastYield >= YIELD_MS) {
      lastYield = now;
      await yieldToEventLoop();
    }
  }
  post({ type: 'coverage-stats', runId: job.runId, worker, stats: stats() });
  return index;
}

/** One turn of the event loop (pending IPC writes are flushed). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs queue entries other jobs (or other campaigns) stored since the last look. */
function syncQueue(
  env: CoverageEnv,
  work: CoverageWork,
  known: Set<string>,
  budget: number,
  execs: () => number,
  run: (input: CallInput, hash: string) => void,
): void {
  for (const fn of env.fns) {
    for (const hash of queueNames(work.corpusRoot, work.targetName, fn.name).sort()) {
      if (known.has(hash) || execs() >= budget) continue;
      known.add(hash);
      try {
        const file = queueEntryFile(work.corpusRoot, work.targetName, fn.name, hash);
        run(inputFromJson(readCorpusEntry(file).input, file), hash);
      } catch {
        // Half-written by another process, or not ours: the next sync or the next start reads it.
        known.delete(hash);
      }
    }
  }
}
