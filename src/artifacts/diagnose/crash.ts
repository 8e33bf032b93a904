// Crashes: each concurrency fatal error or panic → its rule, the innermost user frame of the
// goroutine that crashed, and the goroutines or source lines that explain it. Deadlocks are
// handled by blocked.ts (they need every goroutine, not just the crashing one).

import type { Finding, RelatedLocation } from '../../report/finding.js';
import { type Frame, frameLocation, isLibraryFrame, isRuntimeFrame, shortFunc } from '../frames.js';
import type { Goroutine, GoroutineDump } from '../goroutines/model.js';
import { channelOp, closeSites } from '../link/source-facts.js';
import { describeVersion } from '../version.js';
import { type DiagnoseContext, plural } from './context.js';

interface CrashPattern {
  pattern: RegExp;
  rule: string;
  /** Builds the message from the crash text and the blamed function. */
  explain: (text: string, where: string) => string;
}

const RECOVER = 'this is a fatal error: recover() cannot catch it and the process exits';

/** Every concurrency crash message of runtime-formats §4, by rule. */
export const CRASH_PATTERNS: readonly CrashPattern[] = [
  { pattern: /^concurrent map writes$/, rule: 'crash-concurrent-map-writes', explain: (_, w) => `concurrent map writes: ${w} wrote a map while another goroutine was writing it; ${RECOVER}` },
  { pattern: /^concurrent map read and map write$/, rule: 'crash-concurrent-map-read-write', explain: (_, w) => `concurrent map read and map write: ${w} accessed a map while another goroutine was writing it; ${RECOVER}` },
  { pattern: /^concurrent map iteration and map write$/, rule: 'crash-concurrent-map-iteration', explain: (_, w) => `concurrent map iteration and map write: ${w} ranged over a map while another goroutine was writing it; ${RECOVER}` },
  { pattern: /^concurrent map clone and map write$/, rule: 'crash-concurrent-map-clone', explain: (_, w) => `concurrent map clone and map write: ${w} cloned a map while another goroutine was writing it; ${RECOVER}` },
  { pattern: /^send on closed channel$/, rule: 'crash-send-on-closed-channel', explain: (_, w) => `send on closed channel in ${w}: the channel was closed while this goroutine still sent on it` },
  { pattern: /^close of closed channel$/, rule: 'crash-close-of-closed-channel', explain: (_, w) => `close of closed channel in ${w}: the channel had already been closed` },
  { pattern: /^close of nil channel$/, rule: 'crash-close-of-nil-channel', explain: (_, w) => `close of nil channel in ${w}: the channel was never created with make` },
  { pattern: /^sync: negative WaitGroup counter$/, rule: 'crash-negative-waitgroup', explain: (_, w) => `negative WaitGroup counter in ${w}: Done was called more often than Add` },
  { pattern: /^sync: WaitGroup (?:misuse: Add called concurrently with Wait|is reused before previous Wait has returned)$/, rule: 'crash-waitgroup-misuse', explain: (t, w) => `${t} (in ${w})` },
  { pattern: /^sync: (?:unlock of unlocked mutex|RUnlock of unlocked RWMutex|Unlock of unlocked RWMutex)$/, rule: 'crash-unlock-of-unlocked', explain: (t, w) => `${t.slice(6)} in ${w}; ${RECOVER}` },
  { pattern: /^sync: inconsistent mutex state$/, rule: 'crash-inconsistent-mutex-state', explain: (_, w) => `inconsistent mutex state in ${w}: the mutex was copied while locked or its memory was overwritten` },
  { pattern: /^sync\.Cond is copied$/, rule: 'crash-cond-copied', explain: (_, w) => `sync.Cond is copied (detected in ${w})` },
  { pattern: /^sync\/atomic: /, rule: 'crash-atomic-value-misuse', explain: (t, w) => `${t} in ${w}` },
  { pattern: /cgo (?:argument|result) (?:has|is) (?:unpinned )?Go pointer|Go pointer stored into non-Go memory/, rule: 'crash-cgo-pointer', explain: (t, w) => `${t.replace(/^runtime error: /, '')} in ${w}: C received Go memory that holds Go pointers` },
  { pattern: /^thread exhaustion$/, rule: 'crash-thread-exhaustion', explain: (t) => t },
  { pattern: /^(?:Log|Fail) in goroutine after (\S+) has completed/, rule: 'crash-goroutine-outlived-test', explain: (t, w) => `${w} outlived its test: ${t}` },
];

