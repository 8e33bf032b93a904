// The text multiplexer: one pass over the lines of an input, routing each line to
//  1. single-line record collectors (schedtrace, gctrace, race epilogue lines), which may appear
//     anywhere, even in the middle of another artifact;
//  2. the active block scanner (goroutine dump, race report, pprof text), until it declines a line;
//  3. otherwise sniff.ts decides whether a new block artifact starts here; if not, the line is
//     unrelated text and is passed over.
// Before a line is cleaned, the active scanner may take it raw (LineScanner.pushRaw): the goroutine
// scanner takes runs of frames it predicted, two lines at a time, which is most of a big dump.
// Nothing is buffered beyond the current line, so input size does not bound memory.

import { GcTraceCollector } from './gctrace/scan.js';
import type { Goroutine, GoroutineDump } from './goroutines/model.js';
import { GoroutineScanner } from './goroutines/scan.js';
import { cleanLine, LineSplitter } from './lines.js';
import type { GoroutineProfile } from './pprof/model.js';
import { PprofTextScanner } from './pprof/scan.js';
import type { RaceLog } from './race/model.js';
import { RaceCollector, RaceReportScanner } from './race/scan.js';
import type { LineScanner } from './scanner.js';
import type { SchedTrace } from './schedtrace/model.js';
import { SchedTraceCollector } from './schedtrace/scan.js';
import { textArtifactStart } from './sniff.js';
import type { GcTrace } from './gctrace/model.js';
import type { ChunkDecoder } from './utf8.js';

export type TextArtifact = GoroutineDump | GoroutineProfile | RaceLog | SchedTrace | GcTrace;

export interface TextStreamOptions {
  input: string;
  /** Goroutines kept per dump (the rest are streamed to onGoroutine only). */
  retain: number;
  /** Every goroutine of dump number `dumpSerial` (0-based, in input order), as soon as it is scanned. */
  onGoroutine?: (g: Goroutine, dumpSerial: number) => void;
  /** Block artifacts as they end; per-input collections (race, schedtrace, gctrace) at end(). */
  onArtifact: (a: TextArtifact, serial: number) => void;
  /** How byte chunks become text (default: TextDecoder; Node's reader passes a faster one). */
  decoder?: ChunkDecoder;
}

export class TextArtifactStream {
  private readonly splitter: LineSplitter;
  private readonly race: RaceCollector;
  private readonly sched: SchedTraceCollector;
  private readonly gc: GcTraceCollector;
  private active?: LineScanner;
  private lineNo = 0;
  private serial = 0;
  /** Lines that belonged to no artifact. */
  unrecognisedLines = 0;
  bytes = 0;

  constructor(private readonly options: TextStreamOptions) {
    this.splitter = new LineSplitter(options.decoder);
    this.race = new RaceCollector(options.input);
    this.sched = new SchedTraceCollector(options.input);
    this.gc = new GcTraceCollector(options.input);
  }

  private readonly onLine = (raw: string): void => this.line(raw);
  private readonly onSpan = (text: string, start: number, end: number): number => this.span(text, start, end);
  /** Whether the current chunk (or an earlier partial line) may contain ESC: decides the per-line ANSI scan. */
  private escapes = false;

  write(chunk: Uint8Array | string): void {
    this.bytes += chunk.length;
    this.escapes = this.escapes || (typeof chunk === 'string' ? chunk.indexOf('\x1b') >= 0 : chunk.indexOf(0x1b) >= 0);
    this.splitter.pushSpans(chunk, this.onSpan);
  }

  end(): void {
    this.splitter.end(this.onLine);
    this.closeActive();
    if (!this.race.empty) this.options.onArtifact(this.race.log, this.serial++);
    const sched = this.sched.finish();
    if (sched) this.options.onArtifact(sched, this.serial++);
    const gc = this.gc.finish();
    if (gc) this.options.onArtifact(gc, this.serial++);
  }

  get lines(): number {
    return this.lineNo;
  }

  /** A raw line: the active scanner's fast lane may take it (and the lines after it) as they are. */
  private span(text: string, start: number, end: number): number {
    const a = this.active;
    if (a?.pushRaw !== undefined && !this.escapes) {
      const next = a.pushRaw(text, start, end, this.lineNo + 1);
      if (next >= 0) {
        this.lineNo += a.linesTaken!;
        return next;
      }
    }
    this.line(start === 0 && end === text.length ? text : text.slice(start, end));
    return end + 1;
  }

  private line(raw: string): void {
    const lineNo = ++this.lineNo;
    const line = cleanLine(raw, this.escapes);
    // Single-line records start with S (SCHED), g (gc), s (scav), F/r/-/space/tab (race epilogue, scheddetail).
    const c = line.charCodeAt(0);
    if (c === 83 || c === 103 || c === 115 || c === 32) {
      if (this.sched.line(line, lineNo) || this.gc.line(line, lineNo)) return;
    }
    if ((c === 70 || c === 114 || c === 45 || c === 32 || c === 9) && this.race.line(line, lineNo)) return;
    if (this.active) {
      if (this.active.push(line, lineNo)) return;
      this.closeActive();
    }
    const start = textArtifactStart(line);
    if (start === undefined) {
      if (line.length > 0) this.unrecognisedLines++;
      return;
    }
    this.active = this.open(start);
    if (!this.active.push(line, lineNo)) {
      this.closeActive();
      this.unrecognisedLines++;
    }
  }

  private closeActive(): void {
    const a = this.active;
    this.active = undefined;
    a?.finish();
  }

  private open(kind: 'goroutines' | 'race' | 'pprof-text'): LineScanner {
    const serial = this.serial++;
    switch (kind) {
      case 'goroutines': {
        const onGoroutine = this.options.onGoroutine;
        return new GoroutineScanner({
          input: this.options.input,
          retain: this.options.retain,
          onGoroutine: onGoroutine ? (g) => onGoroutine(g, serial) : undefined,
          onDump: (d) => {
            // A lone `panic:`-looking or `SIGxxx:` log line with nothing after it is not a dump.
            if (d.goroutineCount === 0 && d.preamble.panics.length === 0 && d.preamble.fatal === undefined) return;
            this.options.onArtifact(d, serial);
          },
          startsOther: (line) => textArtifactStart(line) !== undefined,
        });
      }
      case 'race': {
        let endLine = 0;
        const scanner = new RaceReportScanner((r) => this.race.addReport(r, endLine));
        return {
          push: (line, lineNo) => {
            endLine = lineNo;
            return scanner.push(line, lineNo);
          },
          finish: () => scanner.finish(),
        };
      }
      case 'pprof-text':
        return new PprofTextScanner(this.options.input, (p) => this.options.onArtifact(p, serial));
    }
  }
}
