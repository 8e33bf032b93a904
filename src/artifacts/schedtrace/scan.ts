// Collector for schedtrace lines. schedtrace is written by sysmon between any other output, so it
// is not a block: every `SCHED` line is a record wherever it appears, and scheddetail's indented
// P/M/G lines attach to the last `SCHED` line. Only the real format is recognised (not the
// "Time | Gs | Ms | Ps" table some articles show).
//
// Line shapes:
//   SCHED 100ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 [needspinning=0 ]idlethreads=1 runqueue=9 [4 35]
//   SCHED 0ms: gomaxprocs=2 … runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0     (scheddetail)
//     P0: status=1 schedtick=7 syscalltick=0 m=0 runqsize=37 gfreecnt=0 timerslen=0
//     M2: p=1 curg=9 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=-1
//     G9: status=2() m=2 lockedm=-1          (-1 in 1.19, nil in newer releases: both accepted)

import { VersionEvidence } from '../version.js';
import type { SchedSample, SchedTrace } from './model.js';

const SCHED = /^SCHED (\d+)ms: (.*?)(?: \[([\d ]*)\])?$/;
const DETAIL = /^ {2}([PMG])(\d+): (.*)$/;

export function isSchedLine(line: string): boolean {
  return line.startsWith('SCHED ') && SCHED.test(line);
}

export class SchedTraceCollector {
  readonly trace: SchedTrace;
  private readonly version = new VersionEvidence();
  private last?: SchedSample;

  constructor(input: string) {
    this.trace = { format: 'schedtrace', input, startLine: 0, endLine: 0, samples: [], detail: false };
  }

  /** Returns true when the line was a schedtrace record (it is consumed). */
  line(line: string, lineNo: number): boolean {
    const c = line.charCodeAt(0);
    if (c === 83 /* S */ && line.startsWith('SCHED ')) return this.sched(line, lineNo);
    if (c === 32 && this.last && line.charCodeAt(1) === 32) return this.detailLine(line, lineNo);
    return false;
  }

  private sched(line: string, lineNo: number): boolean {
    const m = SCHED.exec(line);
    if (!m) return false;
    const fields = keyValues(m[2]!);
    if (fields.gomaxprocs === undefined || fields.threads === undefined) return false;
    const sample: SchedSample = {
      line: lineNo,
      timeMs: Number(m[1]),
      gomaxprocs: num(fields.gomaxprocs),
      idleprocs: num(fields.idleprocs),
      threads: num(fields.threads),
      spinningthreads: num(fields.spinningthreads),
      idlethreads: num(fields.idlethreads),
      runqueue: num(fields.runqueue),
      localRunqueues: m[3] !== undefined ? m[3].trim().split(/\s+/).filter(Boolean).map(Number) : [],
    };
    if (fields.needspinning !== undefined) {
      sample.needspinning = num(fields.needspinning);
      this.version.atLeast(21, 'needspinning= in schedtrace');
    } else {
      this.version.atMost(21, 'schedtrace without needspinning=');
    }
    if (fields.gcwaiting !== undefined) {
      this.trace.detail = true;
      sample.detail = { gcwaiting: num(fields.gcwaiting), procStatus: [], threads: 0, blockedThreads: 0, lockedThreads: 0, goroutinesByStatus: {}, waitReasons: {} };
    }
    this.trace.samples.push(sample);
    this.last = sample;
    this.touch(lineNo);
    return true;
  }

  private detailLine(line: string, lineNo: number): boolean {
    const m = DETAIL.exec(line);
    const d = this.last?.detail;
    if (!m || !d || !this.last) return false;
    const rest = m[3]!;
    if (m[1] === 'P') {
      const f = keyValues(rest);
      d.procStatus[Number(m[2])] = num(f.status);
      this.last.localRunqueues[Number(m[2])] = num(f.runqsize);
    } else if (m[1] === 'M') {
      const f = keyValues(rest);
      d.threads++;
      if (f.blocked === 'true') d.blockedThreads++;
      if (f.lockedg !== undefined && f.lockedg !== '-1' && f.lockedg !== 'nil') d.lockedThreads++;
    } else {
      const g = /^status=(\d+)\((.*)\) m=/.exec(rest);
      if (g) {
        const status = String(Number(g[1]) & ~0x1000);
        d.goroutinesByStatus[status] = (d.goroutinesByStatus[status] ?? 0) + 1;
        if (g[2]) d.waitReasons[g[2]] = (d.waitReasons[g[2]] ?? 0) + 1;
      }
    }
    this.touch(lineNo);
    return true;
  }

  private touch(lineNo: number): void {
    if (this.trace.startLine === 0) this.trace.startLine = lineNo;
    this.trace.endLine = lineNo;
  }

  finish(): SchedTrace | undefined {
    if (this.trace.samples.length === 0) return undefined;
    const v = this.version.result();
    if (v) this.trace.goVersion = v;
    return this.trace;
  }
}

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of text.split(' ')) {
    const eq = token.indexOf('=');
    if (eq > 0) out[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return out;
}

function num(v: string | undefined): number {
  if (v === undefined || v === 'nil') return -1;
  const n = Number(v);
  return Number.isFinite(n) ? n : -1;
}