/** The rule and message for a crash text, or undefined when it is not a concurrency crash. */
export function matchCrash(text: string): CrashPattern | undefined {
  return CRASH_PATTERNS.find((p) => p.pattern.test(text));
}

export function diagnoseCrash(dump: GoroutineDump, ctx: DiagnoseContext): Finding[] {
  const p = dump.preamble;
  const texts = [...(p.fatal !== undefined ? [p.fatal] : []), ...p.panics.map((x) => x.message)];
  let text = texts.find((t) => matchCrash(t));
  let pattern = text !== undefined ? matchCrash(text) : undefined;
  if (!pattern && p.signalDuringCgo) {
    text = p.fatal ?? p.panics[0]?.message ?? 'unexpected signal';
    pattern = { pattern: /.*/, rule: 'crash-signal-in-cgo', explain: (t, w) => `${t} while running C code called from ${w}` };
  }
  if (!pattern || text === undefined) return [];

  const crashing = crashingGoroutine(dump);
  const frame = crashing ? ctx.userFrame(crashing.frames) ?? ctx.userFrame(crashing.createdBy ? [createdByFrame(crashing)] : []) : undefined;
  const where = frame ? `${shortFunc(frame.func)} (goroutine ${crashing!.id})` : crashing ? `goroutine ${crashing.id}` : 'the crashing goroutine';
  const related: RelatedLocation[] = [];
  let message = pattern.explain(text, where);
  let at: Frame | { file: string; line: number } = frame ?? { file: dump.input, line: dump.startLine };

  if (pattern.rule.startsWith('crash-concurrent-map')) related.push(...otherMapAccessors(dump, crashing, frame, ctx));
  if (pattern.rule === 'crash-send-on-closed-channel' || pattern.rule === 'crash-close-of-closed-channel') {
    related.push(...closeLocations(crashing, frame, ctx));
  }
  if (pattern.rule === 'crash-thread-exhaustion') {
    const t = threadHolders(dump, ctx);
    message = `thread exhaustion${p.runtimeDetails.length > 0 ? ` (${p.runtimeDetails[0]!.replace(/^runtime: /, '')})` : ''}: ${t.summary}`;
    if (t.at) at = t.at;
    related.push(...t.related);
  }
  if (crashing?.createdBy && frame && !isLibraryFrame(createdByFrame(crashing))) {
    related.push(ctx.related(createdByFrame(crashing), `goroutine ${crashing.id} was started here`));
  }
  const recovered = p.panics.filter((x) => x.recovered).map((x) => x.message);
  if (recovered.length > 0 && pattern.rule !== 'crash-unlock-of-unlocked') {
    message += ` (after recovering from: ${recovered.join('; ')})`;
  }
  return [
    ctx.finding({
      rule: pattern.rule,
      at,
      message,
      related,
      artifact: {
        kind: dump.kind,
        input: dump.input,
        inputLine: dump.startLine,
        crash: text,
        ...(crashing ? { goroutine: crashing.id, state: crashing.state } : {}),
        ...(frame ? { function: frame.func } : {}),
        goroutines: dump.goroutineCount,
        ...(describeVersion(dump.goVersion) ? { goVersion: describeVersion(dump.goVersion) } : {}),
      },
    }),
  ];
}

/** The goroutine that panicked or threw: the first block (printed first by the runtime), `[running]`. */
export function crashingGoroutine(dump: GoroutineDump): Goroutine | undefined {
  return dump.goroutines.find((g) => g.state === 'running' && g.frames.length > 0) ?? dump.goroutines[0];
}

export function createdByFrame(g: Goroutine): Frame {
  return { func: g.createdBy!.func, args: '', file: g.createdBy!.file, line: g.createdBy!.line };
}

