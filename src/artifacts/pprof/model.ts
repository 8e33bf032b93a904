// Model of pprof goroutine profiles (runtime-formats §2): `debug=1` text and `debug=0` gzipped
// protobuf, for the `goroutine` profile and Go 1.26+'s `goroutineleak` profile. Records aggregate
// goroutines with identical stacks and labels; there are no states, ids or wait times.

import type { Frame } from '../frames.js';
import type { InputSpan } from '../scanner.js';
import type { GoVersionRange } from '../version.js';

export interface ProfileRecord {
  /** Goroutines with this stack and label set. */
  count: number;
  /** pprof labels (`pprof.Do` / `pprof.SetGoroutineLabels`). */
  labels: Record<string, string>;
  /** Innermost first; inlined calls are frames of their own. */
  frames: Frame[];
  /** Input line of the record (text form). */
  line?: number;
}

export interface GoroutineProfile extends InputSpan {
  format: 'pprof';
  encoding: 'text' | 'protobuf';
  /** `goroutine`, or `goroutineleak` for the Go 1.26+ leak profile. */
  profile: string;
  /** Total goroutines (`goroutine profile: total N`, or the sum of sample values). */
  total: number;
  records: ProfileRecord[];
  /** Binary named by the profile's main mapping (protobuf only). */
  binary?: string;
  goVersion?: GoVersionRange;
}
