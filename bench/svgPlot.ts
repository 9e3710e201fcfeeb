/**
 * A small line chart as SVG text, for the benchmark results people would rather look at than read (latency
 * curves). No dependency: an axis box, ticks, one polyline with dots per series, a legend, and an optional
 * horizontal target line. Values are plotted as given; the y axis runs from `yMin` to `yMax`.
 */

/** One line of the chart. */
export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

/** What to draw. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  yMin: number;
  yMax: number;
  /** A dashed horizontal line, e.g. the target. */
  target?: { y: number; label: string };
  /** x values at which to put ticks (default: every x of the first series). */
  xTicks?: number[];
  yTicks?: number[];
}

const W = 760;
const H = 440;
const M = { left: 70, right: 190, top: 44, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The chart as a standalone SVG document. */
export function lineChartSvg(c: LineChart): string {
  const xs = c.series.flatMap((s) => s.points.map((p) => p.x));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + (xMax === xMin ? pw / 2 : ((x - xMin) / (xMax - xMin)) * pw);
  const sy = (y: number) => M.top + ph - ((Math.min(Math.max(y, c.yMin), c.yMax) - c.yMin) / (c.yMax - c.yMin)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2 - M.right / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(c.title)}</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  const xTicks = c.xTicks ?? [...new Set(c.series[0]?.points.map((p) => p.x) ?? [])];
  for (const x of xTicks) {
    out.push(`<line x1="${sx(x)}" y1="${M.top + ph}" x2="${sx(x)}" y2="${M.top + ph + 5}" stroke="#333"/>`);
    out.push(`<text x="${sx(x)}" y="${M.top + ph + 18}" text-anchor="middle">${fmt(x)}</text>`);
  }
  const yTicks = c.yTicks ?? [0, 0.25, 0.5, 0.75, 1].map((f) => c.yMin + f * (c.yMax - c.yMin));
  for (const y of yTicks) {
    out.push(`<line x1="${M.left}" y1="${sy(y)}" x2="${M.left + pw}" y2="${sy(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 8}" y="${sy(y) + 4}" text-anchor="end">${fmt(y)}</text>`);
  }
  out.push(`<text x="${M.left + pw / 2}" y="${H - 16}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  if (c.target) {
    out.push(`<line x1="${M.left}" y1="${sy(c.target.y)}" x2="${M.left + pw}" y2="${sy(c.target.y)}" stroke="#555" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${M.left + 6}" y="${sy(c.target.y) - 6}" fill="#555">${esc(c.target.label)}</text>`);
  }
  c.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${color}"/>`);
    const ly = M.top + 10 + i * 20;
    out.push(`<line x1="${W - M.right + 14}" y1="${ly}" x2="${W - M.right + 38}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${W - M.right + 44}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
