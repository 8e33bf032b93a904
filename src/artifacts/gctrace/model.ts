// Model of GODEBUG=gctrace=1 output (runtime-formats §5.3).

import type { InputSpan } from '../scanner.js';
import type { GoVersionRange } from '../version.js';

export interface GcCycle {
  line: number;
  /** GC number, from 1. */
  n: number;
  /** Seconds since program start. */
  atSeconds: number;
  /** Percentage of CPU time spent in GC since program start. */
  cpuPercent: number;
  /** Wall-clock phases in ms: STW sweep termination, concurrent mark, STW mark termination. */
  clockMs: { sweepTermination: number; mark: number; markTermination: number };
  /** CPU time in ms: STW phases, mark assist (user goroutines drafted), background, idle. */
  cpuMs: { sweepTermination: number; assist: number; background: number; idle: number; markTermination: number };
  /** Heap at GC start, at GC end, and live heap marked, in MB. */
  heapMB: { start: number; end: number; live: number };
  goalMB: number;
  /** Go 1.18+. */
  stacksMB?: number;
  globalsMB?: number;
  procs: number;
  /** `(forced)`: runtime.GC() or debug.FreeOSMemory(). */
  forced: boolean;
}

export interface GcTrace extends InputSpan {
  format: 'gctrace';
  cycles: GcCycle[];
  /** Scavenger lines (`scav …`, `scvg…`), counted only. */
  scavengerLines: number;
  goVersion?: GoVersionRange;
}
