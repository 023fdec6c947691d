import type { ResolvedFunction, ResolvedTarget } from '../../ffi/resolve-target.js';
import { callStream } from '../../generate/call-stream.js';
import { Dictionary } from '../../generate/mutate/dictionary.js';
import { cloneInput, InputMutator } from '../../generate/mutate/input-mutator.js';
import type { MutationContext } from '../../generate/mutate/mutator.js';
import { LengthControl } from '../../generate/mutate/length-control.js';
import { Rng } from '../../generate/mutate/rng.js';
import { Scheduler, type CorpusItem } from '../../generate/mutate/scheduler.js';
import type { CorpusProblem } from '../../store/corpus-store.js';
import { contentHash } from '../../store/queue-store.js';
import { inputToJson, type CallInput } from '../../model/call-input.js';
import { isFailure, type Outcome } from '../../model/outcome.js';
import type { FindingReporter } from '../finding-reporter.js';
import { precedingOf } from '../finding-reporter.js';
import type { EngineJob, EngineMessage } from '../protocol.js';
import type { CoverageStats, CoverageWork } from './coverage-protocol.js';
import { CoverageMap } from './coverage-map.js';
import { readCorpus, syncQueue } from './corpus-reader.js';
import type { SancovRuntime } from './sancov-runtime.js';
import { RoundMarker } from './round-marker.js';

/** What the coverage loop needs from the engine thread that loaded the target. */
export interface CoverageEnv {
  readonly job: EngineJob;
  readonly worker: number;
  readonly target: ResolvedTarget;
  readonly fns: readonly ResolvedFunction[];
  /** Undefined when the job has no shim: the loop then runs blind (mutation without feedback). */
  readonly sancov: SancovRuntime | undefined;
  /** Runs one call (the engine's recorded call: flight recorder, oracles) and says how it ended. */
  readonly run: (input: CallInput, index: number) => Outcome;
  readonly post: (message: EngineMessage) => void;
  readonly reporter: FindingReporter;
}

/** Mutants of one parent per pick. */
const ROUND = 32;
/** Calls generated per function when the corpus has none. */
const INITIAL_INPUTS = 16;
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
 * Returns the next execution number.
 */
export async function runCoverage(env: CoverageEnv, work: CoverageWork): Promise<number> {
  const loop = new CoverageLoop(env, work);
  const steps = loop.run();
  while (steps.next().done !== true) await yieldToEventLoop();
  return loop.index;
}

/**
 * The same loop, run to its end without ever entering the event loop: a fork-server runner shares
 * the server's event loop and must not (engine/runner-life.ts); its messages go out synchronously.
 */
export function runCoverageSync(env: CoverageEnv, work: CoverageWork): number {
  const loop = new CoverageLoop(env, work);
  const steps = loop.run();
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return loop.index;
}

