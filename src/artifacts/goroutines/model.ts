// Model of Go's goroutine stack dumps: panics, fatal errors, SIGQUIT dumps, debug=2 / runtime.Stack
// dumps and `go test -timeout` dumps share one goroutine-block grammar (runtime-formats §1).

import type { Frame } from '../frames.js';
import type { InputSpan } from '../scanner.js';
import type { GoVersionRange } from '../version.js';

/**
 * What produced the dump, from its preamble:
 * - crash: `panic: …` or `fatal error: …`
 * - test-timeout: `panic: test timed out after …`
 * - signal-dump: `SIGQUIT: quit` (or another signal) with `PC=` line
 * - goroutine-dump: no preamble; `debug=2`, `runtime.Stack(buf, true)`, GOTRACEBACK output pasted alone
 */
export type DumpKind = 'crash' | 'test-timeout' | 'signal-dump' | 'goroutine-dump';

export interface PanicValue {
  /** The value as printed after `panic: `, without the trailing markers. */
  message: string;
  /** ` [recovered]`: this panic was recovered and a deferred call panicked again. */
  recovered: boolean;
  /** ` [recovered, repanicked]` (Go 1.25+): re-panicked with the same value. */
  repanicked: boolean;
}

export interface Preamble {
  /** Chained panics, outermost first, as printed. */
  panics: PanicValue[];
  /** Text after `fatal error: `. */
  fatal?: string;
  /** `runtime: …` detail lines printed before the fatal error (thread limit, stack size…). */
  runtimeDetails: string[];
  /** `[signal SIGSEGV: …]` or `SIGQUIT: quit`, without brackets. */
  signal?: string;
  /** The `signal arrived during cgo execution` line was present. */
  signalDuringCgo: boolean;
  /** Tests listed under `running tests:` (Go 1.20+ test timeouts). */
  runningTests: { name: string; duration: string }[];
  /** Continuation lines of multi-line panic values (Go 1.23+ indents them with a TAB). */
  continuation: string[];
}

export interface CreatedBy {
  func: string;
  file: string;
  line: number;
  /** Go 1.21+: `created by F in goroutine N`. */
  parentId?: number;
}

/** A `[originating from goroutine N]:` block (GODEBUG=tracebackancestors=N). */
export interface Ancestor {
  id: number;
  frames: Frame[];
  createdBy?: CreatedBy;
}

export interface Goroutine {
  id: number;
  /** Bracket status: a wait reason (`chan receive`, `semacquire`, `sync.Mutex.Lock`…) or a state (`running`). */
  state: string;
  /** `, N minutes`: blocked at least this long (approximate, see runtime-formats §1.2); absent = unknown. */
  waitMinutes?: number;
  /** `, locked to thread`. */
  locked: boolean;
  /** Innermost first. */
  frames: Frame[];
  createdBy?: CreatedBy;
  ancestors: Ancestor[];
  /** `...additional frames elided...` or `...N frames elided...` was printed. */
  framesElided: boolean;
  /** `goroutine running on other thread; stack unavailable`. */
  stackUnavailable: boolean;
  /** Input line of the header. */
  line: number;
}

export interface GoroutineDump extends InputSpan {
  format: 'goroutine-text';
  kind: DumpKind;
  preamble: Preamble;
  /** `runtime stack:` frames of the system stack (runtime throws). */
  runtimeStack: Frame[];
  /** The goroutines kept in memory (all of them unless the dump exceeded the retain limit). */
  goroutines: Goroutine[];
  /** Every goroutine block seen, kept or not. */
  goroutineCount: number;
  /** `exit status N` printed by `go run`/`go test`. */
  exitStatus?: number;
  /** `FAIL\t<pkg>\t<time>` lines of `go test`. */
  testFailures: string[];
  /** A register dump followed the blocks (signal-driven crashes). */
  registers: boolean;
  /** The input ended in the middle of a block. */
  truncated: boolean;
  goVersion?: GoVersionRange;
}
