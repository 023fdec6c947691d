import type { ResolvedOptions } from '../../config/options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import { HarnessError } from '../../model/harness-error.js';

/**
 * The functions a campaign calls (`--only`, empty: all), without those it could only call
 * outside their contract. A function that takes a handle gets a live one only inside a call
 * sequence (property mode, with the lifecycle's create and release among the called functions);
 * anywhere else — stress mode's single calls, `--only` without the create or the release — it
 * would receive the invalid handle 0, which only an API that promises to reject invalid handles
 * (`rejectsStale`) accepts. Those are left out, each with a warning; nothing left is an error.
 */
export function functionsToCall(
  target: ResolvedTarget,
  options: Pick<ResolvedOptions, 'mode' | 'only'>,
  warn: (line: string) => void,
): string[] {
  const lifecycle = target.lifecycle;
  const called = target.functions.filter((f) => options.only.length === 0 || options.only.includes(f.name));
  if (lifecycle === undefined || lifecycle.rejectsStale) return [...options.only];
  const names = called.map((f) => f.name);
  const sequences = options.mode === 'property' && names.includes(lifecycle.create) && names.includes(lifecycle.release);
  if (sequences) return [...options.only];
  const takers = called.filter((f) => lifecycle.handleParams.has(f.name)).map((f) => f.name);
  if (takers.length === 0) return [...options.only];
  const why =
    options.mode === 'property'
      ? `--only leaves out ${names.includes(lifecycle.create) ? lifecycle.release : lifecycle.create}`
      : `${options.mode} mode runs single calls`;
  for (const fn of takers)
    warn(
      `${fn} left out: it takes a handle, which only a call sequence gives it live (${why}; the lifecycle does not promise to reject invalid handles)`,
    );
  const kept = names.filter((n) => !takers.includes(n));
  if (kept.length === 0)
    throw new HarnessError('usage', `nothing to fuzz in ${target.name}: every function left takes a handle (${why})`, {
      where: options.only.length > 0 ? '--only' : '--mode',
      hint: `fuzz the lifecycle in property mode with ${lifecycle.create} and ${lifecycle.release} among the functions`,
    });
  return kept;
}
