// Streaming scanner for goroutine stack dumps (panic / fatal error / SIGQUIT / debug=2 /
// runtime.Stack / test timeout). One explicit state machine; each state documents the line shapes it
// accepts, an example, and where it goes next. Lines that fit no state end the dump (the multiplexer
// then offers them to other formats), except for a few junk lines between goroutine blocks, which
// are skipped because other writers' output can land there.
//
// Dumps repeat a few stacks many times: stack-memory.ts keeps what was parsed (call sites, shared
// frames, creators, header statuses), and the scanner remembers what followed each frame and
// checks the next lines against that prediction by comparing texts, which costs much less than
// hashing them for a lookup. pushRaw goes further: in state FuncLine it takes frames, the
// `created by` pair, and the blank line plus the next header straight from the raw chunk, two lines
// at a time, only where cleaning and the single-line collectors would leave the lines alone and
// push() would take them the same way.

import type { Frame } from '../frames.js';
import type { LineScanner } from '../scanner.js';
import { VersionEvidence } from '../version.js';
import { IdSet } from './id-set.js';
import type { Ancestor, DumpKind, Goroutine, GoroutineDump, Preamble } from './model.js';
import { type CallSite, type CreatorLine, creatorLine, FILE_LINE, type HeaderStatus, type KnownFrame, rawEligible, StackMemory } from './stack-memory.js';

export interface GoroutineScanOptions {
  /** Input name for spans. */
  input: string;
  /** Goroutines kept in the model; the rest are only streamed to onGoroutine (memory stays bounded). */
  retain: number;
  /** Called for every goroutine block, in order, as soon as it is complete. */
  onGoroutine?: (g: Goroutine) => void;
  /** Called once with the finished dump. */
  onDump: (dump: GoroutineDump) => void;
  /** True when a line starts another artifact (so a dump never swallows it as junk). */
  startsOther?: (line: string) => boolean;
}

/** The states of the machine. Transitions are listed per state; "end" means push() returns false. */
export const enum State {
  /**
   * Nothing consumed. Accepts any preamble line (→ Preamble) or a goroutine header (→ FuncLine).
   * e.g. `fatal error: concurrent map writes`, `goroutine 1 [running]:`
   */
  Start,
  /**
   * Lines before the first goroutine block. Accepts `panic: V[ [recovered]]`, TAB `panic: V` (chained),
   * `fatal error: M`, `runtime: …`, `[signal SIGSEGV: …]`, `SIGQUIT: quit`, `PC=0x45a4c3 m=0 sigcode=0`,
   * `signal arrived during cgo execution`, `running tests:` and its TAB-indented entries, TAB
   * continuation lines, blank lines. → RuntimeStackFunc on `runtime stack:`, → FuncLine on a header,
   * end on anything else.
   */
  Preamble,
  /** Function line of the `runtime stack:` (g0) frames, e.g. `runtime.throw({0x47ab94?, 0x4098d3?})`. Blank → BetweenBlocks. */
  RuntimeStackFunc,
  /** File line of a runtime-stack frame, e.g. TAB `runtime/panic.go:1047 +0x5d fp=0xc000115e48 sp=… pc=…`. → RuntimeStackFunc. */
  RuntimeStackFile,
  /**
   * After a header or a complete frame. Accepts a function line `main.writer(0x0?, 0x1)` (→ FileLine),
   * `created by main.main[ in goroutine 1]` (→ CreatedByFile), `[originating from goroutine 1]:`
   * (→ AncestorFunc), `...additional frames elided...` / `...12 frames elided...`, TAB
   * `goroutine running on other thread; stack unavailable`, `non-Go function at pc=0x…`. Blank → BetweenBlocks.
   */
  FuncLine,
  /** TAB (or spaces) `file:line[ +0xoff][ fp=… sp=…][ pc=…]`, e.g. TAB `example.com/app/main.go:8 +0x85`. → FuncLine. */
  FileLine,
  /** File line of `created by`. → FuncLine (ancestor blocks or blank may follow). */
  CreatedByFile,
  /** Frames of an ancestor block: `main.main(...)`, `created by …`, another `[originating …]:`. Blank → BetweenBlocks. */
  AncestorFunc,
  /** File line of an ancestor frame. → AncestorFunc. */
  AncestorFile,
  /** File line of an ancestor's `created by`. → AncestorFunc. */
  AncestorCreatedByFile,
  /**
   * Between blocks. Accepts a header (→ FuncLine), blank lines, register lines `rax    0x0`
   * (→ Registers), tail lines `exit status 2` / `FAIL\tpkg\t2.0s` / `FAIL` (→ Tail), and up to
   * MAX_JUNK unrelated lines. Ends on a line that starts another artifact.
   */
  BetweenBlocks,
  /** Register dump after a signal-driven crash, e.g. `rflags 0x286`. → Tail, BetweenBlocks on blank. */
  Registers,
  /** `exit status N`, `FAIL…` lines after the dump; anything else ends the dump. */
  Tail,
}

