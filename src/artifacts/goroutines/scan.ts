// Streaming scanner for goroutine stack dumps (panic / fatal error / SIGQUIT / debug=2 /
// runtime.Stack / test timeout). One explicit state machine; each state documents the line shapes it
// accepts, an example, and where it goes next. Lines that fit no state end the dump (the multiplexer
// then offers them to other formats), except for a few junk lines between goroutine blocks, which
// are skipped because other writers' output can land there.

import type { Frame } from '../frames.js';
import type { LineScanner } from '../scanner.js';
import { VersionEvidence } from '../version.js';
import type { Ancestor, CreatedBy, DumpKind, Goroutine, GoroutineDump, Preamble } from './model.js';

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
const MAX_CACHED = 65_536;
/** Shared empty list for goroutines without ancestor blocks (replaced before the first push). */
const NO_ANCESTORS = Object.freeze([]) as unknown as Ancestor[];

/**
 * True when an argument word looks like a live pointer (8+ hex digits not marked `?`): such words
 * differ between goroutines, so the line is not worth caching.
 */
export function hasPointerArgument(text: string): boolean {
  for (let i = text.indexOf('0x', text.lastIndexOf('(')); i >= 0; i = text.indexOf('0x', i + 2)) {
    let j = i + 2;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) j++;
      else break;
    }
    if (j - i - 2 >= 8 && text.charCodeAt(j) !== 63 /* ? */) return true;
  }
  return false;
}

/** Map.set with a size bound: a full cache is dropped and refilled (dumps repeat a few stacks). */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}
const MAX_TRACKED_IDS = 100_000;

/**
 * `goroutine 12 [chan receive, 3 minutes]:` → id and bracket text, without a regex for the common
 * shape (this runs once per goroutine of dumps that can hold millions); other shapes use HEADER.
 */
