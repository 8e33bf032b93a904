// Traces over time. schedtrace: goroutines waiting in run queues (global on top of local), with the
// stretches where no P was idle shaded (queued work that could not run: starvation), and the thread
// count below. gctrace: live heap, heap at the end of each cycle and the goal, with each cycle's
// stop-the-world pause below.

import type { GcPoint, SchedPoint } from '../details.js';
import { html, type Markup } from '../markup.js';
import { areaPath, bottomAxis, chart, formatNumber, leftAxis, linearScale, linePath, px } from './svg.js';

const WIDTH = 720;
const LEFT = 56;
const RIGHT = 16;
const PLOT_W = WIDTH - LEFT - RIGHT;

export function schedChart(points: readonly SchedPoint[]): Markup | undefined {
  if (points.length < 2) return undefined;
  const t0 = points[0]!.timeMs;
  const seconds = points[points.length - 1]!.timeMs - t0 >= 2000;
  const time = (p: SchedPoint): number => (seconds ? (p.timeMs - t0) / 1000 : p.timeMs - t0);
  const x = linearScale([0, time(points[points.length - 1]!)], [LEFT, LEFT + PLOT_W], 6);
  const queueTop = 14;
  const queueBottom = 190;
  const maxQueued = Math.max(1, ...points.map((p) => p.runqueue + p.localQueued));
  const y = linearScale([0, maxQueued], [queueBottom, queueTop], 4);
  const local = points.map((p): [number, number] => [x(time(p)), y(p.localQueued)]);
  const total = points.map((p): [number, number] => [x(time(p)), y(p.localQueued + p.runqueue)]);
  const base = points.map((p): [number, number] => [x(time(p)), y(0)]);
  const busy = noIdleBands(points, (p) => x(time(p)), queueTop, queueBottom);

  const threadTop = 232;
  const threadBottom = 300;
  const ty = linearScale([0, Math.max(1, ...points.map((p) => Math.max(p.threads, p.gomaxprocs)))], [threadBottom, threadTop], 2);
  const threads = linePath(points.map((p) => [x(time(p)), ty(p.threads)]));
  const procs = linePath(points.map((p) => [x(time(p)), ty(p.gomaxprocs)]));

  const unit = seconds ? 's' : 'ms';
  const peak = points.reduce((a, b) => (b.runqueue + b.localQueued > a.runqueue + a.localQueued ? b : a));
  const starved = points.filter((p) => p.idleprocs === 0).length;
  const description = `${points.length} samples over ${formatNumber(time(points[points.length - 1]!))} ${unit}; at most ${formatNumber(maxQueued)} goroutines queued (at ${formatNumber(time(peak))} ${unit}); no idle P in ${starved} samples; up to ${formatNumber(Math.max(...points.map((p) => p.threads)))} threads for GOMAXPROCS ${points[points.length - 1]!.gomaxprocs}`;
  const body = html`${busy}${leftAxis(y, LEFT, PLOT_W)}<path class="area local" d="${areaPath(local, base)}"/><path class="area global" d="${areaPath(total, local)}"/><path class="line total" d="${linePath(total)}"/>
<text class="panel" x="${LEFT + 4}" y="${queueTop + 10}">queued goroutines</text>
${leftAxis(ty, LEFT, PLOT_W)}<path class="line procs" d="${procs}"/><path class="line threads" d="${threads}"/><text class="panel" x="${LEFT + 4}" y="${threadTop + 2}">threads (dashed: GOMAXPROCS)</text>
${bottomAxis(x, threadBottom, (n) => `${formatNumber(n)} ${unit}`)}
${legend(
  [
    ['swatch local', 'local run queues'],
    ['swatch global', 'global run queue'],
    ['swatch busy', 'no idle P'],
  ],
  330,
)}`;
  return chart('schedtrace', WIDTH, 340, 'Scheduler run queues over time (schedtrace)', description, body);
}

