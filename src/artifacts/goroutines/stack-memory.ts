// What a goroutine scanner remembers of the stacks it has seen, so that repeated text is parsed
// once and goroutines share frame objects: call sites by file line with the frames seen there,
// `created by` lines, and header statuses. Each remembered frame also records what followed it; the
// scanner checks those predictions by comparing texts (scan.ts). Caches are bounded: a full one is
// dropped and refilled, since dumps repeat a few stacks.

import { type Frame, hasPointerWord } from '../frames.js';
import type { VersionEvidence } from '../version.js';
import type { CreatedBy } from './model.js';

export const FILE_LINE = /^(?:\t| +)(.*?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+)?(?: pc=0x[0-9a-f]+)?\s*$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const MAX_CACHED = 65_536;

/** Map.set with a size bound: a full cache is dropped and refilled. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}

/** A file line (`\tpkg/file.go:12 +0x1f`) and the functions seen calling from it. */
export interface CallSite {
  /** The file line as printed. */
  text: string;
  file: string;
  line: number;
  /** Functions printed with this file line: nearly always one, a few at most. */
  funcs: string[];
  /** Frames whose argument lists hold no live pointer: goroutines share them. */
  shared: KnownFrame[];
  /**
   * The last frame here with a live pointer, replaced by each new one: shared while that pointer
   * repeats (a global, a long-lived object). Its `next` predicts what follows such frames.
   */
  last: KnownFrame | undefined;
  /** How often `last` was tried, and how often it matched: tries stop where pointers always differ. */
  lastTries: number;
  lastHits: number;
}

/**
 * A frame the scanner has built, with its function line and call site. Stacks repeat, so what
 * followed a frame last time (`next`, `creator`) predicts the next lines, and a prediction is
 * checked by comparing texts, which costs much less than hashing them.
 */
export interface KnownFrame {
  text: string;
  frame: Frame;
  site: CallSite;
  next: KnownFrame | undefined;
  creator: CreatorLine | undefined;
  /** Function line, newline, file line: what pushRaw compares at once. */
  pair: string | undefined;
  /** pushRaw may take this frame's lines raw (see rawEligible). */
  raw: boolean | undefined;
}

/** The bracket of a goroutine header, parsed: `[chan receive, 3 minutes]`, `[running, locked to thread]`. */
export interface HeaderStatus {
  state: string;
  waitMinutes: number | undefined;
  locked: boolean;
  /** The innermost frame of the last goroutine with this status (predicts the first function line). */
  first: KnownFrame | undefined;
}

/** A `created by F[ in goroutine N]` line, with the CreatedBy records made from it per call site. */
export interface CreatorLine {
  text: string;
  /** The line, newline, and the file line of its first CreatedBy: what pushRaw compares at once. */
  pair?: string;
  func: string;
  parentId?: number;
  made: { site: CallSite | undefined; createdBy: CreatedBy }[];
}

/**
 * Whether pushRaw may take a frame of this function at this site raw. Not where cleaning could
 * change the lines (log prefixes start with a digit, a capital or a bracket; file lines start with a
 * TAB) or where a function line could mean something else (`created by …`, `goroutine …`, `gc …`
 * and the collectors' records have a space before the argument list).
 */
export function rawEligible(k: KnownFrame): boolean {
  const func = k.frame.func;
  const c = func.charCodeAt(0);
  k.raw = c >= 97 && c <= 122 && k.site.text.charCodeAt(0) === 9 && func.indexOf(' ') < 0;
  return k.raw;
}

export function creatorLine(line: string): CreatorLine {
  const m = CREATED_BY.exec(line)!;
  return m[2] !== undefined ? { text: line, func: m[1]!, parentId: Number(m[2]), made: [] } : { text: line, func: m[1]!, made: [] };
}

export class StackMemory {
  /** File lines by text. */
  private readonly sites = new Map<string, CallSite>();
  private readonly createdByLines = new Map<string, CreatorLine>();
  private readonly statuses = new Map<string, HeaderStatus>();
  private sawRegisterArgs = false;

  /** @param version where the version clues seen in stacks go */
  constructor(private readonly version: VersionEvidence) {}

  /** The call site of a file line seen before (no parsing). */
  knownSite(text: string): CallSite | undefined {
    return this.sites.get(text);
  }

  /** The `created by` line, parsed once per distinct text. */
  creator(line: string): CreatorLine {
    let c = this.createdByLines.get(line);
    if (c === undefined) {
      c = creatorLine(line);
      if (c.parentId !== undefined) this.version.atLeast(21, '"created by … in goroutine N"');
      remember(this.createdByLines, line, c);
    }
    return c;
  }

  /** The call site of a `created by` file line: as for this creator before, or looked up. */
  creatorSite(creator: CreatorLine | undefined, line: string): CallSite | undefined {
    for (const m of creator?.made ?? []) {
      if (m.site !== undefined && m.site.text.length === line.length && m.site.text === line) return m.site;
    }
    return this.callSite(line);
  }

  /** A `created by` line completed by its file line; shared between goroutines with the same creator. */
  createdBy(p: CreatorLine, site: CallSite | undefined): CreatedBy {
    for (const m of p.made) if (m.site === site) return m.createdBy;
    const file = site?.file ?? '';
    const line = site?.line ?? 0;
    const c: CreatedBy = p.parentId !== undefined ? { func: p.func, parentId: p.parentId, file, line } : { func: p.func, file, line };
    if (p.made.length < 8) p.made.push({ site, createdBy: c });
    return c;
  }