const HEADER = /^\s*goroutine (\d+)(?: gp=0x[0-9a-f]+ m=(?:\d+|nil)(?: mp=0x[0-9a-f]+)?)? \[(.*)\]:$/;
const ANCESTOR = /^\[originating from goroutine (\d+)\]:$/;
const ELIDED = /^\.\.\.(?:additional|\d+) frames elided\.\.\.$/;
const REGISTER = /^[a-z][a-z0-9]{0,6} +0x[0-9a-f]+$/;
const TAIL = /^(?:exit status \d+|FAIL(?:\t.*)?|--- FAIL: .*|\s+testing\.go:\d+: .*)$/;
const PANIC = /^(\t*)panic: (.*?)( \[recovered(?:, repanicked)?\])?$/;
const SIGNAL_HEADER = /^(SIG[A-Z0-9]+): (.+)$/;
const MAX_JUNK = 5;
/** Shared empty list for goroutines without ancestor blocks (replaced before the first push). */
const NO_ANCESTORS = Object.freeze([]) as unknown as Ancestor[];

const MAX_TRACKED_IDS = 100_000;

/** What parseHeader read from a header line (one reused object: headers come by the million). */
const parsedHeader = { id: 0, bracket: '', gp: false };

/**
 * `goroutine 12 [chan receive, 3 minutes]:` → id and bracket text into parsedHeader, without a regex
 * for the common shape; other shapes use HEADER. False when the line is no header.
 */
function parseHeader(line: string): boolean {
  if (line.charCodeAt(0) === 103 && line.charCodeAt(line.length - 1) === 58 && line.charCodeAt(line.length - 2) === 93 && line.startsWith('goroutine ')) {
    let i = 10;
    let id = 0;
    while (i < line.length) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      id = id * 10 + d;
      i++;
    }
    if (i > 10 && line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 91 /* [ */) {
      parsedHeader.id = id;
      parsedHeader.bracket = line.slice(i + 2, -2);
      parsedHeader.gp = false;
      return true;
    }
  }
  const c = line.charCodeAt(0);
  // Function lines of github.com/… and golang.org/… packages start with g too.
  if (c === 103 ? !line.startsWith('goroutine ') : c !== 32 && c !== 9) return false;
  const m = HEADER.exec(line);
  if (!m) return false;
  parsedHeader.id = Number(m[1]);
  parsedHeader.bracket = m[2]!;
  parsedHeader.gp = line.includes(' gp=0x');
  return true;
}

/** True when the line can begin a goroutine dump (used by the multiplexer to sniff). */
export function startsGoroutineDump(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 103 /* g */) return line.startsWith('goroutine ') && HEADER.test(line);
  if (c === 112 /* p */) return line.startsWith('panic: ');
  if (c === 102 /* f */) return line.startsWith('fatal error: ');
  if (c === 83 /* S */) return SIGNAL_HEADER.test(line) && line.startsWith('SIG');
  if (c === 114 /* r */) return line.startsWith('runtime: ') || line === 'runtime stack:';
  return false;
}

