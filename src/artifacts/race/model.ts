// Model of race detector reports (ThreadSanitizer's Go mode, runtime-formats §3).

import type { Frame } from '../frames.js';
import type { InputSpan } from '../scanner.js';

export type AccessKind = 'read' | 'write' | 'atomic read' | 'atomic write';

export interface RaceAccess {
  kind: AccessKind;
  /** Hex address as printed, e.g. `0x00c000092228`. */
  address: string;
  /** Goroutine id, or 'main' for `by main goroutine`. */
  goroutine: number | 'main';
  /** Innermost first. */
  frames: Frame[];
  /** `[failed to restore the stack]`: TSan's history no longer had this stack. */
  stackLost: boolean;
}

export interface RaceGoroutine {
  id: number;
  /** `running` or `finished` when the report was written. */
  status: string;
  /** Frames of the `go` statement that started it, innermost first. */
  createdAt: Frame[];
}

export interface RaceReport {
  /** Input line of `WARNING: DATA RACE`. */
  line: number;
  /** The access that triggered the report. */
  current: RaceAccess;
  /** The earlier conflicting access (`Previous write at …`). */
  previous?: RaceAccess;
  goroutines: RaceGoroutine[];
}

/** Every race report of one input, with the lines the race runtime and `go test` print after them. */
export interface RaceLog extends InputSpan {
  format: 'race';
  reports: RaceReport[];
  /** `Found N data race(s)` at process exit. */
  foundCount?: number;
  /** Tests failed with `race detected during execution of test`. */
  failedTests: string[];
  /** `race: limit on 8128 simultaneously alive goroutines is exceeded, dying`. */
  goroutineLimitExceeded: boolean;
}
