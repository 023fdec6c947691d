import { escapeXml } from './escape.js';
import type { ReportFinding, RunSummary } from './run-summary.js';

/** The testcase name of findings whose function is not known. */
const UNKNOWN_FUNCTION = '(unknown function)';

/**
 * junit.xml for CI: one testsuite per run, one testcase per fuzzed function. A finding is a
 * <failure> of its function's testcase (a function with only findings whose contract is unknown is
 * <skipped>); a harness fault is an <error> of a `campaign` testcase,
 * so CI can tell "the target has a bug" from "the fuzzer broke". Validates against
 * harness/report/schemas/junit.xsd.
 */
export function renderJunit(report: RunSummary): string {
  const byFunction = new Map<string, ReportFinding[]>(report.functions.map((f) => [f, []]));
  for (const finding of report.findings) {
    const fn = finding.function ?? UNKNOWN_FUNCTION;
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), finding]);
  }
  const seconds = (report.elapsedMs / 1000).toFixed(3);
  const cases: string[] = [];
  let skipped = 0;
  for (const [fn, all] of byFunction) {
    // A finding whose contract zero-config guessed is not a bug: the testcase is skipped, not failed, when it has only those.
    const findings = all.filter((f) => f.contractUnknown === undefined || f.contractUnknown === null);
    const unknown = all.find((f) => f.contractUnknown !== undefined && f.contractUnknown !== null);
    if (findings.length === 0 && unknown !== undefined) skipped++;
    const body =
      findings.length === 0 && unknown !== undefined
        ? `      <skipped message="${escapeXml(`contract unknown — write a spec: ${unknown.headline}`)}"/>\n`
        : findings
            .map(
              (f) =>
                `      <failure message="${escapeXml(f.headline)}" type="${escapeXml(f.kind)}">${escapeXml(failureText(f))}</failure>\n`,
            )
            .join('');
    cases.push(
      `    <testcase classname="${escapeXml(`ffi-fuzz.${report.target}`)}" name="${escapeXml(fn)}" time="${seconds}"${body === '' ? '/>' : `>\n${body}    </testcase>`}`,
    );
  }
  if (report.fault !== null) {
    const text = [report.fault.message, report.fault.hint === null ? '' : `hint: ${report.fault.hint}`].filter((l) => l !== '').join('\n');
    cases.push(
      `    <testcase classname="${escapeXml(`ffi-fuzz.${report.target}`)}" name="campaign" time="${seconds}">\n      <error message="${escapeXml(report.fault.message)}" type="${escapeXml(report.fault.code)}">${escapeXml(text)}</error>\n    </testcase>`,
    );
  }
  const tests = cases.length;
  const failures = [...byFunction.values()].filter((f) =>
    f.some((x) => x.contractUnknown === undefined || x.contractUnknown === null),
  ).length;
  const errors = report.fault === null ? 0 : 1;
  const properties = [
    ['seed', String(report.seed)],
    ['library', report.library],
    ['librarySha256', report.librarySha256],
    ['execs', String(report.execs)],
    ['execsPerSecond', String(report.execsPerSecond)],
    ['command', report.command],
  ]
    .map(([k, v]) => `      <property name="${escapeXml(k!)}" value="${escapeXml(v!)}"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ffi-fuzz" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${escapeXml(`ffi-fuzz.${report.target}`)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}" timestamp="${report.startedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '')}">`,
    '    <properties>',
    properties,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function failureText(f: ReportFinding): string {
  const lines = [f.headline, `signature: ${f.id}`, `hits: ${f.count}`];
  if (f.location !== null) lines.push(`at: ${f.location}`);
  if (f.frames.length > 0) lines.push(`frames:\n  ${f.frames.join('\n  ')}`);
  lines.push(`record: ${f.record}`, `Reproduce with: ${f.reproduce}`, `Minimize with: ${f.minimize}`);
  return lines.join('\n');
}
