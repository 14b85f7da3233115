import { describe, expect, it } from 'vitest';
import { burstChart } from '../../../bench/burst-chart.ts';

const panel = (title: string, seconds: Array<[number, number]>) => ({
  title,
  summary: `${title} <summary> & more`,
  timeline: seconds.map(([answered, rateLimited], second) => ({ second, answered, rateLimited })),
});

describe('the burst chart', () => {
  const svg = burstChart({
    title: 'Layoff',
    limitPerSecond: 10,
    panels: [
      panel('Lanyard', [
        [10, 0],
        [9, 0],
        [10, 0],
      ]),
      panel('Baseline', [
        [10, 40],
        [0, 12],
        [3, 0],
      ]),
    ],
  });

  it('draws one answered bar per second of each panel and a red bar for each second with 429s', () => {
    expect(svg.match(/fill="#3b6fb6"\/>/g)).toHaveLength(6 + 1); // the legend's swatch too
    expect(svg.match(/fill="#d0453c"\/>/g)).toHaveLength(2 + 1);
  });

  it('puts both panels on one y scale, cut at 5× the limit, naming the peak it cuts, with the limit line in each', () => {
    // 50 requests in the baseline's first second, the limit 10/s: the scale ends at 50.
    expect(svg).toContain('>50</text>');
    expect(svg).not.toContain('scale cut');
    expect(svg.match(/stroke-dasharray="4 3"\/>/g)).toHaveLength(2 + 1);
    const tall = burstChart({ title: 't', limitPerSecond: 10, panels: [panel('Baseline', [[900, 30]])] });
    expect(tall).toContain('>50</text>');
    expect(tall).toContain('(scale cut at 50/s; peak 930/s)');
  });

  it('is a standalone SVG whose texts are escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Lanyard &lt;summary&gt; &amp; more');
    expect(svg).not.toContain('<summary>');
  });
});
