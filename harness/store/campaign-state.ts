import crypto from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';

/** Version tag of a campaign checkpoint. */
export const CAMPAIGN_STATE_SCHEMA = 'ffi-fuzz/campaign-state@1';

/** One point of a campaign's time series, sampled about once a second. */
export interface TimelineSample {
  /** Milliseconds since the campaign started (across resumptions). */
  readonly t: number;
  readonly execs: number;
  /** Unique findings (buckets) so far. */
  readonly findings: number;
  /** Resident memory of the engine children, MiB (0 when unknown). */
  readonly rssMb: number;
  /** Coverage counter, when a coverage engine reports one. */
  readonly coverage?: number;
}

/** What identifies "the same campaign": only a campaign with all of these equal resumes. */
export interface CampaignIdentity {
  /** The positions of a checkpoint mean what its mode says (stream indexes, or executions per coverage job). */
  readonly mode: 'auto' | 'property' | 'stress' | 'coverage';
  readonly target: string;
  readonly librarySha256: string;
  readonly seed: number;
  readonly threads: number;
  /** Coverage jobs (one position each); null in the other modes. */
  readonly jobs: number | null;
  readonly functions: readonly string[];
  readonly runs: number | null;
  readonly durationMs: number | null;
}

/**
 * The checkpoint of an unfinished campaign, rewritten atomically about once a second and removed
 * when the campaign ends normally. A supervisor killed at any moment leaves the last one behind;
 * the next identical `fuzz` resumes from it: stream positions, totals, time series, findings.
 */
export interface CampaignState {
  readonly schema: typeof CAMPAIGN_STATE_SCHEMA;
  readonly key: string;
  readonly identity: CampaignIdentity;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Next stream index per worker (the input that was in flight is run again). */
  readonly positions: readonly number[];
  readonly execs: number;
  readonly restarts: number;
  readonly elapsedMs: number;
  readonly peakRssMb: number;
  readonly timeline: readonly TimelineSample[];
  /** Record files of the buckets found so far. */
  readonly findings: readonly string[];
}

/** A short stable key of an identity (the checkpoint's file name). */
export function campaignKey(identity: CampaignIdentity): string {
  const canonical = JSON.stringify({ ...identity, functions: [...identity.functions].sort() });
  return crypto.createHash('sha1').update(canonical).digest('hex').slice(0, 16);
}

/** The checkpoint at `file` when it exists and is usable; a damaged one is reported and ignored. */
export function readCampaignState(file: string, key: string, warn: (line: string) => void): CampaignState | null {
  if (!fs.existsSync(file)) return null;
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as CampaignState;
    const ok =
      state.schema === CAMPAIGN_STATE_SCHEMA &&
      state.key === key &&
      Array.isArray(state.positions) &&
      state.positions.every((p) => Number.isInteger(p) && p >= 0) &&
      [state.execs, state.restarts, state.elapsedMs, state.peakRssMb].every((n) => typeof n === 'number' && n >= 0) &&
      typeof state.startedAt === 'string' &&
      Array.isArray(state.timeline) &&
      Array.isArray(state.findings) &&
      state.findings.every((f) => typeof f === 'string');
    if (ok) return state;
    warn(`ignoring a damaged campaign checkpoint ${file}: fields are missing or wrong`);
  } catch (error) {
    warn(`ignoring an unreadable campaign checkpoint ${file}: ${(error as Error).message}`);
  }
  return null;
}

export function writeCampaignState(file: string, state: CampaignState): void {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}

export function clearCampaignState(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Keeps a time series short: past `max` points, every other point is dropped (the ends stay). */
export function thinTimeline(samples: TimelineSample[], max = 1200): TimelineSample[] {
  if (samples.length <= max) return samples;
  return samples.filter((_, i) => i % 2 === 0 || i === samples.length - 1);
}
