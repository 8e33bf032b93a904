// Small pieces every chart uses: linear scales with round ticks, number formatting, and the chart
// frame (an <svg> with a title for screen readers). Charts are static SVG: no script, no library.

import { html, type Child, type Markup } from '../markup.js';

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** Maps [0, max] (or [min, max]) onto [from, to] with about `count` round ticks. */
export function linearScale(domain: [number, number], range: [number, number], count = 4): Scale {
  const [lo, hiRaw] = domain;
  const step = niceStep((hiRaw - lo) / count || 1);
  const hi = Math.max(lo + step, Math.ceil(hiRaw / step) * step);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step / 1e6; t += step) ticks.push(Number(t.toPrecision(12)));
  const scale = ((v: number) => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0])) as Scale;
  scale.ticks = ticks;
  return scale;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** 1234 → "1,234"; 0.25 → "0.25"; 1500000 → "1.5M". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4) return `${trim(n / 1e3)}k`;
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return trim(n);
}

function trim(n: number): string {
  return String(Number(n.toFixed(abs10(n))));
}

function abs10(n: number): number {
  const a = Math.abs(n);
  return a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
}

/** Coordinates rounded to 0.1 px: smaller files, same picture. */
export function px(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A chart: the <svg> with a viewBox (it scales to its container), a title and a description. */
export function chart(kind: string, width: number, height: number, title: string, description: string, body: Child): Markup {
  return html`<figure class="chart ${kind}"><figcaption>${title}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}: ${description}" xmlns="http://www.w3.org/2000/svg"><desc>${description}</desc>${body}</svg></figure>`;
}

/** A left axis: tick labels and light grid lines across the plot. */
export function leftAxis(scale: Scale, x: number, width: number, format: (n: number) => string = formatNumber): Markup {
  return html`<g class="axis">${scale.ticks.map(
    (t) => html`<line class="grid" x1="${x}" x2="${px(x + width)}" y1="${px(scale(t))}" y2="${px(scale(t))}"/><text x="${x - 6}" y="${px(scale(t) + 4)}" text-anchor="end">${format(t)}</text>`,
  )}</g>`;
}

/** A bottom axis: tick labels under the plot. */
export function bottomAxis(scale: Scale, y: number, format: (n: number) => string = formatNumber): Markup {
  return html`<g class="axis">${scale.ticks.map((t) => html`<text x="${px(scale(t))}" y="${y + 14}" text-anchor="middle">${format(t)}</text>`)}</g>`;
}

/** The path through points, as an SVG path `d`. */
export function linePath(points: readonly [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join('');
}

/** A closed area between a line and a baseline (or a lower line). */
export function areaPath(upper: readonly [number, number][], lower: readonly [number, number][]): string {
  if (upper.length === 0) return '';
  return `${linePath(upper)}${[...lower].reverse().map(([x, y]) => `L${px(x)} ${px(y)}`).join('')}Z`;
}

/** Text cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
