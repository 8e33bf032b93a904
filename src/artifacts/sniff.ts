// Recognising what an input holds: first by its leading bytes (binary containers), then line by line
// for text (where artifacts start). Only real Go formats are recognised; anything else is passed
// through as unrelated text.

import { looksLikeProfileProto, looksLikeText } from './pprof/decode.js';
import { startsGoroutineDump } from './goroutines/scan.js';
import { startsPprofText } from './pprof/scan.js';
import { startsRaceReport } from './race/scan.js';

export type ContainerKind = 'gzip' | 'execution-trace' | 'pprof-protobuf' | 'text' | 'binary';

/** What the first bytes of an input say about its container. */
export function sniffContainer(head: Uint8Array): ContainerKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (isExecutionTraceHeader(head)) return 'execution-trace';
  if (looksLikeProfileProto(head)) return 'pprof-protobuf';
  if (head.length === 0 || looksLikeText(head.subarray(0, 4096))) return 'text';
  return 'binary';
}

/** runtime/trace files start with `go 1.N trace\0…` (16 bytes, NUL padded). */
export function isExecutionTraceHeader(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  return /^go 1\.\d+ trace\0+$/.test(latin1(head.subarray(0, 16)));
}

/** Go minor version named by an execution trace header. */
export function executionTraceVersion(head: Uint8Array): number | undefined {
  const m = /^go 1\.(\d+) trace/.exec(latin1(head.subarray(0, 16)));
  return m ? Number(m[1]) : undefined;
}

/** Bytes as latin1 text (one character per byte), without Node's Buffer. */
function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Block-shaped text artifacts, keyed by the line that opens them. */
export type TextStart = 'goroutines' | 'race' | 'pprof-text';

/** Which block artifact (if any) starts at this cleaned line. */
export function textArtifactStart(line: string): TextStart | undefined {
  if (line.length === 0) return undefined;
  if (startsGoroutineDump(line)) return 'goroutines';
  if (startsRaceReport(line)) return 'race';
  if (startsPprofText(line)) return 'pprof-text';
  return undefined;
}