function parseHeader(line: string): { id: number; bracket: string; gp: boolean } | undefined {
  if (line.charCodeAt(0) === 103 && line.startsWith('goroutine ') && line.charCodeAt(line.length - 1) === 58 && line.charCodeAt(line.length - 2) === 93) {
    let i = 10;
    let id = 0;
    while (i < line.length) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      id = id * 10 + d;
      i++;
    }
    if (i > 10 && line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 91 /* [ */) return { id, bracket: line.slice(i + 2, -2), gp: false };
  }
  const c = line.charCodeAt(0);
  if (c !== 103 && c !== 32 && c !== 9) return undefined;
  const m = HEADER.exec(line);
  return m ? { id: Number(m[1]), bracket: m[2]!, gp: line.includes(' gp=0x') } : undefined;
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
  /** The function line waiting for its file line. */
  private pending?: string;
  /** Parsed file lines and frames of this dump: stacks repeat, so each text is parsed once (bounded). */
  private readonly fileLines = new Map<string, { file: string; line: number }>();
  private readonly frames = new Map<string, { fileText: string; frame: Frame }[]>();
  private pendingCreatedBy?: { text: string; func: string; parentId?: number };
  private readonly createdByLines = new Map<string, { text: string; func: string; parentId?: number }>();
  private readonly createdBys = new Map<string, Map<string, CreatedBy>>();
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
        const loc = this.fileLocation(line);
        if (this.current && this.pendingCreatedBy) this.current.createdBy = this.createdBy(loc, line);
        this.pendingCreatedBy = undefined;
        this.state = State.FuncLine;
        return loc ? true : this.blockLine(line);
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
        const loc = this.fileLocation(line);
        if (this.ancestor && this.pendingCreatedBy) this.ancestor.createdBy = this.createdBy(loc, line);
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
    const m = parseHeader(line);
    if (!m) return false;
    const id = m.id;
    // After junk, a goroutine id this dump already had means a new dump (e.g. a debug=2 dump
    // printed after a crash log): ids are unique within one dump.
    if (this.junk > 0 && this.seenIds.has(id)) {
      this.endedByRepeat = true;
      return false;
    }
    if (this.seenIds.size < MAX_TRACKED_IDS) this.seenIds.add(id);
    this.closeGoroutine();
    if (m.gp) this.version.atLeast(23, 'gp=/m= in goroutine headers');
    const bracket = m.bracket;
    const parts = bracket.indexOf(', ') < 0 ? [bracket] : bracket.split(', ');
    let state = parts[0]!;
    if (state.endsWith(' (scan)')) state = state.slice(0, -' (scan)'.length);
    // Every field set up front (optional ones as undefined): one object shape for all goroutines.
    const g: Goroutine = {
      id,
      state,
      waitMinutes: undefined,
      locked: false,
      frames: [],
      createdBy: undefined,
      ancestors: NO_ANCESTORS,
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
      this.pendingCreatedBy = this.createdByLines.get(line);
      if (this.pendingCreatedBy === undefined) {
        const m = CREATED_BY.exec(line)!;
        this.pendingCreatedBy = m[2] !== undefined ? { text: line, func: m[1]!, parentId: Number(m[2]) } : { text: line, func: m[1]! };
        if (m[2] !== undefined) this.version.atLeast(21, '"created by … in goroutine N"');
        remember(this.createdByLines, line, this.pendingCreatedBy);
      }
      return this.to(State.CreatedByFile);
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
      this.pendingCreatedBy = m[2] !== undefined ? { text: line, func: m[1]!, parentId: Number(m[2]) } : { text: line, func: m[1]! };
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
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 || line.charCodeAt(line.length - 1) !== 41 /* ) */ || line.lastIndexOf('(') <= 0) return false;
    this.pending = line;
    return true;
  }

  private frame(text: string, loc: { file: string; line: number }): Frame {
    const open = text.lastIndexOf('(');
    const func = text.slice(0, open);
    const args = text.slice(open + 1, -1);
    if (!this.sawRegisterArgs) this.noteArgs(func, args);
    else if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
    return { func, args, file: loc.file, line: loc.line };
  }

  private noteArgs(func: string, args: string): void {
    if (args.includes('?') || args.includes('{')) {
      this.sawRegisterArgs = true;
      this.version.atLeast(17, 'register-ABI argument markers');
    }
    if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
  }

  private parseFunc(text: string): { func: string; args: string } {
    const open = text.lastIndexOf('(');
    const func = text.slice(0, open);
    const args = text.slice(open + 1, -1);
    if (!this.sawRegisterArgs && (args.includes('?') || args.includes('{'))) {
      this.sawRegisterArgs = true;
      this.version.atLeast(17, 'register-ABI argument markers');
    }
    if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
    return { func, args };
  }

  /** The pending `created by` with its file line; shared between goroutines with the same creator. */
  private createdBy(loc: { file: string; line: number } | undefined, fileLineText: string): CreatedBy {
    const p = this.pendingCreatedBy!;
    let byFile = this.createdBys.get(p.text);
    let c = byFile?.get(fileLineText);
    if (c === undefined) {
      c = p.parentId !== undefined ? { func: p.func, parentId: p.parentId, file: loc?.file ?? '', line: loc?.line ?? 0 } : { func: p.func, file: loc?.file ?? '', line: loc?.line ?? 0 };
      if (byFile === undefined) {
        byFile = new Map();
        remember(this.createdBys, p.text, byFile);
      }
      if (byFile.size < MAX_CACHED) byFile.set(fileLineText, c);
    }
    return c;
  }

  /** The pending function line as a frame without file (the file line is missing). */
  private takePendingWithoutFile(): Frame {
    const p = this.pending;
    this.pending = undefined;
    return p !== undefined ? { ...this.parseFunc(p), file: '', line: 0 } : { func: '?', args: '', file: '', line: 0 };
  }

  /** Completes the pending function line with this file line; undefined (pending kept) if it is not one. */
  private fileLine(line: string): Frame | undefined {
    const text = this.pending ?? '?()';
    // A function line with a live pointer argument is (nearly) unique to its goroutine: caching it
    // would only cost time and keep input text alive.
    if (hasPointerArgument(text)) {
      const loc = this.fileLocation(line);
      if (!loc) return undefined;
      this.pending = undefined;
      return this.frame(text, loc);
    }
    // Frames are immutable once built, so goroutines with the same stack share them. Per function
    // line, the few file lines seen with it are compared, not hashed; a hit proves a file line.
    let known = this.frames.get(text);
    if (known !== undefined) {
      for (const k of known) {
        if (k.fileText === line) {
          this.pending = undefined;
          return k.frame;
        }
      }
    }
    const loc = this.fileLocation(line);
    if (!loc) return undefined;
    this.pending = undefined;
    const frame = this.frame(text, loc);
    if (known === undefined) {
      known = [];
      remember(this.frames, text, known);
    }
    if (known.length < 8) known.push({ fileText: line, frame });
    return frame;
  }

  private fileLocation(line: string): { file: string; line: number } | undefined {
    const c = line.charCodeAt(0);
    if (c !== 9 && c !== 32) return undefined;
    const cached = this.fileLines.get(line);
    if (cached !== undefined) return cached;
    const m = FILE_LINE.exec(line);
    if (!m) return undefined;
    const file = m[1]!.trimStart();
    if (file.charCodeAt(0) === 47 /* / */) this.version.fromPath(file);
    const loc = { file, line: Number(m[2]) };
    remember(this.fileLines, line, loc);
    return loc;
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
