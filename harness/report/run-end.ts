import type { HarnessError } from '../model/harness-error.js';
import { renderFindingsTable } from './crash-report.js';
import { renderFunctionTable } from './function-table.js';
import type { PhaseName, RunSummary } from './run-summary.js';

/**
 * The closing lines of `fuzz` on the terminal, from the same summary report.html is rendered
 * from (so the figures agree): totals, how the budget went, the findings, and anything that could
 * not be saved.
 */
export function renderRunEnd(summary: RunSummary, unwritten: readonly HarnessError[]): string[] {
  const lines: string[] = [];
  if (summary.interrupted !== null)
    lines.push(
      `interrupted (${summary.interrupted}): the campaign stopped early; the report holds what it found, and the same command resumes it`,
    );
  lines.push(
    `done: ${summary.execs} execs in ${(summary.elapsedMs / 1000).toFixed(1)}s (${summary.execsPerSecond}/s), ${summary.restarts} restarts${forked(summary)}, ${summary.findings.length} unique finding(s)${guessed(summary)}, peak RSS ${summary.peakRssMb} MiB`,
  );
  const phases = (['campaign', 'minimize', 'sweep'] as const satisfies readonly PhaseName[]).map((name) => {
    const p = summary.budget.phases[name];
    return p.ended === 'off' ? `${name} off` : `${name} ${(p.spentMs / 1000).toFixed(1)}s (${p.ended})`;
  });
  lines.push(`phases: ${phases.join(', ')}`);
  const c = summary.coverage;
  if (c !== undefined)
    lines.push(
      `coverage: ${c.counters === 0 ? 'edges - (not instrumented)' : `edges ${c.edges}/${c.counters} (${c.initialEdges} from the corpus it started from)`}, corpus ${c.corpusBefore} → ${c.corpus}, ${c.learnedTokens} token(s) learned`,
    );
  lines.push(...renderFindingsTable(summary.findings));
  lines.push(...renderFunctionTable(summary.perFunction ?? []));
  for (const warning of summary.warnings ?? []) lines.push(`warning: ${warning}`);
  for (const file of summary.unsaved) lines.push(`not saved: ${file}`);
  for (const error of unwritten) lines.push(`not saved: ${error.where ?? '?'}: ${error.message}`);
  return lines;
}

/** How many lives the fork servers forked, for the closing line ('' without a fork server). */
function forked(summary: RunSummary): string {
  const usage = summary.forkServer;
  return usage === undefined ? '' : ` (${usage.lives} lives forked by ${usage.servers} fork server${usage.servers === 1 ? '' : 's'})`;
}

/** How many findings are on a contract zero-config guessed, for the closing line ('' when none). */
function guessed(summary: RunSummary): string {
  const n = summary.findings.filter((f) => f.contractUnknown !== undefined && f.contractUnknown !== null).length;
  return n === 0 ? '' : ` (${n} with the contract unknown: not bugs until a spec says so)`;
}