  /**
   * The frame of function line `text` (argument list opening at `open`) called from `site`. Frames
   * are immutable, so goroutines with the same stack share them: per site the function is matched by
   * comparing text, not hashing it, and so are the argument lists seen before. A frame whose
   * arguments hold a live pointer is (nearly) unique to its goroutine and is not kept.
   */
  frameAt(site: CallSite, text: string, open: number, knownFunc?: string): KnownFrame {
    const length = text.length;
    for (const s of site.shared) if (s.text.length === length && s.text === text) return s;
    const last = site.last;
    if (last !== undefined && (site.lastTries < 32 || site.lastHits * 8 > site.lastTries)) {
      site.lastTries++;
      if (last.text.length === length && last.text === text) {
        site.lastHits++;
        return last;
      }
    }
    let func = knownFunc;
    if (func === undefined) {
      for (const f of site.funcs) {
        // lastIndexOf from 0 is a prefix test; V8's startsWith is several times slower on sliced strings.
        if (f.length === open && text.lastIndexOf(f, 0) === 0) {
          func = f;
          break;
        }
      }
    }
    if (func === undefined) {
      func = text.slice(0, open);
      if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
      if (site.funcs.length < 8) site.funcs.push(func);
    }
    const args = text.slice(open + 1, -1);
    if (!this.sawRegisterArgs) this.noteArgs(args);
    const frame: Frame = { func, args, file: site.file, line: site.line };
    // Sites whose arguments always carried a pointer so far are not searched for more shareable frames.
    if (site.shared.length < 8 && (site.shared.length > 0 || site.lastTries < 32) && !hasPointerWord(args)) {
      const known: KnownFrame = { text, frame, site, next: undefined, creator: undefined, pair: undefined, raw: undefined };
      site.shared.push(known);
      return known;
    }
    if (last === undefined) {
      site.last = { text, frame, site, next: undefined, creator: undefined, pair: undefined, raw: undefined };
      return site.last;
    }
    last.text = text;
    last.frame = frame;
    last.pair = undefined;
    last.raw = undefined;
    return last;
  }

  /** The status in a header's brackets (parsed once per distinct text, which also shares the state strings). */
  headerStatus(bracket: string): HeaderStatus {
    let status = this.statuses.get(bracket);
    if (status !== undefined) return status;
    let comma = bracket.indexOf(', ');
    let state = comma < 0 ? bracket : bracket.slice(0, comma);
    if (state.endsWith(' (scan)')) state = state.slice(0, -' (scan)'.length);
    status = { state, waitMinutes: undefined, locked: false, first: undefined };
    while (comma >= 0) {
      const next = bracket.indexOf(', ', comma + 2);
      const part = next < 0 ? bracket.slice(comma + 2) : bracket.slice(comma + 2, next);
      if (part === 'locked to thread') status.locked = true;
      else if (part.endsWith(' minutes')) status.waitMinutes = Number(part.slice(0, -' minutes'.length));
      comma = next;
    }
    this.noteState(state);
    remember(this.statuses, bracket, status);
    return status;
  }

  /** The call site of a file line (parsed once per distinct text); undefined when the line is not one. */
  callSite(line: string): CallSite | undefined {
    const c = line.charCodeAt(0);
    if (c !== 9 && c !== 32) return undefined;
    const cached = this.sites.get(line);
    if (cached !== undefined) return cached;
    const m = FILE_LINE.exec(line);
    if (!m) return undefined;
    const file = m[1]!.trimStart();
    if (file.charCodeAt(0) === 47 /* / */) this.version.fromPath(file);
    const site: CallSite = { text: line, file, line: Number(m[2]), funcs: [], shared: [], last: undefined, lastTries: 0, lastHits: 0 };
    remember(this.sites, line, site);
    return site;
  }

  /** Notes the version clues of a function line's arguments (once per distinct frame). */
  noteArgs(args: string): void {
    if (args.includes('?') || args.includes('{')) {
      this.sawRegisterArgs = true;
      this.version.atLeast(17, 'register-ABI argument markers');
    }
  }

  /** A function line split into function and arguments (for a frame whose file line is missing). */
  parseFunc(text: string): { func: string; args: string } {
    const open = text.lastIndexOf('(');
    const func = text.slice(0, open);
    const args = text.slice(open + 1, -1);
    if (!this.sawRegisterArgs) this.noteArgs(args);
    if (func.includes('gowrap')) this.version.atLeast(22, '…gowrap closures');
    return { func, args };
  }

  private noteState(state: string): void {
    if (state.length < 8) return;
    if (state.startsWith('sync.Mutex') || state.startsWith('sync.RWMutex')) this.version.atLeast(20, `[${state}] wait reason`);
    else if (state.startsWith('sync.WaitGroup.Wait')) this.version.atLeast(25, `[${state}] wait reason`);
    else if (state.endsWith('(durable)')) this.version.atLeast(25, `[${state}] wait reason`);
    else if (state.startsWith('synctest.')) this.version.atLeast(24, `[${state}] wait reason`);
    else if (state === 'coroutine') this.version.atLeast(23, '[coroutine] wait reason');
  }
}
