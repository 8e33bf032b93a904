// Collector for gctrace lines: each `gc N @…` line is a record wherever it appears (the runtime
// writes them between other output).
//
//   gc 6 @0.041s 2%: 0.019+0.45+0.001 ms clock, 0.038+0/0.16/0.20+0.003 ms cpu, 16->16->8 MB, 28 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
//   scav 0 KiB work, 0 KiB total, 0% util                     (1.19 scavenger)
//   scav 0 KiB work (bg), 0 KiB work (eager), 0 KiB now, 0% util   (newer scavenger)
//   scvg0: inuse: 3, idle: 0, sys: 3, released: 0, consumed: 3 (MB)   (old scavenger)

import { VersionEvidence } from '../version.js';
import type { GcCycle, GcTrace } from './model.js';

const NUM = '(\\d+(?:\\.\\d+)?)';
const GC = new RegExp(
  `^gc (\\d+) @${NUM}s ${NUM}%: ${NUM}\\+${NUM}\\+${NUM} ms clock, ${NUM}\\+${NUM}/${NUM}/${NUM}\\+${NUM} ms cpu, ` +
    `${NUM}->${NUM}->${NUM} MB, ${NUM} MB goal, (?:${NUM} MB stacks, )?(?:${NUM} MB globals, )?(\\d+) P( \\(forced\\))?$`,
);

export function isGcLine(line: string): boolean {
  return line.startsWith('gc ') && GC.test(line);
}

export class GcTraceCollector {
  readonly trace: GcTrace;
  private readonly version = new VersionEvidence();

  constructor(input: string) {
    this.trace = { format: 'gctrace', input, startLine: 0, endLine: 0, cycles: [], scavengerLines: 0 };
  }

  line(line: string, lineNo: number): boolean {
    const c = line.charCodeAt(0);
    if (c === 103 /* g */ && line.charCodeAt(1) === 99 /* c */ && line.charCodeAt(2) === 32) return this.gc(line, lineNo);
    if (c === 115 /* s */ && line.charCodeAt(1) === 99 /* c */ && (line.startsWith('scav ') || /^scvg\d+: /.test(line))) {
      if (/ KiB work \(bg\)/.test(line)) this.version.atLeast(21, 'new scavenger line format');
      this.trace.scavengerLines++;
      this.touch(lineNo);
      return true;
    }
    return false;
  }

  private gc(line: string, lineNo: number): boolean {
    const m = GC.exec(line);
    if (!m) return false;
    const n = (i: number): number => Number(m[i]);
    const cycle: GcCycle = {
      line: lineNo,
      n: n(1),
      atSeconds: n(2),
      cpuPercent: n(3),
      clockMs: { sweepTermination: n(4), mark: n(5), markTermination: n(6) },
      cpuMs: { sweepTermination: n(7), assist: n(8), background: n(9), idle: n(10), markTermination: n(11) },
      heapMB: { start: n(12), end: n(13), live: n(14) },
      goalMB: n(15),
      procs: n(18),
      forced: m[19] !== undefined,
    };
    if (m[16] !== undefined) {
      cycle.stacksMB = n(16);
      this.version.atLeast(18, 'MB stacks in gctrace');
    } else {
      this.version.atMost(17, 'gctrace without MB stacks');
    }
    if (m[17] !== undefined) cycle.globalsMB = n(17);
    this.trace.cycles.push(cycle);
    this.touch(lineNo);
    return true;
  }

  private touch(lineNo: number): void {
    if (this.trace.startLine === 0) this.trace.startLine = lineNo;
    this.trace.endLine = lineNo;
  }

  finish(): GcTrace | undefined {
    if (this.trace.cycles.length === 0) return undefined;
    const v = this.version.result();
    if (v) this.trace.goVersion = v;
    return this.trace;
  }
}
