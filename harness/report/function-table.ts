import { compact } from './coverage-status.js';

/**
 * What a campaign did with one function (summary.json `perFunction`, the terminal table, report.html):
 * how many calls it made, how many the function accepted or rejected, which oracles judged them,
 * and what makes the count vacuous. `ok / calls` is the share of calls that got past the
 * function's input checks.
 */
export interface FunctionSummary {
  readonly name: string;
  /** Calls that returned (a call the process died in is the finding's, not counted here). */
  readonly calls: number;
  /** Calls whose result is not an error under the contract (every returned call when it names no error value). */
  readonly ok: number;
  /** Calls that returned the contract's error value (`contract.errorReturn`). */
  readonly errors: number;
  /** Error returns by value, most frequent first (NULL for a null pointer). */
  readonly errorValues: readonly { readonly value: string; readonly count: number }[];
  /** Sequence calls not made: the creation of their handle failed, or it was released. */
  readonly skipped: number;
  /** Unique findings (buckets) whose culprit is this function. */
  readonly findings: number;
  /** The oracles that judged its calls. */
  readonly oracles: readonly string[];
  /** The oracles that did not, and why. */
  readonly notJudged: readonly { readonly oracle: string; readonly reason: string }[];
  /** What the calls could not test, with the likely cause (e.g. every call rejected). */
  readonly warnings: readonly string[];
}

/** The numeric columns of the terminal table (right-aligned). */
const RIGHT = new Set([1, 2, 4, 5]);

/** The per-function table the terminal summary prints, then each warning on a line of its own. */
export function renderFunctionTable(functions: readonly FunctionSummary[]): string[] {
  if (functions.length === 0) return [];
  const rows = functions.map((f) => [
    f.name,
    compact(f.calls),
    compact(f.ok),
    f.errors === 0 ? '0' : `${compact(f.errors)} (${f.errorValues.map((v) => `${v.value} ×${compact(v.count)}`).join(', ')})`,
    compact(f.skipped),
    String(f.findings),
    f.oracles.join(', '),
  ]);
  const head = ['function', 'calls', 'ok', 'error returns', 'skipped', 'findings', 'oracles'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, c) => (RIGHT.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  return [
    'per function:',
    line(head),
    ...rows.map(line),
    ...functions.flatMap((f) => f.notJudged.map((n) => `  ${f.name}: no ${n.oracle} oracle: ${n.reason}`)),
    ...functions.flatMap((f) => f.warnings.map((w) => `warning: ${f.name}: ${w}`)),
  ];
}
