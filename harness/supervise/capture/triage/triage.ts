// The records triage consumes and produces. Kept apart from the functions so that
// classify.ts (deaths) and signature.ts (findings) build the same shape.
import type { CrashKind } from '../../../model/crash-kind.js';

/** How the engine child ended, as the supervisor observed it. */
export interface Death {
  /** Signal name (`SIGSEGV`), null when the process exited. */
  readonly signal: string | null;
  /** Exit code, null when a signal ended the process. */
  readonly exitCode: number | null;
  /** The child's stderr (or its tail). */
  readonly stderr: string;
  /** The supervisor killed the child at its deadline. */
  readonly timedOut: boolean;
  /** The supervisor killed the child over its memory limit. */
  readonly oom: boolean;
  /** Parameter names of the faulting call, for headlines that name a parameter (guard-page faults). */
  readonly paramNames?: readonly string[];
  /**
   * The function of each call in flight when the child died, one entry per thread (repeats kept:
   * their count is the thread count). Names the bucket of a death nothing else locates.
   */
  readonly inflight?: readonly string[];
}

/** The outcome of triage: a readable verdict plus a stable bucket signature. */
export interface Triage {
  readonly kind: CrashKind;
  /** One line for tables and terminals, e.g. `panic: … at chunk-parser/src/lib.rs:296:50`. */
  readonly headline: string;
  /** Full message (panic message, sanitizer finding, oracle message), null when none. */
  readonly message: string | null;
  /** `file:line:col` of the fault, crate-relative; null when unknown. */
  readonly location: string | null;
  /** Top frames inside the target after the ignore table, as `symbol (file:line)`. */
  readonly frames: readonly string[];
  readonly abortReason: string | null;
  readonly signal: string | null;
  readonly signalDescription: string | null;
  /** Normalised text the id hashes; equal for the same bug reached by different inputs. */
  readonly signature: string;
  /** `<kind>-<first 12 hex of sha1(signature)>`: the bucket and artifact name. */
  readonly id: string;
}
