import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import { HarnessError, type HarnessErrorCode } from '../../model/harness-error.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { formatToken, MAX_LEARNED, parseDictionary } from '../../generate/mutate/dictionary.js';
import type { CoverageStats, CoverageWork } from '../../engine/coverage/coverage-protocol.js';
import { createRoundMarker, readRoundMarker } from '../../engine/coverage/round-marker.js';
import type { EngineMessage } from '../../engine/protocol.js';
import type { CoverageStatus, JobStatus } from '../../report/coverage-status.js';
import type { CrashRecord, InflightInput } from '../../store/crash-record.js';
import { FindingsBook } from '../capture/findings-book.js';
import { queueEntryFile } from '../../store/paths.js';
import { addQueueEntry, contentHash } from '../../store/queue-store.js';
import type { CampaignConfig, CampaignEvents, CampaignProgress, CampaignResult } from './campaign.js';
import { captureDeath, captureFinding, triageEnd, type CaptureContext, type RecordLocator } from '../capture/crash-capture.js';
import { inflightOf, runChild, type EngineSetup } from '../child/engine-setup.js';
import type { EngineEnd } from '../child/run-engine.js';
import { corpusSize } from './run-journal.js';
import { isInstrumented } from '../../toolchain/sancov-build.js';

/** A coverage campaign's budget, its corpus, and where its findings go. */
export interface CoverageCampaignConfig {
  readonly setup: EngineSetup;
  /** Engine processes, each one thread with its own flight recorder. */
  readonly jobs: number;
  /** Executions across jobs and restarts; null = until the deadline. */
  readonly runs: number | null;
  readonly durationMs: number | null;
  /** Corpus root (`--out`) and the target's name in it. */
  readonly corpusRoot: string;
  readonly targetName: string;
  /** Dictionary tokens as hex (`--dict`). */
  readonly dictionary: readonly string[];
  readonly capture: CaptureContext;
  readonly locate: RecordLocator;
  readonly events: CampaignEvents;
  /** How often jobs pick up each other's queue entries, in ms. @defaultValue 1000 */
  readonly syncMs?: number;
}

/** What a coverage campaign reached, for the run summary. */
export interface CoverageSummary {
  readonly counters: number;
  /** Edges hit (the best job), and the edges job 0 had after replaying the corpus it started from. */
  readonly edges: number;
  readonly initialEdges: number;
  readonly features: number;
  readonly initialFeatures: number;
  /** Entries on disk (seeds + queue) at the start and at the end. */
  readonly corpusBefore: number;
  readonly corpus: number;
  /** Queue entries this campaign stored. */
  readonly added: number;
  /** Tokens the jobs learned (compare operands and dictionary tokens that paid off). */
  readonly learnedTokens: number;
  /** Those tokens in libFuzzer dictionary format (`"_ZN"`, `"\\x00\\x01"`), in the order learned: a `--dict` file for the next run. */
  readonly learned: readonly string[];
  readonly jobs: readonly JobStatus[];
}

export interface CoverageCampaignResult extends CampaignResult {
  readonly coverageSummary: CoverageSummary;
}

/**
 * Runs a coverage-guided campaign: `jobs` engine children mutate toward new coverage (engine/
 * coverage/coverage-loop.ts) and share what they find through the corpus directory. Each new
 * entry a child reports is stored here, content-addressed under queue/. A death goes through the
 * same capture, signature and record path as property mode; the child restarts from the corpus
 * (so it resumes at the coverage reached), with the crashing input skipped and, if it was a
 * queue entry, removed from the queue.
 */
