// Streaming scanner for one race report, from its opening rule to its closing rule. The lines the
// race runtime prints outside the rules (`Found N data race(s)`, the testing failure) are single-line
// records handled by RaceCollector.

import type { Frame } from '../frames.js';
import type { LineScanner } from '../scanner.js';
import type { AccessKind, RaceAccess, RaceGoroutine, RaceLog, RaceReport } from './model.js';

const RULE = '==================';

export const enum State {
  /** Consumed the opening rule `==================`; expects `WARNING: DATA RACE` (→ AccessHeader), else end. */
  Opened,
  /**
   * Expects an access header `Read at 0x00c000092228 by goroutine 8:` / `Previous write at … by main
   * goroutine:` (→ Frames), a creation header `Goroutine 8 (running) created at:` (→ Frames), blank
   * lines, or the closing rule (→ Closed).
   */
  AccessHeader,
  /**
   * Frames of the current section: `  main.(*Counter).Inc()` then `      example.com/app/race/main.go:14 +0x144`;
   * also `  [failed to restore the stack]`. Blank → AccessHeader; the closing rule → Closed.
   */
  Frames,
  /** After the closing rule: the report is complete and the next line is not ours. */
  Closed,
}

const ACCESS = /^(Previous )?(read|write|atomic read|atomic write) at (0x[0-9a-f]+) by (?:goroutine (\d+)|(main) goroutine):$/i;
const CREATED = /^Goroutine (\d+) \(([a-z]+)\) created at:$/;
const FRAME_FUNC = /^ {2}(\S.*)\(\)$/;
const FRAME_FILE = /^\s{3,}(.+?):(\d+)(?: \+0x[0-9a-f]+)?$/;

export function startsRaceReport(line: string): boolean {
  return line === RULE;
}

export class RaceReportScanner implements LineScanner {
  private state: State = State.Opened;
  private report?: RaceReport;
  private frames?: Frame[];
  private access?: RaceAccess;
  private pending?: Frame;
  private done = false;
  private lineNo = 0;

  constructor(private readonly onReport: (r: RaceReport) => void) {}

  push(line: string, lineNo: number): boolean {
    this.lineNo = lineNo;
    switch (this.state) {
      case State.Opened:
        if (line === RULE) return true; // a rule right after a rule: reports printed back to back
        if (line !== 'WARNING: DATA RACE') return false;
        this.report = { line: lineNo, current: emptyAccess(), goroutines: [] };
        this.state = State.AccessHeader;
        return true;
      case State.AccessHeader:
        return this.header(line);
      case State.Frames:
        return this.frameLine(line);
      case State.Closed:
        return false;
    }
  }

  private header(line: string): boolean {
    if (line === '') return true;
    if (line === RULE) return this.close();
    const a = ACCESS.exec(line);
    if (a && this.report) {
      const access: RaceAccess = {
        kind: a[2]!.toLowerCase() as AccessKind,
        address: a[3]!,
        goroutine: a[5] ? 'main' : Number(a[4]),
        frames: [],
        stackLost: false,
      };
      if (a[1]) this.report.previous = access;
      else this.report.current = access;
      this.access = access;
      this.frames = access.frames;
      this.state = State.Frames;
      return true;
    }
    const c = CREATED.exec(line);
    if (c && this.report) {
      const g: RaceGoroutine = { id: Number(c[1]), status: c[2]!, createdAt: [] };
      this.report.goroutines.push(g);
      this.access = undefined;
      this.frames = g.createdAt;
      this.state = State.Frames;
      return true;
    }
    // Lines we do not model (e.g. TSan "Location is …" notes) stay inside the report.
    return line.startsWith(' ') || /^[A-Z][a-z]+ /.test(line);
  }

  private frameLine(line: string): boolean {
    if (line === '') {
      this.flushPending();
      this.state = State.AccessHeader;
      return true;
    }
    if (line === RULE) {
      this.flushPending();
      return this.close();
    }
    const file = FRAME_FILE.exec(line);
    if (file && this.pending) {
      this.pending.file = file[1]!;
      this.pending.line = Number(file[2]);
      this.frames?.push(this.pending);
      this.pending = undefined;
      return true;
    }
    const fn = FRAME_FUNC.exec(line);
    if (fn) {
      this.flushPending();
      this.pending = { func: fn[1]!, args: '', file: '', line: 0 };
      return true;
    }
    if (line.trim() === '[failed to restore the stack]') {
      if (this.access) this.access.stackLost = true;
      return true;
    }
    this.flushPending();
    this.state = State.AccessHeader;
    return this.header(line);
  }

  private flushPending(): void {
    if (this.pending) this.frames?.push(this.pending);
    this.pending = undefined;
  }

  private close(): boolean {
    this.state = State.Closed;
    this.finish();
    return true;
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    this.flushPending();
    // A report cut off before its first access header carries nothing usable.
    if (this.report && this.report.current.frames.length + (this.report.previous?.frames.length ?? 0) > 0) {
      this.onReport(this.report);
    }
    void this.lineNo;
  }
}

function emptyAccess(): RaceAccess {
  return { kind: 'read', address: '', goroutine: 0, frames: [], stackLost: false };
}

/** Collects the race reports and race/test epilogue lines of one input into a RaceLog. */
export class RaceCollector {
  readonly log: RaceLog;

  constructor(input: string) {
    this.log = { format: 'race', input, startLine: 0, endLine: 0, reports: [], failedTests: [], goroutineLimitExceeded: false };
  }

  get empty(): boolean {
    return this.log.reports.length === 0 && this.log.foundCount === undefined && !this.log.goroutineLimitExceeded;
  }

  addReport(r: RaceReport, endLine: number): void {
    if (this.log.startLine === 0) this.log.startLine = r.line - 1;
    this.log.endLine = endLine;
    this.log.reports.push(r);
  }

  /** Single-line records: returns true when the line was one (and is consumed). Cheap on other lines. */
  line(line: string, lineNo: number): boolean {
    const c = line.charCodeAt(0);
    if (c === 70 /* F */ && line.startsWith('Found ')) {
      const found = /^Found (\d+) data race\(s\)$/.exec(line);
      if (!found) return false;
      this.log.foundCount = Number(found[1]);
      this.touch(lineNo);
      return true;
    }
    if (c === 114 /* r */ && line.startsWith('race: limit on ') && line.includes('simultaneously alive goroutines')) {
      this.log.goroutineLimitExceeded = true;
      this.touch(lineNo);
      return true;
    }
    if (c === 45 /* - */) {
      // `--- FAIL: TestX (0.00s)` is a race failure only when the next line says so; it is not consumed.
      const failed = /^--- FAIL: (\S+) \(/.exec(line);
      this.pendingTest = failed ? failed[1]! : undefined;
      return false;
    }
    if ((c === 32 || c === 9) && line.charCodeAt(line.length - 1) === 116 /* t */ && line.endsWith(': race detected during execution of test') && /^\s+testing\.go:\d+: /.test(line)) {
      if (this.pendingTest !== undefined) this.log.failedTests.push(this.pendingTest);
      this.pendingTest = undefined;
      this.touch(lineNo);
      return true;
    }
    return false;
  }

  private pendingTest?: string;

  private touch(lineNo: number): void {
    if (this.log.startLine === 0) this.log.startLine = lineNo;
    this.log.endLine = Math.max(this.log.endLine, lineNo);
  }
}
