import fs from 'node:fs';
import type { CoverageStats, CoverageWork } from '../../../engine/coverage/coverage-protocol.js';
import type { EngineMessage, GenerateWork, ReplayWork } from '../../../engine/protocol.js';
import type { SlotRecord } from '../../../engine/recorder-reader.js';
import type { AloneEntry, ScoutWork } from '../../../engine/stress/stress-protocol.js';
import { packScoutIndex } from '../../../engine/stress/stress-protocol.js';
import { inputToJson } from '../../../model/call-input.js';
import type { ChildListener, ChildRun, ChildRunner, ChildWork, OpenRunner } from '../../child/child-runner.js';
import { ended, findingOf, inputOf, slotsOf, streamOf, type Effect } from './fake-end.js';

/**
 * A fake engine for unit tests of the campaign loop: it runs each kind of work the way the real
 * engine does (which inputs, in which order, on which slot), and asks a script what the target
 * does with each one. Nothing is loaded or called.
 */

/** How the input runs: property/coverage generation, screened alone (stress scout), together (stress bursts), or replayed alone. */
export type Context = 'generate' | 'alone' | 'together' | 'replay';

/** The script: what input `index` of stream `stream` does in `context`. */
export type Script = (stream: number, index: number, context: Context) => Effect;

/** Stops a fake life that has no end (no budget, no deadline in a unit test). */
const MAX_CALLS = 10_000;

/** The fake's children: every life it ran, the runners it opened and closed. */
export class FakeEngine {
  readonly lives: { threads: number; work: ChildWork }[] = [];
  /** Per stress life, the stream indexes each thread was given to run together. */
  readonly togetherLists: number[][][] = [];
  /** What each scout life learned about the fake function f's results, in order (its call statistics say so). */
  readonly scoutLearns: ('pure' | 'stateful')[] = [];
  opened = 0;
  closed = 0;

  /** @param loads - false: every child dies before its first call (a library that crashes while loading). */
  constructor(
    private readonly script: Script,
    private readonly loads = true,
  ) {}

  readonly open: OpenRunner = (threads): ChildRunner => {
    this.opened++;
    return {
      threads,
      run: async (work, listener) => this.life(threads, work, listener),
      close: async () => void this.closed++,
    };
  };

  /** The lives that ran work of `kind`. */
  livesOf<K extends ChildWork['kind']>(kind: K): Extract<ChildWork, { kind: K }>[] {
    return this.lives.map((l) => l.work).filter((w): w is Extract<ChildWork, { kind: K }> => w.kind === kind);
  }

  private life(threads: number, work: ChildWork, listener: ChildListener): ChildRun {
    this.lives.push({ threads, work });
    if (!this.loads)
      return ended(
        'segv',
        0,
        [{ slot: 0, state: 'empty', calls: 0, streamIndex: 0, input: undefined, preceding: [], truncated: false }],
        listener,
      );
    const post = (m: EngineMessage) => listener.message(m);
    switch (work.kind) {
      case 'generate':
        return work.stress === undefined ? this.generate(threads, work, post, listener) : this.together(threads, work, listener);
      case 'replay':
        return this.replay(work, listener);
      case 'scout':
        return this.scout(work, listener);
      case 'coverage':
        return this.coverage(work, post, listener);
      default:
        throw new Error(`the fake engine does not run ${work.kind} work`);
    }
  }

  /**
   * Threads take turns, one input each, like threads running side by side; any thread's bad input
   * ends the life. A life that feeds the corpus (auto mode's property lane) posts its first input.
   */
  private generate(threads: number, work: GenerateWork, post: (m: EngineMessage) => void, listener: ChildListener): ChildRun {
    if (work.feedsCorpus === true)
      post({
        type: 'corpus-entry',
        runId: 'fake',
        worker: 0,
        input: inputToJson(inputOf(0, work.starts[0] ?? 0)),
        source: 'fake',
        learned: [],
      });
    const next = Array.from({ length: threads }, (_, w) => work.starts[w] ?? 0);
    const calls = new Array<number>(threads).fill(0);
    for (let total = 0; total < MAX_CALLS; ) {
      let active = false;
      for (let w = 0; w < threads; w++) {
        if (next[w]! >= (work.ends[w] ?? Number.POSITIVE_INFINITY)) continue;
        active = true;
        total++;
        const index = next[w]!++;
        calls[w]!++;
        const effect = this.script(w, index, 'generate');
        if (effect === 'wrong') post(findingOf(w, index));
        else if (effect !== 'ok') return ended(effect, w, slotsOf(calls, next, 'in-call'), listener);
      }
      if (!active) break;
    }
    return ended('ok', 0, slotsOf(calls, next, 'returned'), listener, next);
  }

