import fs from 'node:fs';
import path from 'node:path';
import {
  CAMPAIGN_STATE_SCHEMA,
  campaignKey,
  clearCampaignState,
  readCampaignState,
  thinTimeline,
  writeCampaignState,
  type CampaignIdentity,
  type CampaignState,
  type TimelineSample,
} from '../../store/campaign-state.js';
import { corpusSize, tryReadRecord, type CorpusProblem } from '../../store/corpus-store.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { campaignStateFile } from '../../store/paths.js';
import { renderStatus, PlainCadence } from '../../report/status-line.js';
import type { CampaignProgress, CampaignResult } from './campaign-loop.js';
import { descendantsRssMb } from '../child/child-rss.js';

/** Where the journal reports: the live status line (TTY) or plain lines (CI), and warnings. */
export interface JournalSink {
  readonly err: (line: string) => void;
  readonly status?: ((line: string) => void) | undefined;
}

/** A campaign's totals across resumptions, and the findings its result does not hold. */
export interface JournalTotals {
  readonly execs: number;
  readonly elapsedMs: number;
  readonly restarts: number;
  /** Resident memory of every engine process together at its highest (the journal samples it; one computation for every report). */
  readonly peakRssMb: number;
  readonly timeline: TimelineSample[];
  readonly earlier: { record: CrashRecord; file: string }[];
}

/** Seconds of history the "execs/s" of the status line averages over. */
const RATE_WINDOW_MS = 5000;

/**
 * The bookkeeping of one campaign around `runCampaign`: resumes an interrupted campaign from its
 * checkpoint, samples the time series (execs, findings, engine RSS) about once a second, rewrites
 * the checkpoint atomically with every sample, drives the status line, and at the end gives the
 * totals across the interrupted and the resumed parts. Only a campaign that ends normally
 * removes its checkpoint.
 */
export class RunJournal {
  readonly resumed: CampaignState | null;
  readonly startedAt: Date;
  private readonly stateFile: string;
  private readonly key: string;
  private readonly timeline: TimelineSample[];
  private readonly findingFiles: Set<string>;
  private readonly cadence = new PlainCadence();
  private readonly corpus: number;
  private last: CampaignProgress | null = null;
  private peakRssMb: number;

  constructor(
    root: string,
    private readonly identity: CampaignIdentity,
    private readonly sink: JournalSink,
  ) {
    this.key = campaignKey(identity);
    this.stateFile = campaignStateFile(root, identity.target, this.key);
    this.resumed = readCampaignState(this.stateFile, this.key, (line) => sink.err(`warning: ${line}`));
    this.startedAt = this.resumed === null ? new Date() : new Date(this.resumed.startedAt);
    this.timeline = this.resumed === null ? [{ t: 0, execs: 0, findings: 0, rssMb: 0 }] : [...this.resumed.timeline];
    this.findingFiles = new Set(this.resumed?.findings ?? []);
    this.peakRssMb = this.resumed?.peakRssMb ?? 0;
    this.corpus = corpusSize(root, identity.target);
  }

  /** The line announcing a resumption (null for a fresh campaign). */
  resumeNote(): string | null {
    const r = this.resumed;
    if (r === null) return null;
    return `resuming an interrupted campaign from ${path.relative(process.cwd(), this.stateFile) || this.stateFile}: ${r.execs} execs, ${r.findings.length} finding(s), ${(r.elapsedMs / 1000).toFixed(1)}s already done`;
  }

  /** Stream positions to start from. */
  get startAt(): readonly number[] | undefined {
    return this.resumed?.positions;
  }

  /** What is left of a wall-clock budget after the interrupted part. */
  remainingMs(durationMs: number | null): number | null {
    return durationMs === null ? null : Math.max(0, durationMs - (this.resumed?.elapsedMs ?? 0));
  }

