import type { EngineFault } from '../../engine/protocol.js';
import { HarnessError, isHarnessErrorCode } from '../../model/harness-error.js';

/** How a child died: by the target (a signal, an abort, an exit code) or by us (a hang, memory). */
export interface ChildDeath {
  readonly signal: string | null;
  readonly exitCode: number | null;
  /** The child's stderr (bounded: the tail is kept). */
  readonly stderr: string;
  /** We killed it: a call made no progress for the timeout. */
  readonly timedOut: boolean;
  /** The slot whose call stopped making progress (timeouts); a campaign mode may rename it (stress scout). */
  readonly hungWorker: number | null;
  /** We killed it: its resident memory passed the limit. */
  readonly oom: boolean;
  readonly durationMs: number;
  /** SIGTERM was not enough: SIGKILL followed after the grace period. */
  readonly forcefullyTerminated: boolean;
}

/** What the supervisor saw of one child life, before it is interpreted (run-engine.ts fills it in). */
export interface ChildExit extends ChildDeath {
  readonly peakRssMb: number;
  /** The `finished` message: next stream index per thread; null when it never came. */
  readonly finished: readonly number[] | null;
  /** The `fault` message, when the child reported one. */
  readonly fault: EngineFault | null;
}

/** What every end carries. */
interface EndCommon {
  readonly stderr: string;
  readonly peakRssMb: number;
  readonly durationMs: number;
}

/**
 * How one child life ended, as one value:
 *  - `finished`: the work is done; `next` is where each thread's stream stopped;
 *  - `died`: the target killed the child, or we did (hang, memory); a finding;
 *  - `fault`: the harness or its input failed inside the child; never a finding.
 */
export type ChildEnd =
  | (EndCommon & { readonly how: 'finished'; readonly next: readonly number[] })
  | (EndCommon & { readonly how: 'died'; readonly death: ChildDeath })
  | (EndCommon & { readonly how: 'fault'; readonly error: HarnessError });

/**
 * Interprets a child's exit (modelled on execa's lib/return/result.js): a reported fault wins;
 * a life is finished only when the child said so, exited 0 and was not killed by us; anything
 * else is a death.
 */
export function childEndOf(exit: ChildExit): ChildEnd {
  const common = { stderr: exit.stderr, peakRssMb: exit.peakRssMb, durationMs: exit.durationMs };
  if (exit.fault !== null) return { ...common, how: 'fault', error: errorOfFault(exit.fault) };
  if (exit.finished !== null && exit.exitCode === 0 && !exit.timedOut && !exit.oom)
    return { ...common, how: 'finished', next: exit.finished };
  const { signal, exitCode, stderr, timedOut, hungWorker, oom, durationMs, forcefullyTerminated } = exit;
  return { ...common, how: 'died', death: { signal, exitCode, stderr, timedOut, hungWorker, oom, durationMs, forcefullyTerminated } };
}

/**
 * The HarnessError a child reported as data (a HarnessError does not survive IPC). The code is
 * text from another process: one we do not know is our bug, reported as internal and named.
 */
export function errorOfFault(fault: EngineFault): HarnessError {
  const details = {
    ...(fault.where === undefined ? {} : { where: fault.where }),
    ...(fault.hint === undefined ? {} : { hint: fault.hint }),
  };
  if (isHarnessErrorCode(fault.code)) return new HarnessError(fault.code, fault.message, details);
  return new HarnessError('internal', `the engine reported a fault with the unknown code '${fault.code}': ${fault.message}`, {
    ...details,
    hint: 'this is a bug in ffi-fuzz; please report it with the command you ran',
  });
}

/** A child that died before any thread made a call: the library crashes while loading, or the engine cannot start. */
export function startError(death: ChildDeath): HarnessError {
  const how = death.signal !== null ? `signal ${death.signal}` : `exit code ${death.exitCode}`;
  return new HarnessError(
    'bad-library',
    `the engine died (${how}) before its first call: the library crashes while loading, or the engine cannot start`,
    { hint: death.stderr.trim().split('\n').slice(-10).join('\n') || 'no output on stderr' },
  );
}
