import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeXml } from './escape.js';
import { renderHtml } from './html-report.js';
import { sampleReport, HOSTILE_MESSAGE } from './test-support/sample-report.js';

describe('renderHtml', () => {
  const html = renderHtml(
    sampleReport({
      alignment: [
        {
          function: 'parse_chunk',
          param: 'ptr',
          samples: 4,
          rows: [
            { offset: 0, outcomes: { ok: 4 } },
            { offset: 3, outcomes: { ok: 1, 'ub-check': 3 } },
          ],
        },
      ],
      abi: {
        ok: false,
        library: '/nonexistent/libjob_layout.so',
        header: null,
        structs: [
          {
            name: 'Job',
            ok: false,
            sources: ['declared', 'library'],
            size: { declared: 16, library: 24 },
            align: { declared: 4, library: 8 },
            fields: [
              {
                name: 'id',
                ok: true,
                views: { declared: { offset: 0, size: 4, type: 'u32' }, library: { offset: 0, size: 4, type: 'u32' } },
              },
              {
                name: 'deadline',
                ok: false,
                views: { declared: { offset: 4, size: 8, type: 'u64' }, library: { offset: 8, size: 8, type: 'u64' } },
              },
            ],
            diagnosis: ['deadline is at 4 in the spec and at 8 in the library'],
          },
        ],
        lines: [],
      },
      interrupted: 'SIGTERM',
      unsaved: ['/nonexistent/corpus/t/f/crashes/segv-1/crash.json'],
      perFunction: [
        {
          name: 'uncompress',
          calls: 500,
          ok: 0,
          errors: 500,
          errorValues: [{ value: '-3', count: 500 }],
          skipped: 0,
          findings: 0,
          oracles: ['crash', 'redzone'],
          notJudged: [{ oracle: 'determinism', reason: 'learned <stateful>' }],
          warnings: ['100.0% of its 500 calls returned its error value'],
        },
      ],
      warnings: ['coverage stayed flat'],
    }),
  );

  it('should contain no script and forbid scripts by CSP', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('should show a hostile panic message as escaped text', () => {
    expect(html).toContain(escapeHtml(HOSTILE_MESSAGE));
    expect(html).not.toContain('<img src=x');
  });

  it('should hold both plots, the crash table and the optional sections', () => {
    expect(html).toContain('id="chart-execs"');
    expect(html).toContain('id="chart-findings"');
    expect(html).toContain('id="crash-table"');
    expect(html).toContain('<section id="alignment">');
    expect(html).toContain('<section id="abi">');
    expect(html).toContain('<td>@8 +8 u64</td>');
    expect(html).toContain('<section id="functions">');
    expect(html).toContain('<td>uncompress</td><td class="num">500</td><td class="num">0</td><td class="num">500 (-3 ×500)</td>');
    expect(html).toContain('determinism: learned &lt;stateful&gt;');
    expect(html).toContain('<li>warning: uncompress: 100.0% of its 500 calls returned its error value</li>');
    expect(html).toContain('<li>warning: coverage stayed flat</li>');
    expect(html).toContain('7b 7d');
  });

  it('should say the run was interrupted, what could not be saved, and how the budget went', () => {
    expect(html).toContain('<section id="interrupted"');
    expect(html).toContain('/nonexistent/corpus/t/f/crashes/segv-1/crash.json');
    expect(html).toContain('sweep 1.2s of 1.2s (time-up)');
  });

  it('should leave out the optional sections when nothing filled them', () => {
    const plain = renderHtml(sampleReport());
    expect(plain).not.toContain('id="alignment"');
    expect(plain).not.toContain('id="abi"');
    expect(plain).not.toContain('id="interrupted"');
    expect(plain).not.toContain('id="unsaved"');
  });
});

describe('escapeXml', () => {
  it('should replace characters XML 1.0 cannot hold', () => {
    expect(escapeXml('a\u0000b\u0007c\td\ud800')).toBe('a\ufffdb\ufffdc&#9;d\ufffd');
  });
});