/** One yield of the event loop (pending IPC writes are flushed). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class CoverageLoop {
  index: number;
  private readonly rng: Rng;
  private readonly map: CoverageMap;
  private readonly dictionary: Dictionary;
  private readonly mutators: Map<string, InputMutator>;
  private readonly scheduler: Scheduler;
  private readonly marker: RoundMarker;
  private readonly known: Set<string>;
  private readonly budget: number;
  /** The last-error oracles judge a call against the one before: a lasting copy of it (mutants are transient). */
  private readonly tracksPrevious: boolean;
  private previous: CallInput | undefined;
  private readonly lengths: LengthControl;
  private execs = 0;
  private stoppedByClock = false;
  private initial = { edges: 0, features: 0 };

  constructor(
    private readonly env: CoverageEnv,
    private readonly work: CoverageWork,
  ) {
    this.index = work.firstExec;
    this.rng = new Rng(env.job.seed, work.job, work.restart);
    this.map = new CoverageMap(env.sancov?.counterRegions() ?? []);
    this.map.clear();
    this.dictionary = new Dictionary([
      ...work.dictionary.map((h) => new Uint8Array(Buffer.from(h, 'hex'))),
      ...env.target.dictionary.map((t) => new TextEncoder().encode(t)),
    ]);
    this.mutators = new Map(env.fns.map((fn) => [fn.name, new InputMutator(fn, env.job.seed)]));
    this.scheduler = new Scheduler(new Set(work.penalize));
    this.lengths = new LengthControl(Math.max(1, ...env.fns.flatMap((f) => f.params.map((p) => (p.role === 'buffer' ? p.maxLength : 0)))));
    this.marker = new RoundMarker(work.markerPath);
    this.known = new Set<string>(work.skip);
    this.budget = work.runs ?? Number.POSITIVE_INFINITY;
    this.tracksPrevious = env.fns.some((f) => f.lastError !== undefined);
  }

  /** The whole loop; it yields where its driver may let the event loop run. */
  *run(): Generator<void, void, void> {
    this.loadCorpus();
    this.postStats();
    yield* this.mutate();
    this.postStats();
  }

  /**
   * 1. The corpus on disk, then generated calls for functions it has nothing for. Unreadable
   *    entries are skipped here (`corpus check` names them).
   */
  loadCorpus(): void {
    const { env, work, scheduler } = this;
    const problems: CorpusProblem[] = [];
    const template = (fn: ResolvedFunction): CallInput => callStream([fn], env.job.seed, work.job).at(0);
    for (const stored of readCorpus(work.corpusRoot, work.targetName, env.fns, template, problems)) {
      if (this.execs >= this.budget || ((this.execs & 63) === 0 && this.outOfTime())) break;
      if (this.known.has(stored.hash)) continue;
      this.known.add(stored.hash);
      const gain = this.exec(stored.input);
      if (gain > 0 || !scheduler.has(stored.input.fn)) scheduler.add(stored.input, stored.hash, gain);
    }
    for (const fn of env.fns) {
      if (scheduler.has(fn.name)) continue;
      const stream = callStream([fn], env.job.seed, work.job);
      for (let i = 0; i < INITIAL_INPUTS && this.execs < this.budget; i++) {
        const input = stream.at(i);
        const gain = this.exec(input);
        if (gain > 0 || !scheduler.has(fn.name)) this.keep(input, gain, `coverage job ${work.job}: generated`);
      }
    }
    this.initial = { edges: this.map.edges, features: this.map.features };
  }

  /** 2. Rounds of mutants of an entry picked by energy, with queue syncs, stats and yields between rounds. */
  *mutate(): Generator<void, void, void> {
    const { scheduler, work } = this;
    let current: CorpusItem | undefined;
    const ctx: MutationContext = {
      rng: this.rng,
      dictionary: this.dictionary,
      compares: [],
      param: 0,
      other: (param) => scheduler.otherBytes(this.rng, current?.input.fn ?? '', param),
      used: [],
      maxLength: this.lengths.cap,
    };
    let lastStats = Date.now();
    let lastSync = Date.now();
    let lastYield = Date.now();
    while (this.execs < this.budget && scheduler.size > 0 && !this.stoppedByClock) {
      current = scheduler.pick(this.rng);
      this.round(current, ctx);
      const now = Date.now();
      if (this.outOfTime()) break;
      if (now - lastSync >= work.syncMs) {
        lastSync = now;
        syncQueue(
          this.env.fns,
          work,
          this.known,
          () => this.execs >= this.budget,
          (input, hash) => {
            const gain = this.exec(input);
            if (gain > 0) scheduler.add(input, hash, gain);
          },
        );
      }
      if (now - lastStats >= STATS_MS) {
        lastStats = now;
        this.postStats();
      }
      if (now - lastYield >= YIELD_MS) {
        lastYield = now;
        yield;
      }
    }
  }

  /** Tells the supervisor the coverage reached so far (once loaded, about once a second, at the end). */
  postStats(): void {
    const { map, scheduler } = this;
    const stats: CoverageStats = {
      counters: map.size,
      edges: map.edges,
      features: map.features,
      initialEdges: this.initial.edges,
      initialFeatures: this.initial.features,
      corpus: scheduler.size,
      execs: this.execs,
      learnedTokens: this.dictionary.auto.length,
      blind: map.size === 0,
    };
    this.env.post({ type: 'coverage-stats', runId: this.env.job.runId, worker: this.env.worker, stats });
  }

  /** One round: ROUND mutants of `parent`; those reaching new features join the corpus. */
  private round(parent: CorpusItem, ctx: MutationContext): void {
    this.marker.mark(parent.raw);
    if (parent.compares === undefined) {
      this.env.sancov?.recordCompares();
      this.exec(parent.input);
      parent.compares = this.env.sancov?.compares() ?? [];
    }
    ctx.compares = parent.compares;
    ctx.maxLength = this.lengths.cap;
    const mutator = this.mutators.get(parent.input.fn)!;
    for (let r = 0; r < ROUND && this.execs < this.budget; r++) {
      if (ctx.used.length > 0) ctx.used.length = 0;
      const mutant = mutator.mutate(parent.input, ctx);
      const gain = this.exec(mutant);
      this.lengths.record(gain);
      if (gain > 0) {
        parent.finds++;
        const learned = ctx.used.filter((t) => t.length >= 2 && this.dictionary.learn(t)).map((t) => Buffer.from(t).toString('hex'));
        this.keep(
          cloneInput(mutant),
          gain,
          `coverage job ${this.work.job}: ${mutator.chain.join(',')} of ${parent.hash.slice(0, 12)}`,
          learned,
        );
      }
    }
    parent.picks++;
  }

  /** Runs one input; returns the new coverage it reached. */
  private exec(input: CallInput): number {
    const outcome = this.env.run(input, this.index);
    if (isFailure(outcome)) this.env.reporter.report(this.env.worker, this.index, input, outcome, precedingOf(outcome, this.previous));
    if (this.tracksPrevious) this.previous = cloneInput(input);
    this.index++;
    this.execs++;
    return this.map.collect();
  }

  private keep(input: CallInput, gain: number, source: string, learned: readonly string[] = []): CorpusItem {
    const json = inputToJson(input);
    const hash = contentHash(json);
    this.known.add(hash);
    this.env.post({ type: 'corpus-entry', runId: this.env.job.runId, worker: this.env.worker, input: json, source, learned });
    return this.scheduler.add(input, hash, gain);
  }

  private outOfTime(): boolean {
    if (this.work.deadline !== null && Date.now() >= this.work.deadline) this.stoppedByClock = true;
    return this.stoppedByClock;
  }
}
