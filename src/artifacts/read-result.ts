// What reading one input yields, whether it came from a file (read.ts) or from memory (read-memory.ts).

import type { GoroutineProfile } from './pprof/model.js';

export type ReadResult =
  | { container: 'text'; bytes: number }
  | { container: 'pprof-protobuf'; profile: GoroutineProfile; bytes: number }
  | { container: 'execution-trace'; goMinor?: number; bytes: number }
  | { container: 'binary'; bytes: number };

/** Largest binary profile we decode in memory. Goroutine profiles are aggregated, so far smaller. */
export const MAX_BINARY = 256 * 1024 * 1024;
