// Time series for charts: schedtrace samples and gctrace cycles as compact points, thinned to a
// bounded number so a trace of hours stays small in the JSON report. Thinning keeps peaks: each kept
// point carries the largest values of the samples it stands for, so a spike never disappears.

import type { GcCycle } from '../gctrace/model.js';
import type { SchedSample } from '../schedtrace/model.js';

/** Points kept per timeline. */
export const MAX_TIMELINE_POINTS = 400;

export interface SchedPoint {
  timeMs: number;
  /** Global run queue. */
  runqueue: number;
  /** Sum of the per-P local run queues. */
  localQueued: number;
  idleprocs: number;
  threads: number;
  gomaxprocs: number;
}

export interface GcPoint {
  /** Seconds since program start, at the start of the cycle. */
  atSeconds: number;
  heapStartMB: number;
  heapEndMB: number;
  liveMB: number;
  goalMB: number;
  /** Stop-the-world time: sweep termination plus mark termination (wall clock). */
  pauseMs: number;
  cpuPercent: number;
  forced: boolean;
}

export function schedTimeline(samples: readonly SchedSample[]): SchedPoint[] {
  const points = samples.map((s) => ({
    timeMs: s.timeMs,
    runqueue: Math.max(s.runqueue, 0),
    localQueued: s.localRunqueues.reduce((sum, q) => sum + Math.max(q, 0), 0),
    idleprocs: s.idleprocs,
    threads: s.threads,
    gomaxprocs: s.gomaxprocs,
  }));
  return thin(points, (group) => ({
    timeMs: group[group.length - 1]!.timeMs,
    runqueue: maxOf(group, (p) => p.runqueue),
    localQueued: maxOf(group, (p) => p.localQueued),
    // The fewest idle Ps is the busiest moment.
    idleprocs: Math.min(...group.map((p) => p.idleprocs)),
    threads: maxOf(group, (p) => p.threads),
    gomaxprocs: maxOf(group, (p) => p.gomaxprocs),
  }));
}

export function gcTimeline(cycles: readonly GcCycle[]): GcPoint[] {
  const points = cycles.map((c) => ({
    atSeconds: c.atSeconds,
    heapStartMB: c.heapMB.start,
    heapEndMB: c.heapMB.end,
    liveMB: c.heapMB.live,
    goalMB: c.goalMB,
    pauseMs: round3(c.clockMs.sweepTermination + c.clockMs.markTermination),
    cpuPercent: c.cpuPercent,
    forced: c.forced,
  }));
  return thin(points, (group) => ({
    atSeconds: group[group.length - 1]!.atSeconds,
    heapStartMB: maxOf(group, (p) => p.heapStartMB),
    heapEndMB: maxOf(group, (p) => p.heapEndMB),
    liveMB: maxOf(group, (p) => p.liveMB),
    goalMB: maxOf(group, (p) => p.goalMB),
    pauseMs: maxOf(group, (p) => p.pauseMs),
    cpuPercent: group[group.length - 1]!.cpuPercent,
    forced: group.some((p) => p.forced),
  }));
}

/** At most MAX_TIMELINE_POINTS points: consecutive groups merged into one. */
function thin<T>(points: T[], merge: (group: T[]) => T): T[] {
  if (points.length <= MAX_TIMELINE_POINTS) return points;
  const out: T[] = [];
  const per = points.length / MAX_TIMELINE_POINTS;
  for (let i = 0; i < MAX_TIMELINE_POINTS; i++) out.push(merge(points.slice(Math.floor(i * per), Math.floor((i + 1) * per))));
  return out;
}

function maxOf<T>(group: readonly T[], value: (p: T) => number): number {
  let max = -Infinity;
  for (const p of group) max = Math.max(max, value(p));
  return max;
}

function round3(n: number): number {
  return Number(n.toFixed(3));
}
