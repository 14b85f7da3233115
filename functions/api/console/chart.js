// Small charts drawn as inline SVG from the API's figures (no library: two shapes are needed).
// Colours come from console.css classes: the CSP allows no inline style. Each chart is an image
// with a text alternative that says what it shows; the figures are also in a table beside it.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * Seats in use per day (and seats purchased, dashed) over the trend's days. `readings` are
 * `{ day, used, total }`, oldest first; days without a reading are skipped, not drawn as zero.
 */
export function seatTrendChart(readings, { days = 30, today = new Date() } = {}) {
  // Drawn at about the size it is shown, so its labels stay legible.
  const width = 400;
  const height = 170;
  const pad = { left: 34, right: 8, top: 10, bottom: 24 };
  const first = new Date(today.getTime() - days * 86_400_000);
  const dayX = (day) => {
    const t = (Date.parse(`${day}T00:00:00Z`) - first.getTime()) / (days * 86_400_000);
    return pad.left + Math.min(1, Math.max(0, t)) * (width - pad.left - pad.right);
  };
  const top = Math.max(1, ...readings.map((r) => Math.max(r.used, r.total ?? 0)));
  const y = (value) => height - pad.bottom - (value / top) * (height - pad.top - pad.bottom);
  const line = (points, className) =>
    points.length === 0
      ? null
      : points.length === 1
        ? svg('circle', { cx: points[0][0], cy: points[0][1], r: 4, class: className })
        : svg('polyline', { points: points.map((p) => p.join(',')).join(' '), class: className });
  const used = readings.map((r) => [dayX(r.day), y(r.used)]);
  const bought = readings.filter((r) => r.total !== null).map((r) => [dayX(r.day), y(r.total)]);
  const latest = readings.at(-1);
  const counts = readings.map((r) => r.used);
  const description = latest
    ? `Seats in use over the last ${days} days: ${readings[0].used} on ${readings[0].day}, ${latest.used} on ${latest.day}; lowest ${Math.min(...counts)}, highest ${Math.max(...counts)}${latest.total === null ? '' : `; ${latest.total} purchased`}.`
    : `No seat readings in the last ${days} days.`;
  const label = (x, yy, text, anchor = 'start') =>
    svg('text', { x, y: yy, class: 'chart-label', 'text-anchor': anchor }, text);
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': description },
    svg('line', { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0), class: 'chart-axis' }),
    svg('line', { x1: pad.left, y1: y(top), x2: width - pad.right, y2: y(top), class: 'chart-grid' }),
    label(pad.left - 6, y(0) + 4, '0', 'end'),
    label(pad.left - 6, y(top) + 4, String(top), 'end'),
    label(pad.left, height - 8, first.toISOString().slice(0, 10)),
    label(width - pad.right, height - 8, today.toISOString().slice(0, 10), 'end'),
    line(bought, 'chart-line chart-total'),
    line(used, 'chart-line chart-used'),
  );
}

/**
 * Horizontal bars, one per row (`{ label, value, severity }`), longest = the largest value; the
 * number is written at the bar's end.
 */
export function barChart(rows, { description }) {
  const width = 400;
  const rowHeight = 24;
  const labelWidth = 150;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': description },
    rows.map((row, i) => {
      const barWidth = ((width - labelWidth - 40) * row.value) / max;
      const top = 4 + i * rowHeight;
      return svg(
        'g',
        {},
        svg(
          'text',
          { x: labelWidth - 8, y: top + 16, class: 'chart-label', 'text-anchor': 'end' },
          row.label,
        ),
        svg('rect', {
          x: labelWidth,
          y: top + 3,
          width: Math.max(2, barWidth),
          height: rowHeight - 8,
          class: `chart-bar severity-${row.severity}`,
        }),
        svg(
          'text',
          { x: labelWidth + Math.max(2, barWidth) + 6, y: top + 16, class: 'chart-label' },
          String(row.value),
        ),
      );
    }),
  );
}
