// Model of GODEBUG=schedtrace=<ms>[,scheddetail=1] output (runtime-formats §5.1, §5.2).

import type { InputSpan } from '../scanner.js';
import type { GoVersionRange } from '../version.js';

export interface SchedSample {
  /** Input line of the `SCHED` line. */
  line: number;
  /** `SCHED <t>ms`: milliseconds since the first trace line. */
  timeMs: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  /** Absent in Go 1.19; present in newer releases. */
  needspinning?: number;
  idlethreads: number;
  /** Global run queue length. */
  runqueue: number;
  /** Per-P local run queues (`[4 35]`); with scheddetail they come from the P lines' runqsize. */
  localRunqueues: number[];
  /** scheddetail only. */
  detail?: SchedDetail;
}

export interface SchedDetail {
  gcwaiting: number;
  /** P status numbers, by P index: 0 idle, 1 running, 2 syscall, 3 gcstop, 4 dead. */
  procStatus: number[];
  /** M lines seen, and how many were blocked or locked to a goroutine. */
  threads: number;
  blockedThreads: number;
  lockedThreads: number;
  /** G lines by status number (1 runnable, 2 running, 3 syscall, 4 waiting…). */
  goroutinesByStatus: Record<string, number>;
  /** Waiting G lines by wait reason, e.g. {"chan receive": 12}. */
  waitReasons: Record<string, number>;
}

export interface SchedTrace extends InputSpan {
  format: 'schedtrace';
  samples: SchedSample[];
  /** scheddetail=1 was on. */
  detail: boolean;
  goVersion?: GoVersionRange;
}
