// Goroutine buckets (goroutines with the same state and stack) as horizontal bars: length is the
// number of goroutines, colour the longest time they have been waiting. The leak is the long dark bar.

import type { BucketBar } from '../details.js';
import { html, type Markup } from '../markup.js';
import { chart, clip, formatNumber, linearScale, px } from './svg.js';

const WIDTH = 720;
const LABEL = 300;
const ROW = 28;
const TOP = 8;
const LEGEND = 30;

/** Wait bands, from the `[state, N minutes]` of dump headers. */
const BANDS: { min: number; className: string; label: string }[] = [
  { min: 60, className: 'wait-60', label: '≥ 1 h' },
  { min: 10, className: 'wait-10', label: '10–59 min' },
  { min: 1, className: 'wait-1', label: '1–9 min' },
  { min: 0, className: 'wait-0', label: '< 1 min or not shown' },
];

function band(minutes: number | undefined): (typeof BANDS)[number] {
  return BANDS.find((b) => (minutes ?? 0) >= b.min)!;
}

/** The bar chart, or undefined without buckets. `total` is the dump's goroutine count. */
export function bucketChart(bars: readonly BucketBar[], total: number | undefined, bucketCount: number | undefined): Markup | undefined {
  if (bars.length === 0) return undefined;
  const sorted = [...bars].sort((a, b) => b.count - a.count);
  const height = TOP + sorted.length * ROW + LEGEND;
  const x = linearScale([0, Math.max(...sorted.map((b) => b.count))], [LABEL, WIDTH - 70], 4);
  const rows = sorted.map((b, i) => {
    const y = TOP + i * ROW;
    const where = b.function ?? b.location ?? '(no frame)';
    const wait = b.maxMinutes !== undefined ? (b.minMinutes !== undefined && b.minMinutes !== b.maxMinutes ? `${b.minMinutes}–${b.maxMinutes} min` : `${b.maxMinutes} min`) : '';
    const tip = [`${formatNumber(b.count)} goroutine${b.count === 1 ? '' : 's'}`, b.state, wait && `waiting ${wait}`, b.function, b.location].filter(Boolean).join('\n');
    const width = Math.max(2, x(b.count) - LABEL);
    return html`<g class="row"><title>${tip}</title><text class="label" x="${LABEL - 8}" y="${y + 13}" text-anchor="end">${clip(shortFunction(where), 40)}</text><text class="sublabel" x="${LABEL - 8}" y="${y + 24}" text-anchor="end">${clip([b.state, wait].filter(Boolean).join(', '), 44)}</text><rect class="bar ${band(b.maxMinutes).className}" x="${LABEL}" y="${y + 4}" width="${px(width)}" height="${ROW - 10}" rx="3"/><text class="value" x="${px(LABEL + width + 6)}" y="${y + 17}">${formatNumber(b.count)}</text></g>`;
  });
  const legendY = TOP + sorted.length * ROW + 18;
  let legendX = LABEL;
  const legend = BANDS.slice()
    .reverse()
    .map((b) => {
      const at = legendX;
      legendX += 30 + b.label.length * 6;
      return html`<rect class="bar ${b.className}" x="${at}" y="${legendY - 9}" width="10" height="10" rx="2"/><text class="legend" x="${at + 14}" y="${legendY}">${b.label}</text>`;
    });
  const shown = bucketCount !== undefined && bucketCount > bars.length ? `the ${bars.length} largest of ${formatNumber(bucketCount)} stacks` : `${bars.length} stack${bars.length === 1 ? '' : 's'}`;
  const title = `Goroutines by stack${total !== undefined ? ` (${formatNumber(total)} in all)` : ''}`;
  const description = `${shown}; bar length is the number of goroutines, colour the longest wait. ${sorted
    .slice(0, 3)
    .map((b) => `${formatNumber(b.count)} in ${b.function ?? '?'}`)
    .join('; ')}`;
  return chart('buckets', WIDTH, height, title, description, html`${rows}<text class="legend" x="${LABEL - 8}" y="${legendY}" text-anchor="end">waiting:</text>${legend}`);
}

/** `example.com/app/worker.(*Pool).run` → `worker.(*Pool).run`. */
function shortFunction(func: string): string {
  const slash = func.lastIndexOf('/');
  return slash < 0 ? func : func.slice(slash + 1);
}
