/**
 * A burst benchmark's chart as a standalone SVG: Trello requests per second over time, one panel
 * per strategy side by side on the same scales — answered requests in blue, 429s in red above
 * them — against the per-token limit (100 requests per window, as a dashed line). The scale stops
 * at 5× the limit so a strategy that keeps to it stays readable beside one that does not: a taller
 * second is drawn to the top and the panel names its peak.
 */
import type { CallSecond } from '../infra/local/simulators/trello/call-stats.ts';

export interface ChartPanel {
  title: string;
  /** One line under the title: what came out of it. */
  summary: string;
  timeline: CallSecond[];
}

const PANEL = { width: 460, height: 260, left: 48, right: 12, top: 56, bottom: 36 };

export function burstChart(options: { title: string; limitPerSecond: number; panels: ChartPanel[] }): string {
  const { limitPerSecond, panels } = options;
  const seconds = Math.max(10, ...panels.map((p) => p.timeline.length));
  const peak = Math.max(...panels.flatMap((p) => p.timeline.map(total)), 0);
  const yMax = niceCeiling(Math.min(Math.max(peak, limitPerSecond * 1.25), limitPerSecond * 5));
  const width = PANEL.width * panels.length;
  const height = PANEL.height + 28;
  const body = panels
    .map((panel, i) => panelSvg(panel, i * PANEL.width, seconds, yMax, limitPerSecond))
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${xmlText(options.title)}</text>
${body}
<g transform="translate(${PANEL.left}, ${height - 8})">
  <rect width="10" height="10" y="-9" fill="#3b6fb6"/><text x="14">answered</text>
  <rect x="80" width="10" height="10" y="-9" fill="#d0453c"/><text x="94">429 (rate limited)</text>
  <line x1="210" x2="234" y1="-4" y2="-4" stroke="#333" stroke-dasharray="4 3"/><text x="238">limit: ${round(limitPerSecond)} requests/s per token</text>
</g>
</svg>
`;
}

function panelSvg(panel: ChartPanel, x0: number, seconds: number, yMax: number, limit: number): string {
  const plotW = PANEL.width - PANEL.left - PANEL.right;
  const plotH = PANEL.height - PANEL.top - PANEL.bottom;
  const x = (s: number) => PANEL.left + (s / seconds) * plotW;
  const y = (v: number) => PANEL.top + plotH - (Math.min(v, yMax) / yMax) * plotH;
  const peak = Math.max(0, ...panel.timeline.map(total));
  const clipped = peak > yMax ? ` (scale cut at ${round(yMax)}/s; peak ${round(peak)}/s)` : '';
  const barW = Math.max(0.5, plotW / seconds - 0.5);
  const bars = panel.timeline
    .flatMap((s) => {
      const answered = `<rect x="${fixed(x(s.second))}" y="${fixed(y(s.answered))}" width="${fixed(barW)}" height="${fixed(y(0) - y(s.answered))}" fill="#3b6fb6"/>`;
      if (s.rateLimited === 0) return [answered];
      return [
        answered,
        `<rect x="${fixed(x(s.second))}" y="${fixed(y(total(s)))}" width="${fixed(barW)}" height="${fixed(y(s.answered) - y(total(s)))}" fill="#d0453c"/>`,
      ];
    })
    .join('');
  const yTicks = [0, yMax / 2, yMax]
    .map(
      (v) =>
        `<text x="${PANEL.left - 6}" y="${fixed(y(v) + 4)}" text-anchor="end">${round(v)}</text><line x1="${PANEL.left}" x2="${PANEL.left + plotW}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#eee"/>`,
    )
    .join('');
  const xTicks = [0, Math.round(seconds / 2), seconds]
    .map((s) => `<text x="${fixed(x(s))}" y="${PANEL.top + plotH + 14}" text-anchor="middle">${s} s</text>`)
    .join('');
  return `<g transform="translate(${x0}, 0)">
  <text x="${PANEL.left}" y="38" font-size="12" font-weight="600">${xmlText(panel.title)}</text>
  <text x="${PANEL.left}" y="51" fill="#555">${xmlText(panel.summary)}</text>
  <text x="${PANEL.left + plotW}" y="${PANEL.top - 2}" text-anchor="end" fill="#d0453c">${xmlText(clipped.trim())}</text>
  ${yTicks}${xTicks}
  <text x="${PANEL.left + plotW / 2}" y="${PANEL.top + plotH + 28}" text-anchor="middle" fill="#555">time since the burst started</text>
  ${bars}
  <line x1="${PANEL.left}" x2="${PANEL.left + plotW}" y1="${fixed(y(limit))}" y2="${fixed(y(limit))}" stroke="#333" stroke-dasharray="4 3"/>
  <line x1="${PANEL.left}" x2="${PANEL.left}" y1="${PANEL.top}" y2="${PANEL.top + plotH}" stroke="#999"/>
</g>`;
}

const total = (s: CallSecond) => s.answered + s.rateLimited;
const fixed = (n: number) => n.toFixed(1);
const round = (n: number) => String(Number(n.toFixed(1)));

/** The next 1, 2 or 5 × 10ⁿ at or above `n`: a y scale with round ticks. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((m) => m * power >= n) ?? 10) * power;
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