export class GoroutineScanner implements LineScanner {
  private state: State = State.Start;
  private readonly version = new VersionEvidence();
  private readonly dump: GoroutineDump;
  private current?: Goroutine;
  private ancestor?: Ancestor;
  /** The function line waiting for its file line, and where its argument list opens. */
  private pending?: string;
  private pendingOpen = 0;
  /** The frame predicted to come next, the last frame of the current goroutine, and the header status it began with. */
  private predicted?: KnownFrame;
  private previous?: KnownFrame;
  private status?: HeaderStatus;
  /** The pending function line is the predicted frame's. */
  private pendingPredicted = false;
  /** The stacks of this dump seen so far: each repeated text is parsed once. */
  private readonly memory = new StackMemory(this.version);
  private pendingCreatedBy?: CreatorLine;
  /** The `semacquire` version clue is settled: no need to look at more mutex waits. */
  private semacquireNoted = false;
  private junk = 0;
  private finished = false;
  private lastLine = 0;
  private lineNo = 0;
  /** Goroutine ids seen so far (bounded), to tell a new dump from junk inside this one. */
  private readonly seenIds = new IdSet(MAX_TRACKED_IDS);
  private endedByRepeat = false;

  constructor(private readonly options: GoroutineScanOptions) {
    const preamble: Preamble = { panics: [], runtimeDetails: [], signalDuringCgo: false, runningTests: [], continuation: [] };
    this.dump = {
      format: 'goroutine-text',
      kind: 'goroutine-dump',
      input: options.input,
      startLine: 0,
      endLine: 0,
      preamble,
      runtimeStack: [],
      goroutines: [],
      goroutineCount: 0,
      testFailures: [],
      registers: false,
      truncated: false,
    };
  }

  push(line: string, lineNo: number): boolean {
    this.lineNo = lineNo;
    const accepted = this.step(line);
    if (accepted) {
      if (this.dump.startLine === 0) this.dump.startLine = lineNo;
      this.lastLine = lineNo;
    }
    return accepted;
  }

  /** Lines pushRaw took in its last call. */
  linesTaken = 0;

