import { escapeHtml } from './escape.js';

/** One line of a chart: points as [x, y]; `step` draws a staircase (counts that jump). */
export interface ChartSeries {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color: string;
  readonly step?: boolean;
}

export interface ChartSpec {
  /** Element id (tests and links find the chart by it). */
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
}

const PAD = { left: 64, right: 16, top: 28, bottom: 40 };

/**
 * An inline SVG line chart with axes, ticks and a legend: no script, no external file, so the
 * report stays one self-contained file that renders anywhere (and under a strict CSP).
 */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 240;
  const all = spec.series.flatMap((s) => s.points);
  const xMax = niceCeiling(Math.max(1, ...all.map((p) => p[0])));
  const yMax = niceCeiling(Math.max(1, ...all.map((p) => p[1])));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (x / xMax) * plotW;
  const sy = (y: number) => PAD.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${escapeHtml(spec.id)}" role="img" aria-label="${escapeHtml(spec.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
  );
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  parts.push(`<text x="${PAD.left}" y="16" class="chart-title">${escapeHtml(spec.title)}</text>`);
  for (const tick of ticks(yMax)) {
    const y = sy(tick).toFixed(1);
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${formatTick(tick)}</text>`);
  }
  for (const tick of ticks(xMax)) {
    const x = sx(tick).toFixed(1);
    parts.push(`<text x="${x}" y="${height - PAD.bottom + 14}" class="tick" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" class="axis"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" class="axis"/>`);
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${height - 6}" class="axis-label" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
  );
  parts.push(
    `<text x="14" y="${PAD.top + plotH / 2}" class="axis-label" text-anchor="middle" transform="rotate(-90 14 ${PAD.top + plotH / 2})">${escapeHtml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((series, i) => {
    const points = series.step === true ? staircase(series.points) : series.points;
    if (points.length > 0) {
      const d = points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
      parts.push(
        `<polyline class="series" data-series="${escapeHtml(series.label)}" fill="none" stroke="${escapeHtml(series.color)}" stroke-width="2" points="${d}"/>`,
      );
    }
    const lx = PAD.left + 8 + i * 150;
    parts.push(
      `<rect x="${lx}" y="${PAD.top + 4}" width="10" height="10" fill="${escapeHtml(series.color)}"/><text x="${lx + 14}" y="${PAD.top + 13}" class="legend">${escapeHtml(series.label)}</text>`,
    );
  });
  if (all.length === 0)
    parts.push(`<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}" text-anchor="middle" class="empty">no samples</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The smallest 1, 2 or 5 × 10^k at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function ticks(max: number): number[] {
  return [0, 1, 2, 3, 4, 5].map((i) => (max * i) / 5);
}

function formatTick(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${+(n / 1000).toFixed(1)}k`;
  return String(+n.toFixed(1));
}

function staircase(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  points.forEach((p, i) => {
    if (i > 0) out.push([p[0], points[i - 1]![1]]);
    out.push(p);
  });
  return out;
}