/** Shaded bands where idleprocs was 0, merged over consecutive samples. */
function noIdleBands(points: readonly SchedPoint[], x: (p: SchedPoint) => number, top: number, bottom: number): Markup[] {
  const bands: Markup[] = [];
  let start: number | undefined;
  for (let i = 0; i <= points.length; i++) {
    const p = points[i];
    if (p && p.idleprocs === 0) {
      if (start === undefined) start = i;
      continue;
    }
    if (start !== undefined) {
      const from = x(points[Math.max(0, start - 1)]!) + (start > 0 ? (x(points[start]!) - x(points[start - 1]!)) / 2 : 0);
      const last = points[i - 1]!;
      const to = p ? (x(last) + x(p)) / 2 : x(last);
      bands.push(html`<rect class="busy" x="${px(from)}" y="${top}" width="${px(Math.max(1, to - from))}" height="${bottom - top}"/>`);
      start = undefined;
    }
  }
  return bands;
}

export function gcChart(points: readonly GcPoint[]): Markup | undefined {
  if (points.length < 2) return undefined;
  const t0 = points[0]!.atSeconds;
  const time = (p: GcPoint): number => p.atSeconds - t0;
  const x = linearScale([0, Math.max(time(points[points.length - 1]!), 0.001)], [LEFT, LEFT + PLOT_W], 6);
  const heapTop = 14;
  const heapBottom = 190;
  const y = linearScale([0, Math.max(1, ...points.map((p) => Math.max(p.heapEndMB, p.goalMB, p.liveMB)))], [heapBottom, heapTop], 4);
  const at = (p: GcPoint): number => x(time(p));
  const heap = points.map((p): [number, number] => [at(p), y(p.heapEndMB)]);
  const base = points.map((p): [number, number] => [at(p), y(0)]);
  const live = linePath(points.map((p) => [at(p), y(p.liveMB)]));
  const goal = linePath(points.map((p) => [at(p), y(p.goalMB)]));

  const pauseTop = 232;
  const pauseBottom = 300;
  const maxPause = Math.max(...points.map((p) => p.pauseMs));
  const py = linearScale([0, Math.max(maxPause, 0.1)], [pauseBottom, pauseTop], 2);
  const barWidth = Math.max(1, Math.min(8, PLOT_W / points.length - 1));
  const pauses = points.map(
    (p) =>
      html`<rect class="pause${p.forced ? ' forced' : ''}" x="${px(at(p) - barWidth / 2)}" y="${px(py(p.pauseMs))}" width="${px(barWidth)}" height="${px(Math.max(0.5, pauseBottom - py(p.pauseMs)))}"><title>${`${formatNumber(time(p))} s: pause ${p.pauseMs} ms${p.forced ? ' (forced)' : ''}, live heap ${p.liveMB} MB`}</title></rect>`,
  );
  const liveFirst = points[0]!.liveMB;
  const liveLast = points[points.length - 1]!.liveMB;
  const description = `${points.length} GC cycles over ${formatNumber(time(points[points.length - 1]!))} s; live heap ${formatNumber(liveFirst)} → ${formatNumber(liveLast)} MB (max ${formatNumber(Math.max(...points.map((p) => p.liveMB)))} MB); longest pause ${formatNumber(maxPause)} ms`;
  const body = html`${leftAxis(y, LEFT, PLOT_W, (n) => `${formatNumber(n)} MB`)}<path class="area heap" d="${areaPath(heap, base)}"/><path class="line goal" d="${goal}"/><path class="line live" d="${live}"/>
<text class="panel" x="${LEFT + 4}" y="${heapTop + 10}">heap</text>
${leftAxis(py, LEFT, PLOT_W, (n) => `${formatNumber(n)} ms`)}${pauses}<text class="panel" x="${LEFT + 4}" y="${pauseTop + 2}">stop-the-world pause per cycle</text>
${bottomAxis(x, pauseBottom, (n) => `${formatNumber(n)} s`)}
${legend(
  [
    ['swatch live', 'live heap'],
    ['swatch heap', 'heap after GC'],
    ['swatch goal', 'goal'],
    ['swatch forced', 'forced GC'],
  ],
  330,
)}`;
  return chart('gctrace', WIDTH, 340, 'Heap and GC pauses over time (gctrace)', description, body);
}

function legend(items: readonly [string, string][], y: number): Markup {
  return html`<g class="legend">${items.map(([cls, label], i) => html`<rect class="${cls}" x="${LEFT + i * 140}" y="${y - 9}" width="10" height="10" rx="2"/><text x="${LEFT + i * 140 + 14}" y="${y}">${label}</text>`)}</g>`;
}
