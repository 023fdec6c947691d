import { createHash } from 'node:crypto';
import { locationWithoutColumn, normalizeMessage, normalizeSymbol } from './normalize.js';
import { inflightKey } from './in-flight.js';
import type { CrashKind } from '../../../model/crash-kind.js';
import type { Triage } from './triage.js';

// A signature names a bug, not a run (issues #3, #12): the same bug reached by different inputs
// (other thread ids, addresses, lengths or quoted input text in the message, alignment) must give
// one signature, and different bugs different ones. ClusterFuzz buckets by the top 3 frames only, which
// merges two panics in one function (oss-fuzz#8389); the panic location (file:line) is kept
// in so they stay apart. Columns are left out: they move when code is reformatted.

/** How many in-target frames a signature includes. */
export const SIGNATURE_FRAMES = 3;

/** The parts a death's signature is made of. */
export interface SignatureParts {
  readonly kind: CrashKind;
  /** Raw message; it is normalised here. */
  readonly message: string | null;
  /** `file:line[:col]`; the column is dropped here. */
  readonly location: string | null;
  /** In-target frame symbols, innermost first (only the first three count). */
  readonly frames: readonly string[];
  readonly signal: string | null;
  /** Used for kind 'exit', where no signal ended the process. */
  readonly exitCode?: number | null;
  /** Functions in flight, one per thread: given instead of frames for a death nothing locates. */
  readonly inflight?: readonly string[];
}

/** Signature text and the bucket id derived from it. */
export interface Signature {
  readonly signature: string;
  readonly id: string;
}

/**
 * Builds the signature: kind | normalised message | file:line | top 3 frame symbols (or
 * `in flight: f, g`) | signal (or `exit N`), and the id `${kind}-${first 12 hex of sha1(signature)}`.
 */
export function signatureOf(parts: SignatureParts): Signature {
  const ending = parts.signal ?? (parts.exitCode == null ? '' : `exit ${parts.exitCode}`);
  const frames = parts.frames.slice(0, SIGNATURE_FRAMES).map(normalizeSymbol).join(' > ');
  return hashed(parts.kind, [
    parts.message === null ? '' : normalizeMessage(parts.message),
    parts.location === null ? '' : locationWithoutColumn(parts.location),
    parts.inflight === undefined || parts.inflight.length === 0 ? frames : inflightKey(parts.inflight),
    ending,
  ]);
}

/** A failure an in-process oracle found while the child lived on. */
export interface Finding {
  readonly kind: 'oob-write' | 'wrong-result' | 'race';
  /** The target function called. */
  readonly fn: string;
  /** The oracle that failed (`no-oob-write`, `differential`, `last-error-foreign`, …). */
  readonly oracle: string;
  readonly message: string;
  /**
   * What distinguishes one bug from another within an oracle (e.g. the damaged parameter and side).
   * The message is not part of the signature: it quotes the target's own text and the input's
   * numbers, which would split one bug into a bucket per input.
   */
  readonly detail?: string;
}

/**
 * Triage for a finding that did not kill the process (canary damage, oracle failure, a race
 * seen by the differential stress oracle). Signature: kind | fn | oracle | detail.
 */
export function triageFinding(finding: Finding): Triage {
  const { signature, id } = hashed(finding.kind, [finding.fn, finding.oracle, finding.detail ?? '']);
  const firstLine = finding.message.trim().split('\n')[0] ?? '';
  return {
    kind: finding.kind,
    headline: `${finding.kind}: ${firstLine} in ${finding.fn} (oracle ${finding.oracle})`,
    message: finding.message.trim(),
    location: null,
    frames: [finding.fn],
    abortReason: null,
    signal: null,
    signalDescription: null,
    signature,
    id,
  };
}

// Joins the fields after the kind and hashes the result; the same for deaths and findings.
function hashed(kind: CrashKind, fields: readonly string[]): Signature {
  const signature = [kind, ...fields].join(' | ');
  const digest = createHash('sha1').update(signature).digest('hex');
  return { signature, id: `${kind}-${digest.slice(0, 12)}` };
}