export async function runCoverageCampaign(config: CoverageCampaignConfig): Promise<CoverageCampaignResult> {
  const { setup, events, jobs } = config;
  const started = Date.now();
  const deadline = config.durationMs === null ? null : started + config.durationMs;
  const share = config.runs === null ? null : Math.ceil(config.runs / jobs);
  const book = new FindingsBook(config.locate, events);
  const findings = book.findings;
  const corpusBefore = corpusSize(config.corpusRoot, config.targetName);
  const skip = new Set<string>();
  const penalize = new Set<string>();
  // Learned tokens (hex), kept across restarts: a child that replaces a crashed one starts with them.
  const learned = new Set<string>();
  const done = new Array<number>(jobs).fill(0);
  const live = new Array<number>(jobs).fill(0);
  const crashes = new Array<number>(jobs).fill(0);
  const stats: (CoverageStats | undefined)[] = new Array(jobs).fill(undefined);
  const rates = Array.from({ length: jobs }, () => ({ t: started, execs: 0, rate: 0 }));
  let initial: CoverageStats | undefined;
  let added = 0;
  let restarts = 0;
  let peakRssMb = 0;
  let lastReport = 0;

  const store = (record: CrashRecord, job: number): void => {
    crashes[job]!++;
    book.store(record);
  };
  const onMessage = (job: number, m: EngineMessage): void => {
    switch (m.type) {
      case 'finding':
        store(captureFinding(config.capture, config.locate, m.finding), job);
        return;
      case 'corpus-entry':
        for (const token of m.learned) learned.add(token);
        if (addQueueEntry(config.corpusRoot, config.targetName, m.input, m.source).added) added++;
        return;
      case 'coverage-stats':
        if (job === 0 && initial === undefined) initial = m.stats;
        stats[job] = m.stats;
        return;
      default:
        return;
    }
  };
  const status = (): CoverageStatus => {
    const now = Date.now();
    const perJob = stats.map((s, j): JobStatus => {
      const execs = done[j]! + live[j]!;
      const r = rates[j]!;
      if (now - r.t >= 1000) {
        r.rate = ((execs - r.execs) * 1000) / (now - r.t);
        r.t = now;
        r.execs = execs;
      }
      return { execs, execsPerSecond: r.rate, edges: s?.edges ?? 0, corpus: s?.corpus ?? 0, crashes: crashes[j]! };
    });
    return {
      counters: Math.max(0, ...stats.map((s) => s?.counters ?? 0)),
      edges: Math.max(0, ...perJob.map((j) => j.edges)),
      corpus: corpusBefore + added,
      jobs: perJob,
    };
  };
  const progress = (): CampaignProgress => ({
    execs: done.reduce((a, b) => a + b, 0) + live.reduce((a, b) => a + b, 0),
    elapsedMs: Date.now() - started,
    restarts,
    buckets: findings.size,
    positions: done.map((d, j) => d + live[j]!),
    coverage: status(),
  });

  const runJob = async (job: number): Promise<void> => {
    const budget = share === null ? null : Math.max(0, Math.min(share, config.runs! - job * share));
    let restart = 0;
    let firstExec = 0;
    const markerPath = path.join(setup.workDir, `round-${job}.bin`);
    while ((budget === null || done[job]! < budget) && (deadline === null || Date.now() < deadline)) {
      const work: CoverageWork = {
        kind: 'coverage',
        job,
        restart,
        corpusRoot: config.corpusRoot,
        targetName: config.targetName,
        runs: budget === null ? null : budget - done[job]!,
        deadline,
        firstExec,
        dictionary: [...config.dictionary, ...[...learned].slice(-MAX_LEARNED)],
        syncMs: config.syncMs ?? 1000,
        skip: [...skip],
        penalize: [...penalize],
        markerPath,
      };
      createRoundMarker(markerPath);
      const { end, slots } = await runChild(setup, 1, work, (m) => onMessage(job, m), {
        onTick: (calls) => {
          live[job] = calls[0] ?? 0;
          if (Date.now() - lastReport >= 1000) {
            lastReport = Date.now();
            events.progress(progress());
          }
        },
      });
      done[job]! += live[job]!;
      live[job] = 0;
      peakRssMb = Math.max(peakRssMb, end.peakRssMb);
      if (end.how === 'fault') throw faultError(end);
      if (end.how === 'finished') break;
      const inflight = inflightOf(slots);
      if (inflight.length === 0 && slots.every((s) => s.calls === 0)) throw startError(end);
      const culprit = inflight[0] ?? null;
      store(
        captureDeath(config.capture, config.locate, end, triageEnd(end, { inflight, spec: config.capture.spec }), inflight, culprit, false),
        job,
      );
      if (culprit !== null) quarantine(config, culprit, skip);
      const parent = readRoundMarker(markerPath);
      if (parent !== null) penalize.add(parent);
      firstExec = (slots[0]?.streamIndex ?? firstExec) + 1;
      restart++;
      restarts++;
    }
  };

  await Promise.all(Array.from({ length: jobs }, (_, job) => runJob(job)));
  book.flush();
  const final = progress();
  events.progress(final);
  const best = stats.reduce<CoverageStats | undefined>(
    (a, s) => (s !== undefined && (a === undefined || s.edges > a.edges) ? s : a),
    undefined,
  );
  return {
    ...final,
    findings,
    peakRssMb,
    coverageSummary: {
      counters: best?.counters ?? 0,
      edges: best?.edges ?? 0,
      initialEdges: initial?.initialEdges ?? 0,
      features: best?.features ?? 0,
      initialFeatures: initial?.initialFeatures ?? 0,
      corpusBefore,
      corpus: corpusSize(config.corpusRoot, config.targetName),
      added,
      learnedTokens: learned.size,
      learned: [...learned].map((hex) => formatToken(Buffer.from(hex, 'hex'))),
      jobs: final.coverage!.jobs,
    },
  };
}

