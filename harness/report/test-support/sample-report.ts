import { RUN_SUMMARY_SCHEMA, totalsOf, type ReportFinding, type RunSummary } from '../run-summary.js';

/** A panic message a hostile or buggy target could print: markup, quotes, control characters. */
export const HOSTILE_MESSAGE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> & "quotes" 'too' \u0000\u0007 ]]> end`;

/** A finding as the report stores it; fields overridable per test. */
export function sampleFinding(over: Partial<ReportFinding> = {}): ReportFinding {
  return {
    id: 'panic-0123456789ab',
    kind: 'panic',
    headline: `panic: ${HOSTILE_MESSAGE} at chunk-parser/src/lib.rs:296:50`,
    signature: 'panic|msg|chunk_parser::check_event',
    function: 'parse_chunk',
    message: HOSTILE_MESSAGE,
    location: 'chunk-parser/src/lib.rs:296:50',
    source: { file: 'targets/chunk-parser/src/lib.rs', line: 296, column: 50 },
    oracle: null,
    frames: ['chunk_parser::check_event (chunk-parser/src/lib.rs:296)', 'parse_chunk (chunk-parser/src/lib.rs:136)'],
    firstSeen: '2025-01-02T03:04:05.678Z',
    lastSeen: '2025-01-02T03:04:09.000Z',
    count: 7,
    reproductionRate: 1,
    reproductionRuns: 5,
    reproduce: "ffi-fuzz repro 'corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json'",
    minimize: 'ffi-fuzz minimize corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json',
    record: 'corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json',
    recordFile: '/nonexistent/corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json',
    minimized: '/nonexistent/corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/minimized.json',
    inputHex: '7b2261223a317d',
    inputBytes: 7,
    minimizedHex: '7b7d',
    minimizedBytes: 2,
    ...over,
  };
}

/** A run summary with two functions, one failing, a time series and optional sections. */
export function sampleReport(over: Partial<RunSummary> = {}): RunSummary {
  const findings = over.findings ?? [
    sampleFinding(),
    sampleFinding({
      id: 'wrong-result-aaaaaaaaaaaa',
      kind: 'wrong-result',
      function: 'parse_chunk',
      location: null,
      source: null,
      message: 'stale last error',
      headline: 'wrong-result: stale',
      minimizedHex: null,
      minimizedBytes: null,
    }),
  ];
  return {
    schema: RUN_SUMMARY_SCHEMA,
    run: '2025-01-02T03-04-05-000Z-chunk-parser',
    target: 'chunk-parser',
    library: '/nonexistent/targets/target/release/libchunk_parser.so',
    librarySha256: 'ab'.repeat(32),
    harnessVersion: '0.1.0',
    seed: 7,
    mode: 'property',
    threads: 2,
    functions: ['parse_chunk', 'other_fn'],
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:04:15.000Z',
    elapsedMs: 10_000,
    execs: 1234,
    execsPerSecond: 123,
    restarts: 4,
    peakRssMb: 80,
    resumed: false,
    cwd: '/nonexistent',
    command: 'cd /nonexistent && ffi-fuzz fuzz chunk-parser --seed 7 --runs 1234',
    budget: {
      totalMs: 12_000,
      phases: {
        campaign: { budgetMs: 9000, spentMs: 9010, ended: 'done' },
        minimize: { budgetMs: 1800, spentMs: 700, ended: 'done' },
        sweep: { budgetMs: 1200, spentMs: 1200, ended: 'time-up' },
      },
    },
    interrupted: null,
    totals: totalsOf(findings),
    timeline: [0, 1, 2, 3, 4, 5].map((s) => ({ t: s * 2000, execs: s * 240, findings: Math.min(2, s), rssMb: 40 + s })),
    findings,
    fault: null,
    unsaved: [],
    alignment: [],
    ...over,
  };
}
