import type { CrashRecord } from '../../store/crash-record.js';
import { saveCount, saveCrash } from '../../store/crash-store.js';
import type { RecordLocator } from './crash-capture.js';
import { isNearDuplicate } from './triage/similar.js';

/** What a campaign is told about each finding it stores. */
export interface FindingEvents {
  /** A finding was stored (`isNew`: its bucket was not seen before in this campaign). */
  readonly finding: (record: CrashRecord, file: string, isNew: boolean) => void;
  readonly warn: (line: string) => void;
}

/**
 * The buckets of one campaign, shared by every mode: a new signature is written at once (its
 * record holds the input: nothing may be lost); a known one, or a near-duplicate of one (the same
 * crash site reached through another call chain, triage/similar.ts), is counted in memory under
 * that bucket and its count written by `flush` at the end, because a hot bucket must not cost an
 * fsync per hit.
 */
export class FindingsBook {
  readonly findings = new Map<string, { record: CrashRecord; file: string }>();

  constructor(
    private readonly locate: RecordLocator,
    private readonly events: FindingEvents,
  ) {}

  store(record: CrashRecord): void {
    const known = this.findings.get(record.id) ?? [...this.findings.values()].find((f) => isNearDuplicate(f.record, record));
    if (known !== undefined) {
      const bumped = { ...known.record, count: known.record.count + 1, lastSeen: record.lastSeen };
      this.findings.set(known.record.id, { record: bumped, file: known.file });
      this.events.finding(bumped, known.file, false);
      return;
    }
    const file = this.locate(record.id, record.function ?? 'unknown');
    const stored = saveCrash(file, record, this.events.warn);
    this.findings.set(record.id, { record: stored, file });
    this.events.finding(stored, file, true);
  }

  /** Writes every bucket's count and last-seen time back to its record. */
  flush(): void {
    for (const { record, file } of this.findings.values()) saveCount(file, record);
  }
}