/**
 * `fuzz --mode coverage`: the campaign runner fuzz.ts calls in place of runCampaign, with the
 * coverage settings taken from the options (jobs, --dict, the corpus root). Checks up front what
 * coverage mode cannot do.
 */
export function coverageCampaign(
  ref: TargetRef,
  options: ResolvedOptions,
  warn: (line: string) => void,
): (config: CampaignConfig) => Promise<CoverageCampaignResult> {
  if (options.threads > 1)
    throw new HarnessError('usage', 'coverage mode runs one thread per engine process', {
      where: '--threads',
      hint: `use --jobs ${options.threads} for ${options.threads} processes sharing one corpus`,
    });
  if (ref.target.lifecycle !== undefined) {
    throw new HarnessError(
      'usage',
      `coverage mode mutates single calls; ${ref.target.name} declares a lifecycle (call sequences with handles)`,
      { where: '--mode coverage', hint: 'use --mode property for call sequences' },
    );
  }
  if (!isInstrumented(ref.libraryPath))
    warn(
      `${ref.libraryPath} has no SanitizerCoverage counters: coverage mode runs blind (build it with ffi-fuzz build <crate> --profile coverage)`,
    );
  const dictionary = options.dict === null ? [] : readDictionary(options.dict);
  const jobs = options.jobs ?? Math.max(1, os.availableParallelism());
  return (config) =>
    runCoverageCampaign({ ...config, jobs, corpusRoot: path.resolve(options.out), targetName: ref.target.name, dictionary });
}

/** A --dict file as hex tokens; unreadable or malformed files are usage errors naming the file (and line). */
function readDictionary(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new HarnessError(
      'usage',
      `cannot read the dictionary ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      { where: '--dict', cause },
    );
  }
  return parseDictionary(text, file).map((t) => Buffer.from(t).toString('hex'));
}

/** A crashing input is skipped by every later child; a queue entry that crashes leaves the queue (its record keeps it). */
function quarantine(config: CoverageCampaignConfig, culprit: InflightInput, skip: Set<string>): void {
  const hash = contentHash(culprit.input);
  skip.add(hash);
  fs.rmSync(queueEntryFile(config.corpusRoot, config.targetName, culprit.input.fn, hash), { force: true });
}

function faultError(end: EngineEnd): HarnessError {
  const fault = end.fault!;
  return new HarnessError(fault.code as HarnessErrorCode, fault.message, {
    ...(fault.where === undefined ? {} : { where: fault.where }),
    ...(fault.hint === undefined ? {} : { hint: fault.hint }),
  });
}

function startError(end: EngineEnd): HarnessError {
  const how = end.signal !== null ? `signal ${end.signal}` : `exit code ${end.exitCode}`;
  return new HarnessError(
    'bad-library',
    `the coverage engine died (${how}) before its first call: the library crashes while loading, or the engine cannot start`,
    {
      hint: end.stderr.trim().split('\n').slice(-10).join('\n') || 'no output on stderr',
    },
  );
}
