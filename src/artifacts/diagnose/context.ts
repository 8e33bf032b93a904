// What every diagnosis module receives: thresholds, the frame linker, and a finding factory that
// takes family and severity from the catalog. Diagnoses stay pure functions of (model, context).

import type { Finding, RelatedLocation } from '../../report/finding.js';
import { type Frame, innermostUserFrame } from '../frames.js';
import type { FrameLinking } from '../link/linking.js';
import { artifactRule } from './catalog.js';

export interface Thresholds {
  /** Goroutines parked at one site before it is a leak suspect. */
  leakCount: number;
  /** Wait minutes (`[chan receive, N minutes]`) that make a site a leak suspect at any count. */
  leakMinutes: number;
  /** Goroutines waiting for one lock site before it is a convoy. */
  convoyCount: number;
  /** Growth between two snapshots, in goroutines, before it is reported… */
  growthMin: number;
  /** …and as a ratio after/before. */
  growthFactor: number;
  /** Consecutive schedtrace samples with a backlog and no idle P. */
  schedConsecutive: number;
  /** Queued goroutines per P that count as a backlog. */
  schedBacklogPerP: number;
  /** Threads above GOMAXPROCS × this factor (and at least threadsMin more) are an explosion. */
  threadFactor: number;
  threadsMin: number;
  /** Stop-the-world time (ms) per GC cycle that is a long pause. */
  gcPauseMs: number;
  /** GC share of CPU (%) that is too much. */
  gcCpuPercent: number;
  /** GC cycles per second, sustained over at least a second, that is too frequent. */
  gcPerSecond: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  leakCount: 100,
  leakMinutes: 10,
  convoyCount: 10,
  growthMin: 10,
  growthFactor: 1.5,
  schedConsecutive: 5,
  schedBacklogPerP: 4,
  threadFactor: 10,
  threadsMin: 20,
  gcPauseMs: 10,
  gcCpuPercent: 25,
  gcPerSecond: 20,
};

export interface FindingSpec {
  rule: string;
  /** Where: a frame (linked to source when possible) or a raw input position. */
  at: Frame | { file: string; line: number };
  message: string;
  related?: RelatedLocation[];
  help?: string;
  artifact: { kind: string; [key: string]: unknown };
}

export class DiagnoseContext {
  constructor(
    readonly thresholds: Thresholds,
    readonly linker: FrameLinking,
  ) {}

  /** The user frame to blame: prefers files under --source, then any non-library frame. */
  userFrame(frames: readonly Frame[]): Frame | undefined {
    return innermostUserFrame(frames, this.linker.sourceRoot !== undefined ? this.linker.isSourceFrame : undefined);
  }

  /** Source lines of a frame's file, when linked. */
  lines(frame: Frame): string[] | undefined {
    return this.linker.sourceLines(frame.file);
  }

  lineText(frame: Frame): string | undefined {
    return this.lines(frame)?.[frame.line - 1];
  }

  related(frame: Frame, message: string): RelatedLocation {
    const loc = this.linker.locate(frame);
    return { file: loc.file, line: loc.line, column: 1, message };
  }

  finding(spec: FindingSpec): Finding {
    const rule = artifactRule(spec.rule);
    let file: string;
    let line: number;
    let column = 1;
    let endColumn = 1;
    if ('func' in spec.at) {
      const loc = this.linker.locate(spec.at);
      file = loc.file;
      line = loc.line;
      const text = this.lineText(spec.at);
      if (text !== undefined) {
        column = text.length - text.trimStart().length + 1;
        endColumn = utf8Length(text.trimEnd()) + 1;
      }
    } else {
      file = spec.at.file;
      line = spec.at.line;
    }
    const f: Finding = {
      rule: rule.id,
      family: rule.family,
      severity: rule.severity,
      file,
      line: Math.max(line, 1),
      column,
      endLine: Math.max(line, 1),
      endColumn: Math.max(endColumn, column),
      message: spec.message,
      related: spec.related ?? [],
      fixes: [],
      help: spec.help ?? rule.fix,
      artifact: spec.artifact,
    };
    return f;
  }
}

/** Bytes of a string in UTF-8 (columns count bytes, as go/token does). */
function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** "1 goroutine", "3 goroutines". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
