import fs from 'node:fs';
import path from 'node:path';
import { asHarnessError, HarnessError } from '../model/harness-error.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { tryReadRecord, type CorpusProblem } from '../store/corpus-store.js';
import { MINIMIZED_RECORD_FILE, REPORT_HTML_FILE, REPORT_JUNIT_FILE, REPORT_SARIF_FILE, REPORT_SUMMARY_FILE } from '../store/paths.js';
import { renderHtml } from './html-report.js';
import { renderJunit } from './junit.js';
import { readRunSummary } from './read-run-summary.js';
import { displayPath } from './render-command.js';
import { reportFinding } from './report-finding.js';
import { totalsOf, type RunSummary } from './run-summary.js';
import { renderSarif } from './sarif.js';

/** The files of one run folder. */
export interface RunReportFiles {
  readonly summary: string;
  readonly html: string;
  readonly junit: string;
  readonly sarif: string;
}

/**
 * Writes the files of one run folder, each atomically, all from one summary. A file that cannot
 * be written (a full disk) does not keep the others from being tried: the failures are returned.
 */
export function writeRunReport(dir: string, summary: RunSummary): { files: RunReportFiles; failed: HarnessError[] } {
  const files: RunReportFiles = {
    summary: path.join(dir, REPORT_SUMMARY_FILE),
    html: path.join(dir, REPORT_HTML_FILE),
    junit: path.join(dir, REPORT_JUNIT_FILE),
    sarif: path.join(dir, REPORT_SARIF_FILE),
  };
  const failed: HarnessError[] = [];
  const write = (file: string, render: () => string) => {
    try {
      writeFileAtomic(file, render());
    } catch (error) {
      failed.push(asHarnessError(error));
    }
  };
  write(files.summary, () => `${JSON.stringify(summary, null, 2)}\n`);
  write(files.html, () => renderHtml(summary));
  write(files.junit, () => renderJunit(summary));
  write(files.sarif, () => `${JSON.stringify(renderSarif(summary), null, 2)}\n`);
  return { files, failed };
}

/**
 * `ffi-fuzz report <run dir>`: re-reads each finding's record (a later `repro --times` adds the
 * reproduction rate, `minimize` adds minimized.json, another campaign raises the count) and
 * renders every file again. A record that is gone or unreadable keeps the summary's copy.
 */
export function regenerateRunReport(dir: string, problems: CorpusProblem[]): { report: RunSummary; files: RunReportFiles } {
  const summaryFile = fs.existsSync(dir) && fs.statSync(dir).isFile() ? dir : path.join(dir, REPORT_SUMMARY_FILE);
  if (!fs.existsSync(summaryFile))
    throw new HarnessError('usage', `no ${REPORT_SUMMARY_FILE} in ${dir}`, {
      where: dir,
      hint: 'pass a run folder: <reports>/<iso-time>-<target>/ (reports go to <out>/reports unless --reports says otherwise)',
    });
  const old = readRunSummary(summaryFile);
  const findings = old.findings.map((f) => {
    if (!fs.existsSync(f.recordFile)) {
      problems.push({ file: f.recordFile, message: 'the record is gone; keeping the copy in summary.json' });
      return f;
    }
    const record = tryReadRecord(f.recordFile, problems);
    if (record === null) return f;
    const minimizedFile = path.join(path.dirname(f.recordFile), MINIMIZED_RECORD_FILE);
    const minimized = fs.existsSync(minimizedFile) ? tryReadRecord(minimizedFile, problems) : null;
    return reportFinding(record, f.recordFile, {
      minimized: minimized === null ? null : { record: minimized, file: minimizedFile },
      commands: { reproduce: f.reproduce, minimize: f.minimize },
      display: (file) => displayPath(file, old.cwd),
    });
  });
  const report: RunSummary = { ...old, findings, totals: totalsOf(findings) };
  const { files, failed } = writeRunReport(path.dirname(summaryFile), report);
  if (failed[0] !== undefined) throw failed[0];
  return { report, files };
}