  /**
   * The fast lane (see LineScanner.pushRaw): inside a block, frames as predicted — function line
   * and file line exactly as seen before — are taken two lines at a time, as many in a row as
   * match, with one comparison each and no line strings.
   */
  pushRaw(text: string, start: number, end: number, lineNo: number): number {
    if (this.state !== State.FuncLine || this.current === undefined) return -1;
    let at = start;
    let lineEnd = end;
    let taken = 0;
    for (;;) {
      for (;;) {
        if (lineEnd < 0) lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) break;
        const next = this.rawFrame(text, at, lineEnd, this.predicted);
        if (next < 0) break;
        taken += 2;
        at = next;
        lineEnd = -1;
      }
      if (lineEnd < 0) break;
      const afterCreator = this.rawCreator(text, at, lineEnd);
      if (afterCreator >= 0) {
        taken += 2;
        at = afterCreator;
      }
      // The blank line that ends this block and the next goroutine's header: on to its frames.
      const afterHeader = this.rawNextHeader(text, at, lineNo + taken + 1);
      if (afterHeader < 0) break;
      taken += 2;
      at = afterHeader;
      lineEnd = -1;
    }
    if (taken === 0) return -1;
    this.linesTaken = taken;
    this.lineNo = lineNo + taken - 1;
    this.lastLine = this.lineNo;
    if (this.dump.startLine === 0) this.dump.startLine = lineNo;
    return at;
  }

  /** The `created by` line at `at` (ending at `lineEnd`) and its file line, as after this frame last time. */
  private rawCreator(text: string, at: number, lineEnd: number): number {
    const creator = this.previous?.creator;
    const made = creator?.made[0];
    if (made === undefined || made.site === undefined || made.site.text.charCodeAt(0) !== 9 || creator!.text.length !== lineEnd - at) return -1;
    creator!.pair ??= `${creator!.text}\n${made.site.text}`;
    const after = at + creator!.pair.length;
    if (text.charCodeAt(after) !== 10 || text.slice(at, after) !== creator!.pair) return -1;
    this.current!.createdBy = made.createdBy;
    return after + 1;
  }

  /**
   * A blank line at `at` and a goroutine header after it (line `headerLineNo`): the current
   * goroutine ends and the next begins, as push() would do with the two lines. Inside a block no
   * junk was seen, so the header cannot end the dump as a repeated id.
   */
  private rawNextHeader(text: string, at: number, headerLineNo: number): number {
    if (text.charCodeAt(at) !== 10) return -1;
    const h = at + 1;
    const end = text.indexOf('\n', h);
    if (end < 0 || text.charCodeAt(h) !== 103 /* g */ || text.charCodeAt(end - 1) !== 58 /* : */) return -1;
    const line = text.slice(h, end);
    if (!parseHeader(line)) return -1;
    this.closeGoroutine();
    this.state = State.BetweenBlocks;
    this.lineNo = headerLineNo;
    this.header(line);
    return end + 1;
  }

  /**
   * Takes the two lines of a frame at `at` (its function line ends at `lineEnd`): those of the
   * predicted frame `p`; or the same function and call site with other arguments (pointers that
   * differ between goroutines); or a function line followed by the file line of a known call site.
   * Returns where the next line starts, or -1 (nothing taken: the lines go the slow way).
   */
  private rawFrame(text: string, at: number, lineEnd: number, p: KnownFrame | undefined): number {
    let known: KnownFrame | undefined;
    let fileEnd = -1;
    if (p !== undefined && (p.raw ?? rawEligible(p))) {
      const site = p.site;
      const fileStart = lineEnd + 1;
      fileEnd = fileStart + site.text.length;
      if (text.charCodeAt(fileEnd) === 10) {
        if (lineEnd - at === p.text.length && (p !== site.last || site.lastTries < 32 || site.lastHits * 8 > site.lastTries)) {
          p.pair ??= `${p.text}\n${site.text}`;
          if (text.slice(at, fileEnd) === p.pair) {
            known = p;
            if (p === site.last) {
              site.lastTries++;
              site.lastHits++;
            }
          }
        }
        if (known === undefined) {
          const open = p.frame.func.length;
          if (text.charCodeAt(lineEnd - 1) === 41 /* ) */ && text.lastIndexOf('(', lineEnd) === at + open && text.slice(fileStart, fileEnd) === site.text) {
            const line = text.slice(at, lineEnd);
            if (line.lastIndexOf(p.frame.func, 0) === 0) known = this.memory.frameAt(site, line, open, p.frame.func);
          }
        }
      }
    }
    if (known === undefined) {
      // Not as predicted: a function line as rawEligible requires, and the file line of a call site
      // already parsed (new sites, and anything unusual, take the slow way).
      const c = text.charCodeAt(at);
      if (c < 97 || c > 122 || text.charCodeAt(lineEnd - 1) !== 41 /* ) */ || text.charCodeAt(lineEnd + 1) !== 9) return -1;
      const open = text.lastIndexOf('(', lineEnd) - at;
      const space = text.indexOf(' ', at);
      if (open <= 0 || (space >= 0 && space < at + open)) return -1;
      fileEnd = text.indexOf('\n', lineEnd + 1);
      if (fileEnd < 0 || text.charCodeAt(fileEnd - 1) === 13) return -1;
      const site = this.memory.knownSite(text.slice(lineEnd + 1, fileEnd));
      if (site === undefined) return -1;
      known = this.memory.frameAt(site, text.slice(at, lineEnd), open);
    }
    this.current!.frames.push(known.frame);
    this.follow(known);
    return fileEnd + 1;
  }

  private step(line: string): boolean {
    switch (this.state) {
      case State.Start:
      case State.Preamble:
        return this.preambleLine(line);
      case State.RuntimeStackFunc:
        if (line === '') return this.to(State.BetweenBlocks);
        if (this.funcLine(line)) return this.to(State.RuntimeStackFile);
        return this.endOrJunk(line);
      case State.RuntimeStackFile: {
        const f = this.fileLine(line);
        if (!f) {
          this.pending = undefined;
          return this.endOrJunk(line);
        }
        this.dump.runtimeStack.push(f);
        return this.to(State.RuntimeStackFunc);
      }
      case State.FuncLine:
        return this.blockLine(line);
      case State.FileLine: {
        const f = this.fileLine(line);
        if (!f) {
          // A frame without its file line: keep it, then read this line as a block line.
          this.current?.frames.push(this.takePendingWithoutFile());
          this.state = State.FuncLine;
          return this.blockLine(line, true);
        }
        this.current?.frames.push(f);
        return this.to(State.FuncLine);
      }
      case State.CreatedByFile: {
        const site = this.memory.creatorSite(this.pendingCreatedBy, line);
        if (this.current && this.pendingCreatedBy) this.current.createdBy = this.memory.createdBy(this.pendingCreatedBy, site);
        this.pendingCreatedBy = undefined;
        this.state = State.FuncLine;
        return site ? true : this.blockLine(line);
      }
      case State.AncestorFunc:
        return this.ancestorLine(line);
      case State.AncestorFile: {
        const f = this.fileLine(line);
        if (!f) {
          this.ancestor?.frames.push(this.takePendingWithoutFile());
          this.state = State.AncestorFunc;
          return this.ancestorLine(line);
        }
        this.ancestor?.frames.push(f);
        return this.to(State.AncestorFunc);
      }
      case State.AncestorCreatedByFile: {
        const site = this.memory.creatorSite(this.pendingCreatedBy, line);
        if (this.ancestor && this.pendingCreatedBy) this.ancestor.createdBy = this.memory.createdBy(this.pendingCreatedBy, site);
        this.pendingCreatedBy = undefined;
        this.state = State.AncestorFunc;
        return site ? true : this.ancestorLine(line);
      }
      case State.BetweenBlocks:
        return this.betweenBlocks(line);
      case State.Registers:
        if (REGISTER.test(line)) return true;
        if (line === '') return this.to(State.BetweenBlocks);
        return this.tailLine(line);
      case State.Tail:
        return this.tailLine(line);
    }
  }

  private to(state: State): boolean {
    this.state = state;
    return true;
  }

  // ---- preamble ------------------------------------------------------------------------------

  private preambleLine(line: string): boolean {
    const p = this.dump.preamble;
    if (line === '') {
      if (this.state === State.Start) return false;
      return true;
    }
    if (this.header(line)) return true;
    if (line === 'runtime stack:') return this.to(State.RuntimeStackFunc);
    const panic = line.includes('panic: ') ? PANIC.exec(line) : null;
    if (panic) {
      const marker = panic[3] ?? '';
      p.panics.push({ message: panic[2]!, recovered: marker.length > 0, repanicked: marker.includes('repanicked') });
      if (marker.includes('repanicked')) this.version.atLeast(25, '[recovered, repanicked] marker');
      if (panic[2] === 'panic called with nil argument') this.version.atLeast(21, 'panic(nil) becomes PanicNilError');
      if (/unpinned Go pointer/.test(panic[2]!)) this.version.atLeast(21, 'cgo check mentions unpinned pointers');
      if (/Go pointer to Go pointer/.test(panic[2]!)) this.version.atMost(20, 'pre-pinning cgo check message');
      return this.to(State.Preamble);
    }
    if (line.startsWith('fatal error: ')) {
      p.fatal = line.slice('fatal error: '.length);
      return this.to(State.Preamble);
    }
    if (line.startsWith('runtime: ')) {
      p.runtimeDetails.push(line);
      return this.to(State.Preamble);
    }
    if (line.startsWith('[signal ') && line.endsWith(']')) {
      p.signal = line.slice(1, -1);
      return this.to(State.Preamble);
    }
    const sig = line.startsWith('SIG') ? SIGNAL_HEADER.exec(line) : null;
    if (sig) {
      p.signal = line;
      return this.to(State.Preamble);
    }
    if (this.state === State.Start) return false;
    if (/^PC=0x[0-9a-f]+ m=\d+/.test(line)) return true;
    if (line === 'signal arrived during cgo execution') {
      p.signalDuringCgo = true;
      return true;
    }
    if (/^unexpected fault address /.test(line)) return true;
    const running = /^(\t*)running tests:$/.exec(line);
    if (running) {
      if (running[1]!.length > 0) this.version.atLeast(23, 'indented running-tests list');
      else {
        this.version.atLeast(20, 'running-tests list');
        this.version.atMost(22, 'unindented running-tests list');
      }
      return true;
    }
    const test = /^\t+(\S+) \(([^)]+)\)$/.exec(line);
    if (test && this.isTestTimeout()) {
      p.runningTests.push({ name: test[1]!, duration: test[2]! });
      return true;
    }
    if (line.startsWith('\t')) {
      p.continuation.push(line.trim());
      return true;
    }
    return false;
  }

  private isTestTimeout(): boolean {
    return this.dump.preamble.panics.some((x) => x.message.startsWith('test timed out after '));
  }

  // ---- goroutine blocks ----------------------------------------------------------------------

  private header(line: string): boolean {
    if (!parseHeader(line)) return false;
    const id = parsedHeader.id;
    // After junk, a goroutine id this dump already had means a new dump (e.g. a debug=2 dump
    // printed after a crash log): ids are unique within one dump.
    if (this.junk > 0 && this.seenIds.has(id)) {
      this.endedByRepeat = true;
      return false;
    }
    this.seenIds.add(id);
    this.closeGoroutine();
    if (parsedHeader.gp) this.version.atLeast(23, 'gp=/m= in goroutine headers');
    const status = this.memory.headerStatus(parsedHeader.bracket);
    this.status = status;
    this.previous = undefined;
    this.predicted = status.first;
    // Every field set up front (optional ones as undefined): one object shape for all goroutines.
    const g: Goroutine = {
      id,
      state: status.state,
      waitMinutes: status.waitMinutes,
      locked: status.locked,
      frames: [],
      createdBy: undefined,
      ancestors: NO_ANCESTORS,
      framesElided: false,
      stackUnavailable: false,
      line: 0,
    };
    g.line = this.lineNo;
    this.current = g;
    this.junk = 0;
    this.state = State.FuncLine;
    return true;
  }

  /** @param midFrame the previous frame lacks its file line: junk now means the dump was cut. */
  private blockLine(line: string, midFrame = false): boolean {
    if (line === '') {
      this.closeGoroutine();
      return this.to(State.BetweenBlocks);
    }
    const c = line.charCodeAt(0);
    if (c === 99 /* c */) {
      const predicted = this.previous?.creator;
      if (predicted !== undefined && line.length === predicted.text.length && line === predicted.text) {
        this.pendingCreatedBy = predicted;
        return this.to(State.CreatedByFile);
      }
      if (line.startsWith('created by ')) {
        this.pendingCreatedBy = this.memory.creator(line);
        if (this.previous !== undefined) this.previous.creator = this.pendingCreatedBy;
        return this.to(State.CreatedByFile);
      }
    }
    if (c === 91 /* [ */) {
      const a = ANCESTOR.exec(line);
      if (a) {
        this.ancestor = { id: Number(a[1]), frames: [] };
        if (this.current) {
          if (this.current.ancestors === NO_ANCESTORS) this.current.ancestors = [];
          this.current.ancestors.push(this.ancestor);
        }
        return this.to(State.AncestorFunc);
      }
    }
    if (c === 46 /* . */ && ELIDED.test(line)) {
      if (this.current) this.current.framesElided = true;
      if (line.charCodeAt(3) !== 97 /* a */) this.version.atLeast(21, '"...N frames elided..."');
      return true;
    }
    if (c === 9 && line.includes('goroutine running on other thread')) {
      if (this.current) this.current.stackUnavailable = true;
      return true;
    }
    if (c === 110 /* n */ && line.startsWith('non-Go function')) {
      this.current?.frames.push({ func: line, args: '', file: '??', line: 0 });
      return true;
    }
    if (this.header(line)) return true;
    if (this.funcLine(line)) return this.to(State.FileLine);
    if (TAIL.test(line)) {
      this.closeGoroutine();
      return this.tailLine(line);
    }
    // Not part of a block: the dump ends, or another writer's line landed in it.
    if (midFrame) this.dump.truncated = true;
    this.closeGoroutine();
    return this.endOrJunk(line);
  }

  private ancestorLine(line: string): boolean {
    if (line === '') {
      this.ancestor = undefined;
      this.closeGoroutine();
      return this.to(State.BetweenBlocks);
    }
    const a = ANCESTOR.exec(line);
    if (a) {
      this.ancestor = { id: Number(a[1]), frames: [] };
      this.current?.ancestors.push(this.ancestor);
      return true;
    }
    if (line.startsWith('created by ')) {
      this.pendingCreatedBy = creatorLine(line);
      return this.to(State.AncestorCreatedByFile);
    }
    if (ELIDED.test(line)) return true;
    if (this.header(line)) {
      this.ancestor = undefined;
      return true;
    }
    if (this.funcLine(line)) return this.to(State.AncestorFile);
    this.ancestor = undefined;
    this.closeGoroutine();
    return this.endOrJunk(line);
  }

  private betweenBlocks(line: string): boolean {
    if (line === '') return true;
    if (this.header(line)) return true;
    if (this.endedByRepeat) return false;
    // The rest of a block whose beginning was cut by junk: skipped without counting as junk.
    if (this.junk > 0 && (FILE_LINE.test(line) || /^\S.*\)$/.test(line))) return true;
    if (REGISTER.test(line)) {
      this.dump.registers = true;
      return this.to(State.Registers);
    }
    if (TAIL.test(line)) return this.tailLine(line);
    return this.endOrJunk(line);
  }

  private tailLine(line: string): boolean {
    if (line.startsWith('exit status ')) {
      this.dump.exitStatus = Number(line.slice('exit status '.length));
      return this.to(State.Tail);
    }
    if (line.startsWith('FAIL')) {
      if (line.startsWith('FAIL\t')) this.dump.testFailures.push(line);
      return this.to(State.Tail);
    }
    if (TAIL.test(line)) return this.to(State.Tail);
    return false;
  }

  /** Junk between blocks is skipped a few times; anything that starts another artifact ends the dump. */
  private endOrJunk(line: string): boolean {
    if (this.state === State.Tail || (this.dump.goroutineCount === 0 && !this.current)) return false;
    if (this.options.startsOther?.(line) || startsGoroutineDump(line)) return false;
    if (++this.junk > MAX_JUNK) return false;
    this.state = State.BetweenBlocks;
    return true;
  }

  /** Accepts a `func(args)` line; it is parsed when its file line arrives (most stacks repeat, and then it never is). */
  private funcLine(line: string): boolean {
    const p = this.predicted;
    // A site's last pointer frame is worth comparing only where that pointer tends to repeat.
    if (p !== undefined && line.length === p.text.length && (p !== p.site.last || p.site.lastTries < 32 || p.site.lastHits * 8 > p.site.lastTries) && line === p.text) {
      this.pending = line;
      this.pendingOpen = p.frame.func.length;
      this.pendingPredicted = true;
      return true;
    }
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 || line.charCodeAt(line.length - 1) !== 41 /* ) */) return false;
    const open = line.lastIndexOf('(');
    if (open <= 0) return false;
    this.pending = line;
    this.pendingOpen = open;
    this.pendingPredicted = false;
    return true;
  }

  /** The pending function line as a frame without file (the file line is missing). */
  private takePendingWithoutFile(): Frame {
    const p = this.pending;
    this.pending = undefined;
    return p !== undefined ? { ...this.memory.parseFunc(p), file: '', line: 0 } : { func: '?', args: '', file: '', line: 0 };
  }

  /** Completes the pending function line with this file line; undefined (pending kept) if it is not one. */
  private fileLine(line: string): Frame | undefined {
    const p = this.predicted;
    let site: CallSite | undefined;
    if (p !== undefined && line.length === p.site.text.length && line === p.site.text) {
      site = p.site;
      if (this.pendingPredicted && this.pending !== undefined) {
        // Both lines as predicted: the frame is known.
        this.pending = undefined;
        this.pendingPredicted = false;
        this.follow(p);
        return p.frame;
      }
    } else {
      site = this.memory.callSite(line);
      if (site === undefined) return undefined;
    }
    const text = this.pending ?? '?()';
    const open = this.pending !== undefined ? this.pendingOpen : 1;
    this.pending = undefined;
    this.pendingPredicted = false;
    const known = this.memory.frameAt(site, text, open);
    this.follow(known);
    return known.frame;
  }

  /** Records that `known` followed the previous frame (or began the goroutine), and predicts its successor. */
  private follow(known: KnownFrame): void {
    const previous = this.previous;
    if (previous !== undefined) previous.next = known;
    else if (this.status !== undefined) this.status.first = known;
    this.previous = known;
    this.predicted = known.next;
  }

  private closeGoroutine(): void {
    const g = this.current;
    if (!g) return;
    if (this.pending && this.state === State.FileLine) g.frames.push(this.takePendingWithoutFile());
    this.pending = undefined;
    this.current = undefined;
    this.ancestor = undefined;
    this.dump.goroutineCount++;
    if (this.dump.goroutines.length < this.options.retain) this.dump.goroutines.push(g);
    if (!this.semacquireNoted && g.state === 'semacquire' && g.frames.some((f) => f.func === 'sync.(*Mutex).Lock' || f.func === 'sync.(*RWMutex).Lock')) {
      this.version.atMost(19, 'mutex waits shown as [semacquire]');
      this.semacquireNoted = true;
    }
    this.options.onGoroutine?.(g);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const d = this.dump;
    if (this.current) {
      if (this.state === State.FileLine || this.state === State.CreatedByFile || this.state === State.AncestorFile || (this.current.frames.length === 0 && !this.current.stackUnavailable)) d.truncated = true;
      this.closeGoroutine();
    }
    d.endLine = this.lastLine;
    d.kind = dumpKind(d);
    if (d.kind === 'test-timeout' && d.preamble.runningTests.length === 0 && d.goroutineCount > 0) {
      this.version.atMost(19, 'test timeout without running-tests list');
    }
    if (d.preamble.fatal?.startsWith('concurrent map') && d.goroutines[0]?.frames[0]?.func === 'runtime.throw') {
      this.version.atMost(18, 'map fatal raised through runtime.throw');
    }
    const v = this.version.result();
    if (v) d.goVersion = v;
    this.options.onDump(d);
  }

  /** Used by the multiplexer to report where a scanner stopped (for diagnostics and tests). */
  get currentState(): State {
    return this.state;
  }
}

function dumpKind(d: GoroutineDump): DumpKind {
  const p = d.preamble;
  if (p.panics.some((x) => x.message.startsWith('test timed out after '))) return 'test-timeout';
  if (p.fatal !== undefined || p.panics.length > 0) return 'crash';
  if (p.signal !== undefined && /^SIG[A-Z0-9]+: /.test(p.signal)) return 'signal-dump';
  if (p.signal !== undefined) return 'crash';
  return 'goroutine-dump';
}
