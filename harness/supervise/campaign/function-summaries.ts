import type { ResolvedOptions } from '../../config/options.js';
import type { CampaignResult } from './campaign-loop.js';
import type { CallStats, FunctionCalls } from '../../engine/call-stats-reader.js';
import { isErrorResult } from '../../engine/oracles.js';
import { roleOf } from '../../ffi/resolve-lifecycle.js';
import type { ResolvedFunction, ResolvedTarget } from '../../ffi/resolve-target.js';
import type { FunctionSummary } from '../../report/function-table.js';
import type { CrashRecord } from '../../store/crash-record.js';

/** Below this many calls a share says little: no vacuity warning. */
export const MIN_CALLS_FOR_WARNINGS = 100;
/** A function that rejects (or answers alike) this share of its calls was barely tested. */
export const VACUOUS_SHARE = 0.99;

type Mode = ResolvedOptions['mode'];

/**
 * Per function, what the campaign did (call statistics from every life, engine/call-stats.ts),
 * which oracles judged it in this mode, and what makes its count vacuous.
 */
export function functionSummariesOf(
  target: ResolvedTarget,
  mode: Mode,
  stats: CallStats,
  findings: readonly { readonly record: CrashRecord }[],
): FunctionSummary[] {
  return stats.functions.flatMap((calls) => {
    const fn = target.functions.find((f) => f.name === calls.name);
    if (fn === undefined) return [];
    const errorValues = calls.values.filter((v) => Number.isInteger(v.value) && isErrorResult(fn, BigInt(v.value)));
    const { oracles, notJudged } = oraclesOf(target, fn, mode, calls);
    return [
      {
        name: fn.name,
        calls: calls.calls,
        ok: calls.calls - calls.errors,
        errors: calls.errors,
        errorValues: errorValues.map((v) => ({ value: renderValue(fn, v.value), count: v.count })),
        skipped: calls.skipped,
        findings: findings.filter(({ record }) => record.function === fn.name).length,
        oracles,
        notJudged,
        warnings: vacuityOf(fn, calls),
      },
    ];
  });
}

/** A returned value as the table shows it: NULL for a null pointer; ≈ for a value past 2^53 (counted as a double). */
function renderValue(fn: ResolvedFunction, value: number): string {
  if (value === 0 && fn.prototype.returns.kind === 'pointer') return 'NULL';
  return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : `≈${value.toExponential(6)}`;
}

/** The oracles that judge `fn`'s calls in `mode`, and why the result comparisons do not when they do not. */
export function oraclesOf(
  target: ResolvedTarget,
  fn: ResolvedFunction,
  mode: Mode,
  calls: FunctionCalls,
): { oracles: string[]; notJudged: { oracle: string; reason: string }[] } {
  const oracles = ['crash'];
  if (fn.params.some((p) => p.role === 'buffer' || p.role === 'output')) oracles.push('redzone');
  if (fn.params.some((p) => p.role === 'buffer' && p.isConst)) oracles.push('const-input');
  if (fn.errorReturn !== undefined && (fn.survives.has('null') || fn.survives.has('negative-length')))
    oracles.push('contract-error-return');
  if (fn.lastError !== undefined && fn.errorReturn !== undefined)
    oracles.push(mode === 'stress' ? 'last-error, last-error-foreign' : 'last-error');
  if (fn.postcondition !== undefined) oracles.push('postcondition');
  if (mode === 'property' && target.lifecycle !== undefined && roleOf(target.lifecycle, fn.name) !== undefined) oracles.push('lifecycle');
  const comparison = mode === 'stress' ? 'differential' : 'determinism';
  const reason = comparisonBlocker(target, fn, mode, calls);
  if (reason === undefined) return { oracles: [...oracles, comparison], notJudged: [] };
  return { oracles, notJudged: [{ oracle: comparison, reason }] };
}

/** Why the result-comparison oracle of `mode` did not judge `fn`; undefined when it did. */
function comparisonBlocker(target: ResolvedTarget, fn: ResolvedFunction, mode: Mode, calls: FunctionCalls): string | undefined {
  if (mode === 'coverage') return 'coverage mode runs each input once';
  if (mode === 'property' && target.lifecycle !== undefined) return 'call sequences are judged by the lifecycle model, not run twice';
  if (!fn.deterministic) return 'the contract says its results are not comparable (contract.deterministic: false)';
  if (fn.prototype.returns.kind === 'pointer' && mode === 'stress')
    return 'it returns a pointer (a fresh object each call is not comparable)';
  switch (calls.learned) {
    case 'pure':
      return undefined;
    case 'stateful':
      return 'learned stateful: an earlier input returned another result after other calls (its result depends on history)';
    case 'unknown':
      return 'not learned: too few calls to tell whether its result depends on earlier calls';
    default: {
      const never: never = calls.learned;
      return never;
    }
  }
}

/** Warnings about a count that tested little: (nearly) every call rejected, or answered alike, or skipped. */
export function vacuityOf(fn: ResolvedFunction, calls: FunctionCalls): string[] {
  const warnings: string[] = [];
  const made = calls.calls + calls.skipped;
  if (made === 0) return ['no call returned: nothing was tested (a budget too small, or every call crashed)'];
  const share = (n: number, of: number) => `${(Math.floor((n / of) * 1000) / 10).toFixed(1)}%`;
  if (calls.skipped / made >= VACUOUS_SHARE && made >= MIN_CALLS_FOR_WARNINGS)
    warnings.push(
      `${share(calls.skipped, made)} of its ${made} calls were skipped: the creation of their handle failed or it was released first; likely cause: the create function rarely succeeds (give its inputs content that is valid)`,
    );
  if (calls.calls < MIN_CALLS_FOR_WARNINGS) return warnings;
  if (fn.errorReturn !== undefined && calls.errors / calls.calls >= VACUOUS_SHARE) {
    warnings.push(
      `${share(calls.errors, calls.calls)} of its ${calls.calls} calls returned its error value: only the rejection path was tested; likely cause: the inputs rarely meet its preconditions (give a buffer a content arbitrary of valid inputs; pair every length or capacity parameter with its buffer: an output capacity or an in/out length left at 0 rejects every call)`,
    );
    return warnings;
  }
  const top = calls.values[0];
  const answersVary = fn.prototype.returns.kind === 'void' || fn.prototype.returns.kind === 'bool';
  if (top !== undefined && !answersVary && top.count / calls.calls >= VACUOUS_SHARE)
    warnings.push(
      `${share(top.count, calls.calls)} of its ${calls.calls} calls returned ${renderValue(fn, top.value)}: if that is how it rejects input, only the rejection path was tested (declare it as contract.errorReturn, and give its inputs content that is valid)`,
    );
  return warnings;
}

/** Coverage that stayed flat: the mutated inputs reached no code the starting corpus had not. */
export function campaignWarnings(result: CampaignResult): string[] {
  const coverage = result.summary.coverage;
  if (coverage === undefined || coverage.counters === 0 || result.execs < MIN_CALLS_FOR_WARNINGS) return [];
  if (coverage.edges > coverage.initialEdges) return [];
  return [
    `coverage stayed flat at ${coverage.edges} of ${coverage.counters} edges over ${result.execs} execs: the mutated inputs reached no new code; likely cause: every input is rejected early (see the error returns per function), or the inputs' content never gets past a check (add a dictionary with --dict, or seeds to the corpus)`,
  ];
}
