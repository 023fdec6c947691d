/**
 * The stop signal of one phase: it fires when the command is interrupted (`parent`) or when the
 * phase's deadline passes, whichever comes first. Everything the phase starts listens to it
 * (engine children are killed, loops stop taking work). `dispose` releases the timer and the
 * listener once the phase is over.
 */
export interface PhaseStop {
  readonly signal: AbortSignal;
  /** True when it fired because time was up (not because the command was interrupted). */
  readonly timeUp: () => boolean;
  readonly dispose: () => void;
}

/** Reason of a phase stop whose deadline passed. */
export const TIME_UP = 'time-up';

/** A stop for a phase ending at `deadline` (epoch ms; null = only when interrupted). */
export function phaseStop(parent: AbortSignal, deadline: number | null): PhaseStop {
  const controller = new AbortController();
  const interrupt = () => controller.abort(parent.reason);
  if (parent.aborted) interrupt();
  else parent.addEventListener('abort', interrupt, { once: true });
  const timer =
    deadline === null || controller.signal.aborted
      ? undefined
      : setTimeout(() => controller.abort(TIME_UP), Math.max(0, deadline - Date.now()));
  return {
    signal: controller.signal,
    timeUp: () => controller.signal.aborted && controller.signal.reason === TIME_UP,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', interrupt);
    },
  };
}

/** A controller that also aborts when `outer` does: for a phase that must be able to stop itself (a fault inside it). */
export function linkedController(outer: AbortSignal): AbortController {
  const controller = new AbortController();
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
  return controller;
}
