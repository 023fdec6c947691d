import { locationWithoutColumn, normalizeMessage } from './normalize.js';
import type { CrashKind } from '../../../model/crash-kind.js';

// A bucket is kind + crash location + the top in-target frames + the masked message. One bug can
// still reach its crash site through different call chains (a helper that panics, called from
// two exported functions), which makes buckets that differ only in their frames. The findings
// book counts such a near-duplicate in the bucket that came first instead of opening another.
// The rule is deliberately narrow: the same kind, the same crash location (file:line) and the
// same masked message. Frames alone never merge: two panics in one function share their frames
// and are two bugs (different lines); a crash with no location is identified by its frames or
// by the functions in flight, and merges only by an equal id.

/** What near-duplicate detection reads of a bucket (a CrashRecord or a Triage). */
export interface Bucketed {
  readonly id: string;
  readonly kind: CrashKind;
  readonly message: string | null;
  readonly location: string | null;
}

/** True when `b` is the crash of bucket `a` reached through another call chain (see above). */
export function isNearDuplicate(a: Bucketed, b: Bucketed): boolean {
  if (a.id === b.id) return true;
  if (a.kind !== b.kind || a.location === null || b.location === null) return false;
  if (locationWithoutColumn(a.location) !== locationWithoutColumn(b.location)) return false;
  return normalizeMessage(a.message ?? '') === normalizeMessage(b.message ?? '');
}
