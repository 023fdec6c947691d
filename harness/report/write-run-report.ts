import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { tryReadRecord, type CorpusProblem } from '../store/corpus-store.js';
import { MINIMIZED_RECORD_FILE, REPORT_HTML_FILE, REPORT_JUNIT_FILE, REPORT_SARIF_FILE, REPORT_SUMMARY_FILE } from '../store/paths.js';
import { renderHtml } from './html-report.js';
import { renderJunit } from './junit.js';
import { displayPath } from './render-command.js';
import { readRunReport, reportFinding, totalsOf, type RunReport } from './run-report.js';
import { renderSarif } from './sarif.js';

/** The files of one run folder, all written atomically from one summary. */
export function writeRunReport(dir: string, report: RunReport): { summary: string; html: string; junit: string; sarif: string } {
  const files = {
    summary: path.join(dir, REPORT_SUMMARY_FILE),
    html: path.join(dir, REPORT_HTML_FILE),
    junit: path.join(dir, REPORT_JUNIT_FILE),
    sarif: path.join(dir, REPORT_SARIF_FILE),
  };
  writeFileAtomic(files.summary, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(files.html, renderHtml(report));
  writeFileAtomic(files.junit, renderJunit(report));
  writeFileAtomic(files.sarif, `${JSON.stringify(renderSarif(report), null, 2)}\n`);
  return files;
}

/**
 * `ffi-fuzz report <run dir>`: re-reads each finding's record (a later `repro --times` adds the
 * reproduction rate, `minimize` adds minimized.json, another campaign raises the count) and
 * renders every file again. A record that is gone or unreadable keeps the summary's copy.
 */
export function regenerateRunReport(
  dir: string,
  problems: CorpusProblem[],
): { report: RunReport; files: ReturnType<typeof writeRunReport> } {
  const summaryFile = fs.existsSync(dir) && fs.statSync(dir).isFile() ? dir : path.join(dir, REPORT_SUMMARY_FILE);
  if (!fs.existsSync(summaryFile))
    throw new HarnessError('usage', `no ${REPORT_SUMMARY_FILE} in ${dir}`, {
      where: dir,
      hint: 'pass a run folder: reports/<iso-time>-<target>/',
    });
  const old = readRunReport(summaryFile);
  const findings = old.findings.map((f) => {
    if (!fs.existsSync(f.recordFile)) {
      problems.push({ file: f.recordFile, message: 'the record is gone; keeping the copy in summary.json' });
      return f;
    }
    const record = tryReadRecord(f.recordFile, problems);
    if (record === null) return f;
    const minimizedFile = path.join(path.dirname(f.recordFile), MINIMIZED_RECORD_FILE);
    const minimized = fs.existsSync(minimizedFile) ? tryReadRecord(minimizedFile, problems) : null;
    return reportFinding(record, f.recordFile, minimized, (file) => displayPath(file));
  });
  const report: RunReport = { ...old, findings, totals: totalsOf(findings) };
  return { report, files: writeRunReport(path.dirname(summaryFile), report) };
}