/** Goroutines that were running user code too: the other side of a map race is usually among them. */
function otherMapAccessors(dump: GoroutineDump, crashing: Goroutine | undefined, frame: Frame | undefined, ctx: DiagnoseContext): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  for (const g of dump.goroutines) {
    if (g === crashing || (g.state !== 'running' && g.state !== 'runnable')) continue;
    const f = ctx.userFrame(g.frames);
    // Only goroutines executing user code right now (map internals may sit above it); not those
    // inside a library call such as time.Sleep, nor those not started yet (parked on their `go` statement).
    const top = g.frames.find((x) => !isRuntimeFrame(x));
    if (!f || top !== f || notStarted(g)) continue;
    const key = frameLocation(f);
    if (seen.has(key)) continue;
    seen.add(key);
    const same = frame && f.func === frame.func ? ' (same function: likely the other side of the race)' : '';
    out.push(ctx.related(f, `goroutine ${g.id} [${g.state}] was in ${shortFunc(f.func)}${same}`));
    if (out.length >= 5) break;
  }
  return out;
}

/** A goroutine created but not yet run: one frame at function entry, printed at its `go` statement. */
export function notStarted(g: Goroutine): boolean {
  const own = g.frames.filter((f) => !isRuntimeFrame(f));
  return g.state === 'runnable' && own.length === 1 && g.createdBy !== undefined && own[0]!.file === g.createdBy.file && own[0]!.line === g.createdBy.line;
}

/**
 * With source: the `close(…)` lines for the channel the crashing line uses. The channel often has
 * another name where it is closed (a parameter `out` for the caller's `ch`), so the arguments of the
 * `go` statement that started the goroutine are tried too.
 */
function closeLocations(crashing: Goroutine | undefined, frame: Frame | undefined, ctx: DiagnoseContext): RelatedLocation[] {
  if (!frame) return [];
  const lines = ctx.lines(frame);
  const text = lines?.[frame.line - 1];
  if (!lines || text === undefined) return [];
  const op = channelOp(text);
  if (!op?.channel) return [];
  const names = [op.channel];
  if (crashing?.createdBy) {
    const spawn = createdByFrame(crashing);
    const spawnText = ctx.lineText(spawn);
    const call = spawnText !== undefined ? /\bgo\s+[\w.]+\((.*)\)/.exec(spawnText) : null;
    if (call && spawn.file === frame.file) for (const arg of call[1]!.split(',')) if (/^\s*[\w.]+\s*$/.test(arg)) names.push(arg.trim());
  }
  const out: RelatedLocation[] = [];
  for (const name of names) {
    for (const l of closeSites(lines, name)) {
      if (l !== frame.line && out.length < 3) out.push(ctx.related({ ...frame, line: l }, `${name} is closed here${name !== op.channel ? ` (${op.channel} in ${shortFunc(frame.func)})` : ''}`));
    }
  }
  return out;
}

/** Thread exhaustion: who holds the threads (locked to thread, or in syscalls), grouped by site. */
function threadHolders(dump: GoroutineDump, ctx: DiagnoseContext): { summary: string; at?: Frame; related: RelatedLocation[] } {
  const sites = new Map<string, { frame: Frame; count: number; locked: number; syscall: number }>();
  for (const g of dump.goroutines) {
    if (!g.locked && g.state !== 'syscall') continue;
    const f = ctx.userFrame(g.frames) ?? g.frames.find((x) => !isLibraryFrame(x));
    if (!f) continue;
    const key = frameLocation(f);
    const s = sites.get(key) ?? { frame: f, count: 0, locked: 0, syscall: 0 };
    s.count++;
    if (g.locked) s.locked++;
    if (g.state === 'syscall') s.syscall++;
    sites.set(key, s);
  }
  const sorted = [...sites.values()].sort((a, b) => b.count - a.count);
  const top = sorted[0];
  if (!top) return { summary: 'no goroutine in the dump is locked to a thread or in a system call; look for blocking cgo calls', related: [] };
  const why = top.locked >= top.syscall ? `locked to their OS thread (runtime.LockOSThread) and blocked` : 'blocked in system calls or cgo calls';
  return {
    summary: `${plural(top.count, 'goroutine')} at ${shortFunc(top.frame.func)} are ${why}, each pinning an OS thread`,
    at: top.frame,
    related: sorted.slice(1, 4).map((s) => ctx.related(s.frame, `${plural(s.count, 'more goroutine')} pinning threads here`)),
  };
}
