// The top-level `artifacts` entries of the JSON report: one compact summary per artifact
// recognised, whether or not it produced findings.

import type { ArtifactDetails } from '../report/finding.js';
import type { Bucket } from './aggregate/buckets.js';
import { dedupeRaces } from './aggregate/races.js';
import { gcTimeline, schedTimeline } from './aggregate/timeline.js';
import { frameLocation, innermostUserFrame } from './frames.js';
import type { GcTrace } from './gctrace/model.js';
import type { GoroutineDump } from './goroutines/model.js';
import type { GoroutineProfile } from './pprof/model.js';
import type { RaceLog } from './race/model.js';
import type { SchedTrace } from './schedtrace/model.js';
import { queued } from './diagnose/schedtrace.js';
import { describeVersion, type GoVersionRange } from './version.js';

const TOP_BUCKETS = 10;

function version(v: GoVersionRange | undefined): { goVersion?: string; goVersionEvidence?: string[] } {
  const d = describeVersion(v);
  return d ? { goVersion: d, goVersionEvidence: v!.evidence } : {};
}

export function summarizeDump(d: GoroutineDump, buckets: readonly Bucket[]): ArtifactDetails {
  return {
    kind: d.kind,
    input: d.input,
    line: d.startLine,
    endLine: d.endLine,
    ...version(d.goVersion),
    ...(d.preamble.fatal !== undefined ? { fatal: d.preamble.fatal } : {}),
    ...(d.preamble.panics.length > 0 ? { panics: d.preamble.panics } : {}),
    ...(d.preamble.signal !== undefined ? { signal: d.preamble.signal } : {}),
    ...(d.preamble.runningTests.length > 0 ? { runningTests: d.preamble.runningTests } : {}),
    goroutines: d.goroutineCount,
    bucketCount: buckets.length,
    buckets: buckets.slice(0, TOP_BUCKETS).map((b) => {
      const f = innermostUserFrame(b.frames) ?? b.frames[0];
      return {
        count: b.count,
        state: b.state,
        ...(b.locked ? { locked: true } : {}),
        ...(b.minutes ? { minutes: { min: b.minutes.min, max: b.minutes.max } } : {}),
        ...(f ? { function: f.func, location: frameLocation(f) } : {}),
        ids: b.ids.slice(0, 10),
      };
    }),
    ...(d.exitStatus !== undefined ? { exitStatus: d.exitStatus } : {}),
    ...(d.truncated ? { truncated: true } : {}),
  };
}

export function summarizeProfile(p: GoroutineProfile): ArtifactDetails {
  return {
    kind: p.profile === 'goroutine' ? 'pprof-goroutine' : `pprof-${p.profile}`,
    input: p.input,
    ...(p.startLine > 0 ? { line: p.startLine, endLine: p.endLine } : {}),
    encoding: p.encoding,
    ...version(p.goVersion),
    goroutines: p.total,
    bucketCount: p.records.length,
    buckets: p.records.slice(0, TOP_BUCKETS).map((r) => {
      const f = innermostUserFrame(r.frames) ?? r.frames[0];
      return {
        count: r.count,
        ...(Object.keys(r.labels).length > 0 ? { labels: r.labels } : {}),
        ...(f ? { function: f.func, location: frameLocation(f) } : {}),
      };
    }),
  };
}

export function summarizeRaces(log: RaceLog): ArtifactDetails {
  return {
    kind: 'race-report',
    input: log.input,
    line: log.startLine,
    endLine: log.endLine,
    reports: log.reports.length,
    distinctPairs: dedupeRaces(log.reports).length,
    ...(log.foundCount !== undefined ? { foundCount: log.foundCount } : {}),
    ...(log.failedTests.length > 0 ? { failedTests: log.failedTests } : {}),
  };
}

export function summarizeSched(t: SchedTrace): ArtifactDetails {
  const s = t.samples;
  return {
    kind: 'schedtrace',
    input: t.input,
    line: t.startLine,
    endLine: t.endLine,
    ...version(t.goVersion),
    samples: s.length,
    scheddetail: t.detail,
    durationMs: s[s.length - 1]!.timeMs - s[0]!.timeMs,
    gomaxprocs: s[s.length - 1]!.gomaxprocs,
    maxThreads: Math.max(...s.map((x) => x.threads)),
    maxQueued: Math.max(...s.map(queued)),
    samplesWithoutIdleP: s.filter((x) => x.idleprocs === 0).length,
    timeline: schedTimeline(s),
  };
}

export function summarizeGc(t: GcTrace): ArtifactDetails {
  const c = t.cycles;
  const last = c[c.length - 1]!;
  return {
    kind: 'gctrace',
    input: t.input,
    line: t.startLine,
    endLine: t.endLine,
    ...version(t.goVersion),
    cycles: c.length,
    forced: c.filter((x) => x.forced).length,
    spanSeconds: Number((last.atSeconds - c[0]!.atSeconds).toFixed(3)),
    gcCpuPercent: last.cpuPercent,
    maxPauseMs: Number(Math.max(...c.map((x) => x.clockMs.sweepTermination + x.clockMs.markTermination)).toFixed(3)),
    liveHeapMB: { first: c[0]!.heapMB.live, last: last.heapMB.live, max: Math.max(...c.map((x) => x.heapMB.live)) },
    scavengerLines: t.scavengerLines,
    timeline: gcTimeline(c),
  };
}
