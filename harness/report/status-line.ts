import { compact, renderCoverageStatus, type CoverageStatus } from './coverage-status.js';

/** What the live status line shows, sampled about once a second during a campaign. */
export interface StatusSnapshot {
  readonly elapsedMs: number;
  readonly execs: number;
  /** Over the last few seconds, not since the start: a slowdown shows at once. */
  readonly execsPerSecond: number;
  /** Inputs in the target's corpus (seeds + queue). */
  readonly corpus: number;
  readonly findings: number;
  readonly threads: number;
  readonly restarts: number;
  readonly rssMb: number;
  /** Coverage mode: edges, corpus and per-job rates. */
  readonly coverage?: CoverageStatus;
}

/**
 * One line, the same on a terminal (rewritten in place) and in CI logs (printed now and then).
 * Most telling first: a narrow terminal cuts the end of the line.
 */
export function renderStatus(s: StatusSnapshot): string {
  return [
    `[${formatElapsed(s.elapsedMs)}]`,
    `execs ${compact(s.execs)}`,
    `${compact(s.execsPerSecond)}/s`,
    `findings ${s.findings}`,
    `corpus ${s.corpus}`,
    `threads ${s.threads}`,
    `rss ${Math.round(s.rssMb)}M`,
    `restarts ${s.restarts}`,
    ...(s.coverage === undefined ? [] : [renderCoverageStatus(s.coverage)]),
  ].join('  ');
}

/** `42.1s`, `3m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Seconds at which a plain (non-TTY) progress line is due: dense at first, then once a minute. */
const EARLY_MARKS_S = [5, 10, 15, 30, 45, 60];

/**
 * When to print a progress line in a log that cannot be rewritten (CI): a line a second would
 * bury the findings, so lines thin out: 5, 10, 15, 30, 45, 60 s, then every minute.
 */
export class PlainCadence {
  private next = EARLY_MARKS_S[0]! * 1000;

  /** True when a line is due at `elapsedMs` (and moves the mark past it). */
  due(elapsedMs: number): boolean {
    if (elapsedMs < this.next) return false;
    while (this.next <= elapsedMs) this.next = nextMark(this.next);
    return true;
  }
}

function nextMark(ms: number): number {
  const later = EARLY_MARKS_S.find((s) => s * 1000 > ms);
  return later !== undefined ? later * 1000 : ms + 60_000;
}
