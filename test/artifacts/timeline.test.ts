// Chart data in the artifact details: schedtrace and gctrace timelines (thinned, peaks kept) and the
// wait graph of a deadlock.

import { describe, expect, it } from 'vitest';
import { gcTimeline, MAX_TIMELINE_POINTS, schedTimeline } from '../../src/artifacts/aggregate/timeline.js';
import type { SchedSample } from '../../src/artifacts/schedtrace/model.js';
import { analyzeFixtures, ROOT } from './helpers.js';

function sample(timeMs: number, runqueue: number): SchedSample {
  return { line: 1, timeMs, gomaxprocs: 2, idleprocs: runqueue > 0 ? 0 : 2, threads: 5, spinningthreads: 0, idlethreads: 1, runqueue, localRunqueues: [1, 2] };
}

describe('timelines', () => {
  it('schedtrace summary carries one point per sample', async () => {
    const doc = await analyzeFixtures(['schedtrace/backlog.txt']);
    const sched = doc.artifacts!.find((a) => a.kind === 'schedtrace')!;
    const timeline = sched.timeline as { timeMs: number; runqueue: number; localQueued: number }[];
    expect(timeline).toHaveLength(sched.samples as number);
    expect(Math.max(...timeline.map((p) => p.runqueue + p.localQueued))).toBe(sched.maxQueued);
  });

  it('gctrace summary carries heap and pause per cycle', async () => {
    const doc = await analyzeFixtures(['gctrace/growth.txt']);
    const gc = doc.artifacts!.find((a) => a.kind === 'gctrace')!;
    const timeline = gc.timeline as { liveMB: number; pauseMs: number }[];
    expect(timeline).toHaveLength(gc.cycles as number);
    expect(Math.max(...timeline.map((p) => p.liveMB))).toBe((gc.liveHeapMB as { max: number }).max);
    expect(Math.max(...timeline.map((p) => p.pauseMs))).toBeCloseTo(gc.maxPauseMs as number, 3);
  });

  it('thins long traces to a bounded number of points and keeps the spike', () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => sample(i * 100, i === 7_777 ? 500 : 1));
    const timeline = schedTimeline(samples);
    expect(timeline).toHaveLength(MAX_TIMELINE_POINTS);
    expect(Math.max(...timeline.map((p) => p.runqueue))).toBe(500);
    expect(timeline[timeline.length - 1]!.timeMs).toBe(999_900);
    expect(gcTimeline([])).toEqual([]);
  });
});

describe('deadlock wait graph', () => {
  it('names the cycle of a lock/channel deadlock, linked with --source', async () => {
    const doc = await analyzeFixtures(['crash/deadlock-lock-cycle.txt'], { source: `${ROOT}/tools/crashers` });
    const mutex = doc.findings.find((f) => f.rule === 'deadlock-mutex')!;
    const cycle = mutex.artifact!.waitCycle as { goroutine: number; wait: string; relation: string }[];
    expect(cycle.map((n) => [n.goroutine, n.wait, n.relation])).toEqual([
      [7, 'mutex', 'holds-lock'],
      [6, 'chan-send', 'would-receive'],
    ]);
    expect(mutex.artifact!.waitsFor).toEqual([expect.objectContaining({ goroutine: 6, relation: 'holds-lock', name: 'mu' })]);
  });

  it('has no graph when nothing is known about partners', async () => {
    const doc = await analyzeFixtures(['crash/deadlock-lock-cycle.txt']);
    for (const f of doc.findings) expect(f.artifact!.waitCycle).toBeUndefined();
  });
});
