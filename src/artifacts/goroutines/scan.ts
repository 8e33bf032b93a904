// Streaming scanner for goroutine stack dumps (panic / fatal error / SIGQUIT / debug=2 /
// runtime.Stack / test timeout). One explicit state machine; each state documents the line shapes it
// accepts, an example, and where it goes next. Lines that fit no state end the dump (the multiplexer
// then offers them to other formats), except for a few junk lines between goroutine blocks, which
// are skipped because other writers' output can land there.

import type { Frame } from '../frames.js';
import type { LineScanner } from '../scanner.js';
import { VersionEvidence } from '../version.js';
import type { Ancestor, DumpKind, Goroutine, GoroutineDump, Preamble } from './model.js';

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
const FILE_LINE = /^(?:\t| +)(.*?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+)?(?: pc=0x[0-9a-f]+)?\s*$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const ANCESTOR = /^\[originating from goroutine (\d+)\]:$/;
const ELIDED = /^\.\.\.(?:additional|\d+) frames elided\.\.\.$/;
const REGISTER = /^[a-z][a-z0-9]{0,6} +0x[0-9a-f]+$/;
const TAIL = /^(?:exit status \d+|FAIL(?:\t.*)?|--- FAIL: .*|\s+testing\.go:\d+: .*)$/;
const PANIC = /^(\t*)panic: (.*?)( \[recovered(?:, repanicked)?\])?$/;
const SIGNAL_HEADER = /^(SIG[A-Z0-9]+): (.+)$/;
const MAX_JUNK = 5;
const MAX_TRACKED_IDS = 100_000;

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
  private pendingFrame?: Frame;
  private pendingCreatedBy?: { func: string; parentId?: number };
  private junk = 0;
  private finished = false;
  private lastLine = 0;
  private lineNo = 0;
  private sawRegisterArgs = false;
  /** Goroutine ids seen so far (bounded), to tell a new dump from junk inside this one. */
  private readonly seenIds = new Set<number>();
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
          this.pendingFrame = undefined;
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
          this.current?.frames.push(this.pendingFrame!);
          this.pendingFrame = undefined;
          this.state = State.FuncLine;
          return this.blockLine(line, true);
        }
        this.current?.frames.push(f);
        return this.to(State.FuncLine);
      }
      case State.CreatedByFile: {
        const loc = this.fileLocation(line);
        if (this.current && this.pendingCreatedBy) {
          this.current.createdBy = { ...this.pendingCreatedBy, file: loc?.file ?? '', line: loc?.line ?? 0 };
        }
        this.pendingCreatedBy = undefined;
        this.state = State.FuncLine;
        return loc ? true : this.blockLine(line);
      }
      case State.AncestorFunc:
        return this.ancestorLine(line);
      case State.AncestorFile: {
        const f = this.fileLine(line);
        if (!f) {
          this.ancestor?.frames.push(this.pendingFrame!);
          this.pendingFrame = undefined;
          this.state = State.AncestorFunc;
          return this.ancestorLine(line);
        }
        this.ancestor?.frames.push(f);
        return this.to(State.AncestorFunc);
      }
      case State.AncestorCreatedByFile: {
        const loc = this.fileLocation(line);
        if (this.ancestor && this.pendingCreatedBy) {
          this.ancestor.createdBy = { ...this.pendingCreatedBy, file: loc?.file ?? '', line: loc?.line ?? 0 };
        }
        this.pendingCreatedBy = undefined;
        this.state = State.AncestorFunc;
        return loc ? true : this.ancestorLine(line);
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
    if (line.charCodeAt(0) !== 103 && !line.startsWith(' ') && !line.startsWith('\t')) return false;
    const m = HEADER.exec(line);
    if (!m) return false;
    const id = Number(m[1]);
    // After junk, a goroutine id this dump already had means a new dump (e.g. a debug=2 dump
    // printed after a crash log): ids are unique within one dump.
    if (this.junk > 0 && this.seenIds.has(id)) {
      this.endedByRepeat = true;
      return false;
    }
    if (this.seenIds.size < MAX_TRACKED_IDS) this.seenIds.add(id);
    this.closeGoroutine();
    if (line.includes(' gp=0x')) this.version.atLeast(23, 'gp=/m= in goroutine headers');
    const parts = m[2]!.split(', ');
    let state = parts[0]!;
    if (state.endsWith(' (scan)')) state = state.slice(0, -' (scan)'.length);
    const g: Goroutine = {
      id,
      state,
      locked: false,
      frames: [],
      ancestors: [],
      framesElided: false,
      stackUnavailable: false,
      line: 0,
    };
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === 'locked to thread') g.locked = true;
      else if (part.endsWith(' minutes')) g.waitMinutes = Number(part.slice(0, -' minutes'.length));
    }
    this.noteState(state);
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
    if (c === 99 /* c */ && line.startsWith('created by ')) {
      const m = CREATED_BY.exec(line)!;
      this.pendingCreatedBy = m[2] !== undefined ? { func: m[1]!, parentId: Number(m[2]) } : { func: m[1]! };
      if (m[2] !== undefined) this.version.atLeast(21, '"created by … in goroutine N"');
      return this.to(State.CreatedByFile);
    }
    if (c === 91 /* [ */) {
      const a = ANCESTOR.exec(line);
      if (a) {
        this.ancestor = { id: Number(a[1]), frames: [] };
        this.current?.ancestors.push(this.ancestor);
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
    if (line.startsWith('non-Go function')) {
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
      const m = CREATED_BY.exec(line)!;
      this.pendingCreatedBy = m[2] !== undefined ? { func: m[1]!, parentId: Number(m[2]) } : { func: m[1]! };
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

  /** Parses `func(args)`; leaves it in pendingFrame. */
  private funcLine(line: string): boolean {
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 || line.charCodeAt(line.length - 1) !== 41 /* ) */) return false;
    const open = line.lastIndexOf('(');
    if (open <= 0) return false;
    const func = line.slice(0, open);
    const args = line.slice(open + 1, -1);
    if (!this.sawRegisterArgs && (args.includes('?') || args.includes('{'))) {
      this.sawRegisterArgs = true;
      this.version.atLeast(17, 'register-ABI argument markers');
    }
    if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
    this.pendingFrame = { func, args, file: '', line: 0 };
    return true;
  }

  /** Completes pendingFrame with this file line; undefined (pendingFrame kept) if it is not one. */
  private fileLine(line: string): Frame | undefined {
    const loc = this.fileLocation(line);
    if (!loc) return undefined;
    const frame = this.pendingFrame ?? { func: '?', args: '', file: '', line: 0 };
    this.pendingFrame = undefined;
    frame.file = loc.file;
    frame.line = loc.line;
    return frame;
  }

  private fileLocation(line: string): { file: string; line: number } | undefined {
    const c = line.charCodeAt(0);
    if (c !== 9 && c !== 32) return undefined;
    const m = FILE_LINE.exec(line);
    if (!m) return undefined;
    const file = m[1]!.trimStart();
    if (file.charCodeAt(0) === 47 /* / */) this.version.fromPath(file);
    return { file, line: Number(m[2]) };
  }

  private closeGoroutine(): void {
    const g = this.current;
    if (!g) return;
    if (this.pendingFrame && this.state === State.FileLine) g.frames.push(this.pendingFrame);
    this.pendingFrame = undefined;
    this.current = undefined;
    this.ancestor = undefined;
    this.dump.goroutineCount++;
    if (this.dump.goroutines.length < this.options.retain) this.dump.goroutines.push(g);
    if (g.state === 'semacquire' && g.frames.some((f) => f.func === 'sync.(*Mutex).Lock' || f.func === 'sync.(*RWMutex).Lock')) {
      this.version.atMost(19, 'mutex waits shown as [semacquire]');
    }
    this.options.onGoroutine?.(g);
  }

  private noteState(state: string): void {
    if (state.length < 8) return;
    if (state.startsWith('sync.Mutex') || state.startsWith('sync.RWMutex')) this.version.atLeast(20, `[${state}] wait reason`);
    else if (state.startsWith('sync.WaitGroup.Wait')) this.version.atLeast(25, `[${state}] wait reason`);
    else if (state.endsWith('(durable)')) this.version.atLeast(25, `[${state}] wait reason`);
    else if (state.startsWith('synctest.')) this.version.atLeast(24, `[${state}] wait reason`);
    else if (state === 'coroutine') this.version.atLeast(23, '[coroutine] wait reason');
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
