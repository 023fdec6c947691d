import { abiTables } from './abi-tables.js';
import type { AlignmentTable } from './alignment-table.js';
import { escapeHtml as h } from './escape.js';
import type { PhaseRecord, ReportFinding, ReportTable, RunSummary } from './run-summary.js';
import { lineChart } from './svg-chart.js';

/** Bytes of an input shown in the crash table; the rest is counted. */
const HEX_SHOWN = 256;

/**
 * The run as one self-contained HTML page: no script, no external file, a CSP that forbids
 * both. Every string from the run (panic messages, stderr, names) is escaped: a message such
 * as `<script>…` is shown as text.
 */
export function renderHtml(report: RunSummary): string {
  const title = `ffi-fuzz: ${report.target} — ${report.findings.length} finding(s)`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<header><h1>${h(title)}</h1>${overview(report)}</header>`,
    report.interrupted === null
      ? ''
      : `<section id="interrupted" class="fault"><h2>Interrupted (${h(report.interrupted)})</h2><p>The campaign was stopped early; everything found until then is below.</p></section>`,
    report.unsaved.length === 0
      ? ''
      : `<section id="unsaved" class="fault"><h2>Not saved</h2><ul>${report.unsaved.map((f) => `<li><code>${h(f)}</code></li>`).join('')}</ul></section>`,
    report.fault === null
      ? ''
      : `<section id="fault" class="fault"><h2>The run stopped on a harness fault</h2><p><b>${h(report.fault.code)}</b>: ${h(report.fault.message)}</p>${report.fault.hint === null ? '' : `<p>hint: ${h(report.fault.hint)}</p>`}</section>`,
    `<section id="plots"><h2>Over time</h2><div class="charts">${charts(report)}</div></section>`,
    `<section id="findings"><h2>Findings</h2>${crashTable(report.findings)}</section>`,
    report.perFunction === undefined ? '' : `<section id="functions"><h2>Per function</h2>${functionTable(report)}</section>`,
    report.alignment.length > 0
      ? `<section id="alignment"><h2>Alignment sweep</h2>${report.alignment.map(alignmentTable).join('')}</section>`
      : '',
    report.abi !== undefined && report.abi.structs.length > 0
      ? `<section id="abi"><h2>ABI layouts</h2>${abiTables(report.abi).map(plainTable).join('')}</section>`
      : '',
    `<footer>ffi-fuzz ${h(report.harnessVersion)} · run ${h(report.run)} · rerun with <code>${h(report.command)}</code></footer>`,
    '</body></html>',
    '',
  ].join('\n');
}

function overview(r: RunSummary): string {
  const items: [string, string][] = [
    ['target', r.target],
    ['library', `${r.library} (sha256 ${r.librarySha256.slice(0, 12)})`],
    ['seed', String(r.seed)],
    ['mode / threads', `${r.mode} / ${r.threads}`],
    ['functions', r.functions.join(', ')],
    ['started', r.startedAt],
    ['elapsed', `${(r.elapsedMs / 1000).toFixed(1)} s${r.resumed ? ' (resumed after an interruption)' : ''}`],
    ['executions', `${r.execs} (${r.execsPerSecond}/s)`],
    ['restarts', String(r.restarts)],
    ['peak RSS', `${r.peakRssMb} MiB (engine processes together)`],
    ['budget', budgetText(r.budget)],
    [
      'findings',
      `${r.totals.findings} unique, ${r.totals.hits} hits${
        Object.keys(r.totals.byKind).length > 0
          ? ` — ${Object.entries(r.totals.byKind)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}`
          : ''
      }`,
    ],
  ];
  return `<dl class="overview">${items.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

function budgetText(b: RunSummary['budget']): string {
  const phase = (name: string, p: PhaseRecord) =>
    `${name} ${(p.spentMs / 1000).toFixed(1)}s${p.budgetMs === null ? '' : ` of ${(p.budgetMs / 1000).toFixed(1)}s`} (${p.ended})`;
  const head = b.totalMs === null ? 'runs' : `${(b.totalMs / 1000).toFixed(1)} s`;
  return `${head}: ${phase('campaign', b.phases.campaign)}, ${phase('minimize', b.phases.minimize)}, ${phase('sweep', b.phases.sweep)}`;
}

function charts(r: RunSummary): string {
  const t = r.timeline;
  const rate = t
    .slice(1)
    .map((s, i) => [s.t / 1000, Math.max(0, (s.execs - t[i]!.execs) / Math.max(0.001, (s.t - t[i]!.t) / 1000))] as const);
  const found = t.map((s) => [s.t / 1000, s.findings] as const);
  const out = [
    lineChart({
      id: 'chart-execs',
      title: 'Executions per second',
      xLabel: 'seconds',
      yLabel: 'execs/s',
      series: [{ label: 'execs/s', points: rate, color: '#2563eb' }],
    }),
    lineChart({
      id: 'chart-findings',
      title: 'Unique findings over time',
      xLabel: 'seconds',
      yLabel: 'findings',
      series: [{ label: 'findings', points: found, color: '#dc2626', step: true }],
    }),
  ];
  const coverage = t.filter((s) => s.coverage !== undefined).map((s) => [s.t / 1000, s.coverage!] as const);
  if (coverage.length > 0)
    out.push(
      lineChart({
        id: 'chart-coverage',
        title: 'Coverage over time',
        xLabel: 'seconds',
        yLabel: 'edges',
        series: [{ label: 'coverage', points: coverage, color: '#059669' }],
      }),
    );
  const rss = t.filter((s) => s.rssMb > 0).map((s) => [s.t / 1000, s.rssMb] as const);
  if (rss.length > 0)
    out.push(
      lineChart({
        id: 'chart-rss',
        title: 'Engine memory (RSS)',
        xLabel: 'seconds',
        yLabel: 'MiB',
        series: [{ label: 'RSS MiB', points: rss, color: '#7c3aed' }],
      }),
    );
  return out.join('\n');
}

function crashTable(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return '<p class="clean">No findings in this run.</p>';
  const head = ['kind', 'signature', 'function', 'first seen', 'count', 'repro rate', 'reproduce', 'minimized input (hex)']
    .map((c) => `<th>${c}</th>`)
    .join('');
  const rows = [...findings]
    .sort((a, b) => b.count - a.count)
    .map((f) => {
      const rate = f.reproductionRate === null ? 'not measured' : `${Math.round(f.reproductionRate * 100)}% of ${f.reproductionRuns}`;
      const detail = [
        `<div class="headline">${h(f.headline)}</div>`,
        f.contractUnknown === undefined || f.contractUnknown === null
          ? ''
          : `<div class="unknown">contract unknown — write a spec (not counted as a bug): ${h(f.contractUnknown)}</div>`,
        f.message === null ? '' : `<div>message: <span class="message">${h(f.message)}</span></div>`,
        f.location === null ? '' : `<div>at <code>${h(f.location)}</code></div>`,
        f.frames.length === 0
          ? ''
          : `<details><summary>frames</summary><ol>${f.frames.map((fr) => `<li><code>${h(fr)}</code></li>`).join('')}</ol></details>`,
        `<div>record: <code>${h(f.record)}</code></div>`,
      ].join('');
      return [
        `<tr class="finding" data-id="${h(f.id)}">`,
        `<td><span class="kind kind-${h(f.kind)}">${h(f.kind)}</span></td>`,
        `<td><code>${h(f.id)}</code>${detail}</td>`,
        `<td>${h(f.function ?? '?')}</td>`,
        `<td>${h(f.firstSeen)}</td>`,
        `<td class="num">${f.count}</td>`,
        `<td>${h(rate)}</td>`,
        `<td><code class="cmd">${h(f.reproduce)}</code></td>`,
        `<td>${hexCell(f)}</td>`,
        '</tr>',
      ].join('');
    });
  return `<table id="crash-table"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function hexCell(f: ReportFinding): string {
  const [hex, bytes, note] =
    f.minimizedHex !== null
      ? [f.minimizedHex, f.minimizedBytes!, 'minimized']
      : f.inputHex !== null
        ? [f.inputHex, f.inputBytes!, 'not minimized yet']
        : [null, 0, 'no buffer argument'];
  if (hex === null) return `<span class="note">${note}</span>`;
  const shown = hex.slice(0, HEX_SHOWN * 2).replace(/(..)(?!$)/g, '$1 ');
  return `<code class="hex">${h(shown)}${bytes > HEX_SHOWN ? ' …' : ''}</code><div class="note">${bytes} bytes, ${note}</div>`;
}

/** Calls, how many the function accepted and rejected, the oracles that judged them, and every vacuity warning. */
function functionTable(r: RunSummary): string {
  const fns = r.perFunction ?? [];
  const head = `<tr>${['function', 'calls', 'ok', 'error returns', 'skipped', 'findings', 'oracles', 'not judged'].map((c) => `<th>${c}</th>`).join('')}</tr>`;
  const rows = fns.map((f) => {
    const errors = f.errors === 0 ? '0' : `${f.errors} (${f.errorValues.map((v) => `${v.value} ×${v.count}`).join(', ')})`;
    const cells = [f.calls, f.ok, errors, f.skipped, f.findings].map((c) => `<td class="num">${h(String(c))}</td>`).join('');
    const notJudged = f.notJudged.map((n) => `${n.oracle}: ${n.reason}`).join('; ');
    return `<tr class="${f.warnings.length > 0 ? 'bad' : ''}"><td>${h(f.name)}</td>${cells}<td>${h(f.oracles.join(', '))}</td><td>${h(notJudged)}</td></tr>`;
  });
  const warnings = [...(r.warnings ?? []), ...fns.flatMap((f) => f.warnings.map((w) => `${f.name}: ${w}`))];
  const list = warnings.length === 0 ? '' : `<ul class="warnings">${warnings.map((w) => `<li>warning: ${h(w)}</li>`).join('')}</ul>`;
  return `<table class="functions">${head}${rows.join('')}</table>${list}`;
}

function alignmentTable(t: AlignmentTable): string {
  const labels = [...new Set(t.rows.flatMap((r) => Object.keys(r.outcomes)))].sort((a, b) =>
    a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b),
  );
  const head = `<tr><th>offset</th>${t.rows.map((r) => `<th class="num">+${r.offset}</th>`).join('')}</tr>`;
  const rows = labels.map(
    (l) =>
      `<tr><th>${h(l)}</th>${t.rows.map((r) => `<td class="num${l !== 'ok' && (r.outcomes[l] ?? 0) > 0 ? ' bad' : ''}">${r.outcomes[l] ?? 0}</td>`).join('')}</tr>`,
  );
  return `<h3>${h(t.function)}(${h(t.param)}): ${t.samples} inputs at each offset from a 64-byte boundary</h3><table class="alignment">${head}${rows.join('')}</table>`;
}

function plainTable(t: ReportTable): string {
  const head = `<tr>${t.columns.map((c) => `<th>${h(c)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (r) => `<tr class="${r.ok === false ? 'bad' : r.ok === true ? 'ok' : ''}">${r.cells.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`,
  );
  const notes = (t.notes ?? []).map((n) => `<li>${h(n)}</li>`).join('');
  return `<h3>${h(t.title)}</h3><table class="abi">${head}${rows.join('')}</table>${notes === '' ? '' : `<ul>${notes}</ul>`}`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111;background:#fff}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ddd}
dl.overview{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:#555}dd{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #e5e7eb;background:#fafafa}
.chart .grid{stroke:#e5e7eb}.chart .axis{stroke:#555}.chart text{font-size:11px;fill:#333}.chart .chart-title{font-weight:600;font-size:12px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f3f4f6}td.num{text-align:right}td.bad,tr.bad td{background:#fee2e2}
code{font:12px ui-monospace,monospace}code.hex,code.cmd{word-break:break-all;display:block;max-width:420px}code.hex{max-height:12em;overflow:auto}
.kind{font-weight:600;padding:1px 6px;border-radius:3px;background:#fde68a}.kind-panic,.kind-abort,.kind-segv,.kind-bus{background:#fecaca}
.headline{font-weight:500;margin-top:4px;white-space:pre-wrap;word-break:break-word}.message{white-space:pre-wrap}.note{color:#666;font-size:12px}
.fault{border:2px solid #b91c1c;padding:8px;background:#fef2f2}.clean{color:#166534}.warnings,.unknown{color:#92400e}
footer{margin-top:32px;color:#666;font-size:12px}`;
