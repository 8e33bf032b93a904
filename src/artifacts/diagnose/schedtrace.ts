// schedtrace: a run-queue backlog while no P is idle, sustained over consecutive samples
// (starvation), and OS threads far above GOMAXPROCS (blocking syscalls / cgo / locked threads).
// A healthy trace — idle Ps, or short queues — produces nothing.

import type { Finding } from '../../report/finding.js';
import type { SchedSample, SchedTrace } from '../schedtrace/model.js';
import type { DiagnoseContext } from './context.js';

export function queued(s: SchedSample): number {
  let n = Math.max(s.runqueue, 0);
  for (const q of s.localRunqueues) if (q > 0) n += q;
  return n;
}

export function diagnoseSchedTrace(trace: SchedTrace, ctx: DiagnoseContext): Finding[] {
  const t = ctx.thresholds;
  const findings: Finding[] = [];
  const base = { kind: 'schedtrace', input: trace.input, samples: trace.samples.length };

  // Longest run of backlog samples.
  let best: SchedSample[] = [];
  let run: SchedSample[] = [];
  for (const s of trace.samples) {
    const backlog = s.idleprocs === 0 && s.gomaxprocs > 0 && queued(s) >= s.gomaxprocs * t.schedBacklogPerP;
    if (backlog) run.push(s);
    else run = [];
    if (run.length > best.length) best = [...run];
  }
  if (best.length >= t.schedConsecutive) {
    const first = best[0]!;
    const last = best[best.length - 1]!;
    const peak = best.reduce((a, b) => (queued(b) > queued(a) ? b : a));
    const mean = Math.round(best.reduce((n, s) => n + queued(s), 0) / best.length);
    findings.push(
      ctx.finding({
        rule: 'schedtrace-runqueue-backlog',
        at: { file: trace.input, line: first.line },
        message:
          `run-queue backlog for ${best.length} consecutive samples (${first.timeMs}–${last.timeMs} ms): no idle P ` +
          `(gomaxprocs=${first.gomaxprocs}) while ${mean} runnable goroutines waited on average, up to ${queued(peak)} ` +
          `(global ${peak.runqueue} + local [${peak.localRunqueues.join(' ')}]) at ${peak.timeMs} ms`,
        artifact: { ...base, fromMs: first.timeMs, toMs: last.timeMs, consecutive: best.length, meanQueued: mean, peakQueued: queued(peak), gomaxprocs: first.gomaxprocs },
      }),
    );
  }

  const explosive = trace.samples.find((s) => s.gomaxprocs > 0 && s.threads > s.gomaxprocs * t.threadFactor && s.threads - s.gomaxprocs >= t.threadsMin);
  if (explosive) {
    const peak = trace.samples.reduce((a, b) => (b.threads > a.threads ? b : a));
    const firstThreads = trace.samples[0]!.threads;
    const locked = peak.detail ? `, ${peak.detail.lockedThreads} locked to goroutines, ${peak.detail.blockedThreads} blocked` : '';
    findings.push(
      ctx.finding({
        rule: 'schedtrace-thread-explosion',
        at: { file: trace.input, line: explosive.line },
        message: `${peak.threads} OS threads for gomaxprocs=${peak.gomaxprocs} (from ${firstThreads} at ${trace.samples[0]!.timeMs} ms to ${peak.threads} at ${peak.timeMs} ms${locked}): goroutines are blocking threads in system calls, cgo calls or LockOSThread`,
        artifact: { ...base, firstThreads, peakThreads: peak.threads, gomaxprocs: peak.gomaxprocs, atMs: peak.timeMs },
      }),
    );
  }
  return findings;
}
