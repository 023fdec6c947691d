import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { displayPath } from '../../report/render-command.js';
import { regenerateRunReport } from '../../report/write-run-report.js';
import type { CorpusProblem } from '../../store/corpus-store.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/** `ffi-fuzz report <run dir>`: renders summary.json, report.html, junit.xml and results.sarif again from the run's records. */
export async function reportCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.report.options);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'report takes one run folder', { hint: 'ffi-fuzz report reports/<iso-time>-<target>' });
  const problems: CorpusProblem[] = [];
  const { report, files } = regenerateRunReport(path.resolve(positionals[0]!), problems);
  for (const p of problems) sink.err(`warning: ${displayPath(p.file)}: ${p.message}`);
  sink.err(`${report.target}: ${report.findings.length} finding(s), ${report.execs} execs`);
  for (const file of [files.html, files.junit, files.sarif, files.summary]) sink.out(displayPath(file));
  return ExitCode.Clean;
}