  /** Stress bursts: every thread's screened inputs, in turns; a death leaves each thread's latest input in flight. */
  private together(threads: number, work: GenerateWork, listener: ChildListener): ChildRun {
    const lists = (work.stress?.alone ?? []).map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as AloneEntry[]);
    this.togetherLists.push(lists.map((list) => list.map((e) => e.index)));
    const next = Array.from({ length: threads }, (_, w) => work.starts[w] ?? 0);
    const calls = new Array<number>(threads).fill(0);
    for (let k = 0; lists.some((l) => k < l.length); k++) {
      for (let w = 0; w < threads; w++) {
        const entry = lists[w]?.[k];
        if (entry === undefined) continue;
        calls[w]!++;
        next[w] = entry.index + 1;
        const effect = this.script(w, entry.index, 'together');
        if (effect !== 'ok' && effect !== 'wrong') return ended(effect, w, slotsOf(calls, next, 'in-call'), listener);
      }
    }
    return ended('ok', 0, slotsOf(calls, next, 'returned'), listener, next);
  }

  /** One thread runs the list in order; the slot's stream index is the position in the list. */
  private replay(work: ReplayWork, listener: ChildListener): ChildRun {
    const inputs = work.inputs[0] ?? [];
    for (const [k, json] of inputs.entries()) {
      const { stream, index } = streamOf(json);
      const effect = this.script(stream, index, 'replay');
      if (effect === 'ok' || effect === 'wrong') continue;
      const slot: SlotRecord = {
        slot: 0,
        state: 'in-call',
        calls: k + 1,
        streamIndex: k,
        input: inputOf(stream, index),
        preceding: [],
        truncated: false,
      };
      return ended(effect, 0, [slot], listener);
    }
    return ended('ok', 0, [], listener, [inputs.length]);
  }

  /** Round robin over the ranges, one result line per input that returned; a death names the input by its packed index. */
  private scout(work: ScoutWork, listener: ChildListener): ChildRun {
    const learned = this.scoutLearns.shift();
    const withLearned = (run: ChildRun): ChildRun =>
      learned === undefined ? run : { ...run, stats: { ...run.stats, functions: [{ ...run.stats.functions[0]!, learned }] } };
    const cursors = work.ranges.map((r) => r.start);
    let calls = 0;
    for (let active = true; active; ) {
      active = false;
      for (const [i, range] of work.ranges.entries()) {
        while (cursors[i]! < range.end && range.skip.includes(cursors[i]!)) cursors[i]!++;
        if (cursors[i]! >= range.end) continue;
        active = true;
        const index = cursors[i]!++;
        calls++;
        const effect = this.script(range.stream, index, 'alone');
        if (effect !== 'ok' && effect !== 'wrong') {
          const slot: SlotRecord = {
            slot: 0,
            state: 'in-call',
            calls,
            streamIndex: packScoutIndex(range.stream, index),
            input: inputOf(range.stream, index),
            preceding: [],
            truncated: false,
          };
          return withLearned(ended(effect, 0, [slot], listener));
        }
        const alone = { result: '0', isError: false, message: undefined, ownMessage: false };
        fs.appendFileSync(work.resultsPath, `${JSON.stringify({ stream: range.stream, index, alone })}\n`);
      }
    }
    return withLearned(ended('ok', 0, [], listener, [0]));
  }

  /** One job's life: `runs` executions numbered from `firstExec`, stats before and after, one corpus entry. */
  private coverage(work: CoverageWork, post: (m: EngineMessage) => void, listener: ChildListener): ChildRun {
    const stats = (execs: number): CoverageStats => ({
      counters: 10,
      edges: 3 + work.job,
      features: 4,
      initialEdges: 3,
      initialFeatures: 4,
      corpus: 1,
      execs,
      learnedTokens: 0,
      blind: false,
    });
    post({ type: 'coverage-stats', runId: 'fake', worker: 0, stats: stats(0) });
    post({ type: 'corpus-entry', runId: 'fake', worker: 0, input: inputToJson(inputOf(work.job, 1_000_000)), source: 'fake', learned: [] });
    const runs = Math.min(work.runs ?? MAX_CALLS, MAX_CALLS);
    for (let k = 0; k < runs; k++) {
      const index = work.firstExec + k;
      const effect = this.script(work.job, index, 'generate');
      if (effect === 'wrong') post(findingOf(0, index, work.job));
      else if (effect !== 'ok') {
        const slot: SlotRecord = {
          slot: 0,
          state: 'in-call',
          calls: k + 1,
          streamIndex: index,
          input: inputOf(work.job, index),
          preceding: [],
          truncated: false,
        };
        return ended(effect, 0, [slot], listener);
      }
    }
    post({ type: 'coverage-stats', runId: 'fake', worker: 0, stats: stats(runs) });
    return ended(
      'ok',
      0,
      [
        {
          slot: 0,
          state: 'returned',
          calls: runs,
          streamIndex: work.firstExec + runs - 1,
          input: undefined,
          preceding: [],
          truncated: false,
        },
      ],
      listener,
      [work.firstExec + runs],
    );
  }
}
