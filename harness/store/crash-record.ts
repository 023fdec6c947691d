import fs from 'node:fs';
import { HarnessError } from '../model/harness-error.js';
import type { StructLayout } from '../debuginfo/layout.js';
import type { RedzoneDamage } from '../model/outcome.js';
import type { CallInputJson } from '../model/call-input.js';
import { checkRecordFields } from './check-record.js';
import type { InlineSpec } from '../ffi/inline-spec.js';
import type { CrashKind } from '../model/crash-kind.js';
import type { GuardPages } from '../model/guard-pages.js';

/** A ThreadSanitizer report attached to a record by `repro --profile tsan`. */
export interface TsanAttachment {
  /** Headline and bucket of the report, as triage classifies it (kind 'race'). */
  readonly headline: string;
  readonly id: string;
  readonly frames: readonly string[];
  /** The report itself, as TSan printed it (first report, bounded). */
  readonly report: string;
  /** Whether the native replay reported a race at all, and how it was run. */
  readonly raced: boolean;
  readonly rounds: number;
  readonly library: string;
  readonly at: string;
}

/** Version tag of the record format; readers refuse what they do not know. */
export const CRASH_RECORD_SCHEMA = 'ffi-fuzz/crash-record@1';

/** One input that was inside the target when the process died (from the flight recorder). */
export interface InflightInput {
  readonly worker: number;
  readonly streamIndex: number;
  readonly input: CallInputJson;
  /** The bytes did not fit the recorder slot and were cut (never expected: slots are sized per target). */
  readonly truncated: boolean;
  /** For a concurrent set from stress mode: 'returned' when this thread's last call had already returned (it waited for the others). */
  readonly state?: 'in-call' | 'returned';
  /** A call sequence's calls before `input` on the same thread (a target with a lifecycle); absent for a single call. */
  readonly preceding?: readonly CallInputJson[];
}

/**
 * A crash or oracle failure, with everything needed to reproduce it from this record alone.
 * Built only by supervise/crash-capture.ts; this file is the schema's single source of truth.
 */
export interface CrashRecord {
  readonly schema: typeof CRASH_RECORD_SCHEMA;
  /** `<kind>-<12 hex of the signature's sha1>`: the bucket. */
  readonly id: string;
  readonly kind: CrashKind;
  /** One line: kind, message and location. */
  readonly headline: string;
  /** The text the id hashes: kind, normalised message, location, top frames, signal. */
  readonly signature: string;
  readonly signal: string | null;
  readonly signalDescription: string | null;
  readonly exitCode: number | null;
  /** Panic message, abort reason or oracle message, as the target printed it. */
  readonly message: string | null;
  /** `file:line:col` of the panic when the target printed one. */
  readonly location: string | null;
  readonly abortReason: string | null;
  /** Top frames inside the target (runtime and host frames dropped). */
  readonly frames: readonly string[];
  /** The function whose call crashed (the culprit's). */
  readonly function: string | null;
  /** The input that reproduces it alone, when one does. */
  readonly input: CallInputJson | null;
  readonly culpritWorker: number | null;
  /** Calls to replay before `input` on the same thread (oracles that judge a call against the previous one). */
  readonly preceding: readonly CallInputJson[];
  /** Every input in flight on every thread when the process died. */
  readonly inflight: readonly InflightInput[];
  /** True when no single in-flight input reproduces it: replay the set concurrently. */
  readonly concurrent: boolean;
  /** For oracle failures: which oracle, the returned value, red-zone damage. */
  readonly oracle: string | null;
  readonly result: string | null;
  readonly damage: RedzoneDamage | null;
  readonly seed: number;
  readonly target: {
    readonly name: string;
    readonly library: string;
    readonly librarySha256: string;
    readonly spec: InlineSpec;
    readonly specModule: string | null;
  };
  readonly harness: { readonly version: string; readonly node: string };
  /** The exact commands to reproduce and to minimise. */
  readonly reproduce: string;
  readonly minimize: string;
  readonly stderrTail: string;
  readonly durationMs: number | null;
  readonly forcefullyTerminated: boolean;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** How many times this bucket was hit in the campaign that wrote it. */
  readonly count: number;
  /** On a minimized record: the record it was minimized from. */
  readonly minimizedFrom?: string;
  /** For an ABI layout finding (oracle `abi-layout`): the declared layouts and header, so `repro` can check them again. */
  readonly abi?: { readonly declared: readonly StructLayout[]; readonly header: string | null };
  /** The engine thread that received the fatal signal, when ffi-fuzz's fault handler saw it (null: unknown). */
  readonly faultingWorker?: number | null;
  /** How the engine ran (absent: property mode, no guard pages); `repro` runs the record the same way. */
  readonly engine?: { readonly mode: 'auto' | 'property' | 'stress' | 'coverage'; readonly guardPages: GuardPages };
  /** Set by `repro --profile tsan`: the ThreadSanitizer report of the concurrent set replayed in a native harness. */
  readonly tsan?: TsanAttachment;
  /**
   * Zero-config (`--fn`) guessed this function's contract — which integer is a buffer's length,
   * what a pointer points to, that a handle is live — and says which: the finding may be the
   * harness breaking a contract it did not know, not a bug. Kept apart from bugs (exit 0) until a
   * spec states the contract. Absent: the contract was known.
   */
  readonly contractUnknown?: string;
  /** Set by `repro --times N`: how often a replay reproduced it. */
  readonly reproduction?: { readonly rate: number; readonly runs: number; readonly library: string; readonly at: string };
}

/** Reads and checks a crash record; every problem is a bad-record error naming the file and field. */
export function readCrashRecord(file: string): CrashRecord {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new HarnessError(
      'bad-record',
      `cannot read the crash record: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      { where: file, cause },
    );
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new HarnessError('bad-record', `the crash record is not valid JSON (${(cause as Error).message})`, {
      where: file,
      cause,
      hint: 'the file is corrupt; rerun the campaign or restore it from version control',
    });
  }
  if (json === null || typeof json !== 'object' || json.schema !== CRASH_RECORD_SCHEMA) {
    throw new HarnessError(
      'bad-record',
      `not an ffi-fuzz crash record (schema is ${JSON.stringify((json as { schema?: unknown })?.schema)}, expected "${CRASH_RECORD_SCHEMA}")`,
      { where: file },
    );
  }
  checkRecordFields(json, file);
  return json as unknown as CrashRecord;
}