  /** A campaign progress event: sample, checkpoint, status line. */
  progress(p: CampaignProgress): void {
    this.last = p;
    const rssMb = descendantsRssMb();
    this.peakRssMb = Math.max(this.peakRssMb, rssMb);
    const base = this.resumed;
    const sample: TimelineSample = {
      t: (base?.elapsedMs ?? 0) + p.elapsedMs,
      execs: (base?.execs ?? 0) + p.execs,
      findings: this.findingFiles.size,
      rssMb: Math.round(rssMb),
      ...(p.coverage === undefined || p.coverage.counters === 0 ? {} : { coverage: p.coverage.edges }),
    };
    const previous = this.timeline[this.timeline.length - 1];
    if (previous === undefined || sample.t - previous.t >= 900) this.timeline.push(sample);
    const thinned = thinTimeline(this.timeline);
    if (thinned !== this.timeline) this.timeline.splice(0, this.timeline.length, ...thinned);
    this.checkpoint(p);
    const windowStart = [...this.timeline].reverse().find((s) => sample.t - s.t >= RATE_WINDOW_MS) ?? this.timeline[0]!;
    const rate =
      sample.t > windowStart.t
        ? ((sample.execs - windowStart.execs) * 1000) / (sample.t - windowStart.t)
        : sample.execs / Math.max(0.001, sample.t / 1000);
    const line = renderStatus({
      elapsedMs: sample.t,
      execs: sample.execs,
      execsPerSecond: rate,
      corpus: p.coverage?.corpus ?? this.corpus,
      findings: this.findingFiles.size,
      threads: this.identity.threads,
      restarts: (base?.restarts ?? 0) + p.restarts,
      rssMb,
      ...(p.coverage === undefined ? {} : { coverage: p.coverage }),
    });
    if (this.sink.status !== undefined) this.sink.status(line);
    else if (this.cadence.due(sample.t)) this.sink.err(line);
  }

  /** A stored finding (its record file joins the checkpoint). */
  finding(file: string): void {
    this.findingFiles.add(file);
  }

  /**
   * The campaign is over: one last sample and the totals across resumptions. A campaign that
   * ended normally (`done`) removes its checkpoint; one cut short (interrupted, or failed: then
   * `result` is null and the last progress gives the totals) keeps it, so the same command
   * resumes it. Findings this session's result does not hold (an interrupted part's that did not
   * recur, or all of them after a failure) are read back from disk.
   */
  finish(result: CampaignResult | null, problems: CorpusProblem[], how: 'done' | 'cut-short'): JournalTotals {
    const base = this.resumed;
    const last = result ?? this.last;
    const elapsedMs = (base?.elapsedMs ?? 0) + (last?.elapsedMs ?? 0);
    const execs = (base?.execs ?? 0) + (last?.execs ?? 0);
    this.timeline.push({ t: elapsedMs, execs, findings: this.findingFiles.size, rssMb: Math.round(descendantsRssMb()) });
    if (how === 'done') clearCampaignState(this.stateFile);
    const current = new Set([...(result?.findings.values() ?? [])].map((f) => f.file));
    const earlier = [...(result === null ? this.findingFiles : (base?.findings ?? []))]
      .filter((file) => !current.has(file) && fs.existsSync(file))
      .flatMap((file) => {
        const record = tryReadRecord(file, problems);
        return record === null ? [] : [{ record, file }];
      });
    return {
      execs,
      elapsedMs,
      restarts: (base?.restarts ?? 0) + (last?.restarts ?? 0),
      peakRssMb: Math.max(this.peakRssMb, result?.peakRssMb ?? 0),
      timeline: thinTimeline(this.timeline),
      earlier,
    };
  }

  /** The time series so far (for a report written after a fault). */
  samples(): readonly TimelineSample[] {
    return this.timeline;
  }

  private checkpoint(p: CampaignProgress): void {
    const base = this.resumed;
    const state: CampaignState = {
      schema: CAMPAIGN_STATE_SCHEMA,
      key: this.key,
      identity: this.identity,
      startedAt: this.startedAt.toISOString(),
      updatedAt: new Date().toISOString(),
      positions: p.positions,
      execs: (base?.execs ?? 0) + p.execs,
      restarts: (base?.restarts ?? 0) + p.restarts,
      elapsedMs: (base?.elapsedMs ?? 0) + p.elapsedMs,
      peakRssMb: Math.round(this.peakRssMb),
      timeline: this.timeline,
      findings: [...this.findingFiles],
    };
    writeCampaignState(this.stateFile, state);
  }

  /** The most recent progress (null before the first). */
  get latest(): CampaignProgress | null {
    return this.last;
  }

  /** Where the checkpoint lives. */
  get checkpointFile(): string {
    return this.stateFile;
  }
}
