import type { ReportFinding, RunSummary } from './run-summary.js';

/** What each crash kind means, as SARIF rule descriptions. */
const RULES: Readonly<Record<string, string>> = {
  panic: 'A Rust panic crossed the FFI boundary and aborted the host process',
  abort: 'The target aborted the process (e.g. a Rust UB precondition check)',
  segv: 'The target dereferenced an invalid address (SIGSEGV)',
  bus: 'The target made a misaligned or invalid memory access (SIGBUS)',
  timeout: 'A call made no progress within the timeout',
  oom: 'The engine exceeded its memory limit',
  'oob-write': 'The target wrote outside the buffer it was given',
  race: 'Concurrent calls interfered with each other',
  'wrong-result': 'A call broke an oracle of its contract (error return, last error, const input)',
};

type Sarif = Record<string, unknown>;

/**
 * SARIF 2.1.0 for code-scanning UIs: one result per signature, located at the Rust `file:line`
 * the target printed (when it printed one), with the signature as a stable fingerprint so the
 * same bug is recognised across nightly runs.
 */
export function renderSarif(report: RunSummary): Sarif {
  const kinds = [...new Set(report.findings.map((f) => f.kind))].sort();
  const rules = kinds.map((kind) => ({
    id: `ffi-fuzz/${kind}`,
    name: kind.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: RULES[kind] ?? `ffi-fuzz finding of kind ${kind}` },
    defaultConfiguration: { level: 'error' },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ffi-fuzz', version: report.harnessVersion, semanticVersion: report.harnessVersion, rules } },
        automationDetails: { id: `ffi-fuzz/${report.target}/${report.run}` },
        invocations: [
          {
            executionSuccessful: report.fault === null,
            commandLine: report.command,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(report.fault === null ? {} : { toolExecutionNotifications: [{ level: 'error', message: { text: report.fault.message } }] }),
          },
        ],
        originalUriBaseIds: { SRCROOT: { description: { text: 'The directory ffi-fuzz ran in (the repository root in CI)' } } },
        results: report.findings.map((f) => result(f, kinds.indexOf(f.kind))),
      },
    ],
  };
}

function result(f: ReportFinding, ruleIndex: number): Sarif {
  const unknown = f.contractUnknown ?? null;
  const lines = [
    f.headline,
    ...(unknown === null ? [] : [`Contract unknown — write a spec (not counted as a bug): ${unknown}`]),
    `Signature ${f.id}, hit ${f.count} time(s).`,
    `Reproduce with: ${f.reproduce}`,
  ];
  return {
    ruleId: `ffi-fuzz/${f.kind}`,
    ruleIndex,
    level: unknown === null ? 'error' : 'note',
    message: { text: lines.join('\n') },
    ...(f.source === null
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactOf(f.source.file),
                region: { startLine: f.source.line, startColumn: Math.max(1, f.source.column) },
              },
            },
          ],
        }),
    partialFingerprints: { 'ffiFuzzSignature/v1': f.id },
    properties: {
      function: f.function,
      count: f.count,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      reproductionRate: f.reproductionRate,
      record: f.record,
      frames: f.frames,
    },
  };
}

/** Relative paths resolve against SRCROOT (the checkout); absolute ones become file: URIs. */
function artifactOf(file: string): Sarif {
  return file.startsWith('/') ? { uri: `file://${encodeURI(file)}` } : { uri: encodeURI(file), uriBaseId: 'SRCROOT' };
}
