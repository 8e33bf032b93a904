// gctrace: GC frequency / CPU share, heap growth trend, forced collections, long STW pauses.
// Start-up is noisy (several quick cycles at a 4 MB goal), so frequency needs a sustained window.

import type { Finding } from '../../report/finding.js';
import type { GcCycle, GcTrace } from '../gctrace/model.js';
import { type DiagnoseContext, plural } from './context.js';

function pauseMs(c: GcCycle): number {
  return c.clockMs.sweepTermination + c.clockMs.markTermination;
}

export function diagnoseGcTrace(trace: GcTrace, ctx: DiagnoseContext): Finding[] {
  const t = ctx.thresholds;
  const cycles = trace.cycles;
  const findings: Finding[] = [];
  const base = { kind: 'gctrace', input: trace.input, cycles: cycles.length };
  const first = cycles[0]!;
  const last = cycles[cycles.length - 1]!;

  const span = last.atSeconds - first.atSeconds;
  const rate = span > 0 ? (cycles.length - 1) / span : 0;
  if ((span >= 1 && rate >= t.gcPerSecond) || (last.atSeconds >= 1 && last.cpuPercent >= t.gcCpuPercent)) {
    const assist = cycles.reduce((n, c) => n + c.cpuMs.assist, 0);
    const bg = cycles.reduce((n, c) => n + c.cpuMs.background + c.cpuMs.idle, 0);
    findings.push(
      ctx.finding({
        rule: 'gctrace-frequent-gc',
        at: { file: trace.input, line: last.line },
        message: `${cycles.length} GC cycles in ${span.toFixed(1)} s (${rate.toFixed(1)}/s); GC used ${last.cpuPercent}% of CPU since start${assist > bg * 0.25 ? `, and mark assists took ${assist.toFixed(1)} ms of CPU from allocating goroutines` : ''}`,
        artifact: { ...base, perSecond: Number(rate.toFixed(2)), cpuPercent: last.cpuPercent, assistMs: Number(assist.toFixed(3)) },
      }),
    );
  }

  const forced = cycles.filter((c) => c.forced);
  if (forced.length >= 2) {
    findings.push(
      ctx.finding({
        rule: 'gctrace-forced-gc',
        at: { file: trace.input, line: forced[0]!.line },
        message: `${plural(forced.length, 'forced GC cycle')} of ${cycles.length} (gc ${forced.slice(0, 5).map((c) => c.n).join(', ')}${forced.length > 5 ? ', …' : ''}): the program calls runtime.GC() or debug.FreeOSMemory()`,
        artifact: { ...base, forced: forced.length },
      }),
    );
  }

  const long = cycles.filter((c) => pauseMs(c) >= t.gcPauseMs);
  if (long.length > 0) {
    const worst = long.reduce((a, b) => (pauseMs(b) > pauseMs(a) ? b : a));
    findings.push(
      ctx.finding({
        rule: 'gctrace-long-pause',
        at: { file: trace.input, line: worst.line },
        message: `${plural(long.length, 'GC cycle')} stopped the world for ${t.gcPauseMs}+ ms; worst: gc ${worst.n} at ${worst.atSeconds}s paused ${pauseMs(worst).toFixed(1)} ms (sweep termination ${worst.clockMs.sweepTermination} ms + mark termination ${worst.clockMs.markTermination} ms)`,
        artifact: { ...base, longPauses: long.length, worstPauseMs: Number(pauseMs(worst).toFixed(3)) },
      }),
    );
  }

  const natural = cycles.filter((c) => !c.forced);
  if (natural.length >= 8) {
    const q = Math.max(2, Math.floor(natural.length / 4));
    const mean = (xs: GcCycle[]): number => xs.reduce((n, c) => n + c.heapMB.live, 0) / xs.length;
    const early = mean(natural.slice(0, q));
    const late = mean(natural.slice(-q));
    let rising = 0;
    for (let i = 1; i < natural.length; i++) if (natural[i]!.heapMB.live >= natural[i - 1]!.heapMB.live) rising++;
    if (late >= Math.max(early * 2, early + 16) && rising >= (natural.length - 1) * 0.7) {
      findings.push(
        ctx.finding({
          rule: 'gctrace-heap-growth',
          at: { file: trace.input, line: natural[natural.length - 1]!.line },
          message: `live heap after GC grew from about ${Math.round(early)} MB to ${Math.round(late)} MB over ${natural.length} cycles (${first.atSeconds}s–${last.atSeconds}s) and rarely shrank: memory is being retained`,
          artifact: { ...base, liveEarlyMB: Math.round(early), liveLateMB: Math.round(late) },
        }),
      );
    }
  }
  return findings;
}
