// Deadlocks (`fatal error: all goroutines are asleep - deadlock!`) and test timeouts: the blocked
// goroutines grouped by where and on what they wait, and who each group waits for. The wait-for
// edges come from the stacks (who created whom, for WaitGroup waits) and, with --source, from the
// source lines (which lock a goroutine holds, who would later receive from a channel). When the
// edges close a loop, the finding names the cycle.

import type { Finding, RelatedLocation } from '../../report/finding.js';
import { type Frame, enclosingFunction, frameLocation, isLibraryFrame, shortFunc } from '../frames.js';
import type { Goroutine, GoroutineDump } from '../goroutines/model.js';
import { channelOp, closeSites, heldLocks, laterChannelUses, lockAcquired } from '../link/source-facts.js';
import { describeVersion } from '../version.js';
import { createdByFrame } from './crash.js';
import { type DiagnoseContext, plural } from './context.js';
import { type WaitKind, describeWait, isBlockingWait, waitCategory, waitKindOf } from './waits.js';

interface Blocked {
  g: Goroutine;
  kind: WaitKind;
  /** Innermost user frame: the line that blocks. */
  frame: Frame;
  /** Lock the blocking line acquires (`mu` in `mu.Lock()`), from source. */
  lock?: string;
  /** Channel the blocking line uses, from source. */
  channel?: { op: 'send' | 'receive' | 'range' | 'select' | 'close'; name?: string };
  /** Locks held at the blocking line, from source. */
  held: { name: string; line: number }[];
  /** Address of the mutex being acquired, from the sync frames' arguments (when printed reliably). */
  mutexAddress?: string;
  /** Pointer-looking argument words of the user frame. */
  pointerArgs: string[];
}

/** `from` waits for `to`: because `to` holds a lock, owes a WaitGroup Done, or would do the other side of a channel operation. */
interface Edge {
  to: Blocked;
  relation: 'holds-lock' | 'uses-lock-owner' | 'owes-done' | 'would-receive' | 'would-send';
  /** Lock or channel name. */
  name?: string;
  /** Line where the lock was taken / the channel would be used. */
  line?: number;
}

const DEADLOCK_RULES: Record<string, string> = { channel: 'deadlock-channel', mutex: 'deadlock-mutex', waitgroup: 'deadlock-waitgroup', cond: 'deadlock-cond' };

export function diagnoseDeadlock(dump: GoroutineDump, ctx: DiagnoseContext): Finding[] {
  const blocked = collectBlocked(dump.goroutines, ctx);
  const fatal = dump.preamble.fatal ?? '';
  if (blocked.length === 0) {
    // Nothing attributable (e.g. GOTRACEBACK=none, or Goexit in main): one finding on the input.
    return [
      ctx.finding({
        rule: 'crash-all-goroutines-asleep',
        at: { file: dump.input, line: dump.startLine },
        message: fatal.startsWith('no goroutines')
          ? 'no goroutines left: main called runtime.Goexit and every other goroutine has exited'
          : 'all goroutines are asleep (deadlock); the dump shows no goroutine in user code',
        artifact: summary(dump),
      }),
    ];
  }
  return groupFindings(blocked, dump, ctx, (cat) => DEADLOCK_RULES[cat] ?? 'crash-all-goroutines-asleep', 'all goroutines are asleep (deadlock)');
}

export function diagnoseTestTimeout(dump: GoroutineDump, ctx: DiagnoseContext): Finding[] {
  const candidates = dump.goroutines.filter((g) => !g.frames.some((f) => f.func.startsWith('testing.(*M).startAlarm')));
  const blocked = collectBlocked(candidates, ctx);
  const timeout = dump.preamble.panics.find((p) => p.message.startsWith('test timed out'))?.message ?? 'test timed out';
  const running = dump.preamble.runningTests.map((t) => `${t.name} (${t.duration})`);
  const head = running.length > 0 ? `${timeout} while running ${running.join(', ')}` : timeout;
  return groupFindings(blocked, dump, ctx, () => 'test-timeout-hang', head);
}

function collectBlocked(goroutines: readonly Goroutine[], ctx: DiagnoseContext): Blocked[] {
  const out: Blocked[] = [];
  for (const g of goroutines) {
    const kind = waitKindOf(g.state, g.frames);
    if (!isBlockingWait(kind)) continue;
    const frame = ctx.userFrame(g.frames);
    if (!frame) continue;
    const b: Blocked = { g, kind, frame, held: [], pointerArgs: pointerWords(frame.args) };
    if (kind === 'mutex') {
      const lockFrame = g.frames.find((f) => MUTEX_FRAMES.has(f.func) && f.args !== '...' && f.args !== '');
      const word = lockFrame ? pointerWords(lockFrame.args)[0] : undefined;
      if (word) b.mutexAddress = word;
    }
    const lines = ctx.lines(frame);
    const text = lines?.[frame.line - 1];
    if (lines && text !== undefined) {
      if (kind === 'mutex') b.lock = lockAcquired(text);
      const op = channelOp(text);
      if (op) b.channel = op.channel !== undefined ? { op: op.op, name: op.channel } : { op: op.op };
      b.held = heldLocks(lines, frame.line);
    }
    out.push(b);
  }
  return out;
}

/** Who `b` waits for, among the other blocked goroutines. */
function waitsFor(b: Blocked, all: readonly Blocked[], ctx: DiagnoseContext): Edge[] {
  const edges: Edge[] = [];
  for (const o of all) {
    if (o === b) continue;
    if (b.kind === 'mutex') {
      const h = b.lock !== undefined ? o.held.find((x) => x.name === b.lock) : undefined;
      if (h) edges.push({ to: o, relation: 'holds-lock', name: b.lock!, line: h.line });
      // Without a name match: the other goroutine works on the object whose mutex we wait for
      // (its address is an argument of that goroutine's frame), so it likely holds that lock.
      else if (b.mutexAddress !== undefined && o.pointerArgs.includes(b.mutexAddress)) {
        edges.push({ to: o, relation: 'uses-lock-owner', name: b.mutexAddress });
      }
    } else if (b.kind === 'waitgroup') {
      const waiter = enclosingFunction(b.frame.func);
      if (o.g.createdBy && enclosingFunction(o.g.createdBy.func) === waiter) edges.push({ to: o, relation: 'owes-done' });
    } else if ((b.kind === 'chan-send' || b.kind === 'chan-receive') && b.channel?.name !== undefined) {
      const want = b.kind === 'chan-send' ? 'receive' : 'send';
      const lines = ctx.lines(o.frame);
      if (!lines) continue;
      const later = laterChannelUses(lines, o.frame.line, b.channel.name, want);
      if (later.length > 0) edges.push({ to: o, relation: want === 'receive' ? 'would-receive' : 'would-send', name: b.channel.name, line: later[0]! });
    }
  }
  return edges;
}

function groupFindings(blocked: Blocked[], dump: GoroutineDump, ctx: DiagnoseContext, ruleFor: (category: string) => string, head: string): Finding[] {
  const edges = new Map<Blocked, Edge[]>();
  for (const b of blocked) edges.set(b, waitsFor(b, blocked, ctx));
  const groups = new Map<string, Blocked[]>();
  for (const b of blocked) {
    const key = `${b.kind}|${frameLocation(b.frame)}`;
    const list = groups.get(key);
    if (list) list.push(b);
    else groups.set(key, [b]);
  }
  const findings: Finding[] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    const related: RelatedLocation[] = [];
    const explain: string[] = [];
    const out = edges.get(first) ?? [];
    for (const { text, edge } of explainEdges(out).slice(0, 3)) {
      explain.push(text);
      related.push(ctx.related(edge.to.frame, `goroutine ${edge.to.g.id}: ${describeWait(edge.to.kind)}`));
    }
    const cycle = findCycle(first, edges);
    const inversion = cycle !== undefined && cycle.every((c) => c.kind === 'mutex') ? ' (lock-order inversion: each holds a lock the next one wants)' : '';
    if (cycle) explain.push(`wait cycle${inversion}: ${cycle.map((c) => `goroutine ${c.g.id} (${loc(c.frame)})`).join(' → ')} → goroutine ${cycle[0]!.g.id}`);
    if (out.length === 0) explain.push(noPartner(first, blocked, ctx));
    if (first.g.createdBy && !isLibraryFrame(createdByFrame(first.g))) related.push(ctx.related(createdByFrame(first.g), `goroutine ${first.g.id} was started here`));
    const ids = members.map((m) => m.g.id);
    const who = members.length === 1 ? `goroutine ${ids[0]} is` : `${plural(members.length, 'goroutine')} (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}) are`;
    const minutes = Math.max(...members.map((m) => m.g.waitMinutes ?? 0));
    const since = minutes > 0 ? ` for ${minutes}+ minutes` : '';
    findings.push(
      ctx.finding({
        rule: ruleFor(waitCategory(first.kind)),
        at: first.frame,
        message: `${head}: ${who} ${describeWait(first.kind)}${since} in ${shortFunc(first.frame.func)}${explain.length > 0 ? `; ${explain.join('; ')}` : ''}`,
        related,
        artifact: {
          ...summary(dump),
          goroutineIds: ids.slice(0, 20),
          count: members.length,
          state: first.g.state,
          wait: first.kind,
          ...waitGraph(first, out, cycle, edges),
        },
      }),
    );
  }
  return findings;
}

/** A blocked goroutine as the wait graph in the report shows it. */
interface WaitNode {
  goroutine: number;
  wait: WaitKind;
  function: string;
  location: string;
}

function waitNode(b: Blocked): WaitNode {
  return { goroutine: b.g.id, wait: b.kind, function: b.frame.func, location: frameLocation(b.frame) };
}

/**
 * Who the group waits on, for charts: `waitsFor` (the group's first goroutine's edges) and, when the
 * edges close a loop, `waitCycle` (from that goroutine round to the one that waits on it; each node
 * says why it waits for the next).
 */
function waitGraph(first: Blocked, out: readonly Edge[], cycle: Blocked[] | undefined, edges: Map<Blocked, Edge[]>): Record<string, unknown> {
  if (out.length === 0) return {};
  const edgeTo = (from: Blocked, to: Blocked): Edge | undefined => edges.get(from)?.find((e) => e.to === to);
  const why = (e: Edge | undefined): Record<string, unknown> => (e ? { relation: e.relation, ...(e.name !== undefined ? { name: e.name } : {}) } : {});
  return {
    waiter: waitNode(first),
    waitsFor: out.slice(0, 8).map((e) => ({ ...waitNode(e.to), ...why(e) })),
    ...(cycle ? { waitCycle: cycle.map((b, i) => ({ ...waitNode(b), ...why(edgeTo(b, cycle[(i + 1) % cycle.length]!)) })) } : {}),
  };
}

const MUTEX_FRAMES = new Set(['sync.(*Mutex).lockSlow', 'sync.(*Mutex).Lock', 'sync.(*RWMutex).Lock', 'sync.(*RWMutex).RLock']);

/** Reliable pointer words of an argument list (no `?` marker, heap/binary-sized). */
function pointerWords(args: string): string[] {
  if (args === '' || args === '...') return [];
  const out: string[] = [];
  for (const m of args.matchAll(/0x[0-9a-f]{6,}(\??)/g)) if (m[1] === '') out.push(m[0]);
  return out;
}

/** One sentence per group of equivalent edges (same relation, same target site). */
function explainEdges(edges: readonly Edge[]): { text: string; edge: Edge }[] {
  const groups = new Map<string, Edge[]>();
  for (const e of edges) {
    const created = e.to.g.createdBy ? `${e.to.g.createdBy.file}:${e.to.g.createdBy.line}` : '';
    const key = `${e.relation}|${e.name ?? ''}|${e.line ?? ''}|${e.to.kind}|${frameLocation(e.to.frame)}|${created}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const e = group[0]!;
    const ids = group.map((x) => x.to.g.id);
    const many = ids.length > 1;
    const subject = many ? `goroutines ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}` : `goroutine ${ids[0]}`;
    const is = many ? 'are' : 'is';
    const state = `${describeWait(e.to.kind)} at ${loc(e.to.frame)}`;
    let text: string;
    switch (e.relation) {
      case 'holds-lock':
        text = `${e.name} is held by ${subject} (locked at line ${e.line}), which ${is} ${state}`;
        break;
      case 'uses-lock-owner':
        text = `the mutex at ${e.name} is likely held by ${subject}, which ${is} in ${shortFunc(e.to.frame.func)} on that same object (${e.name} is ${many ? 'their' : 'its'} argument) and ${is} ${state}`;
        break;
      case 'owes-done': {
        const started = e.to.g.createdBy ? ` (started at ${loc(createdByFrame(e.to.g))})` : '';
        text = `${subject}${started} ${many ? 'have' : 'has'} not called Done: ${many ? 'they are' : 'it is'} ${state}`;
        break;
      }
      case 'would-receive':
      case 'would-send':
        text = `${subject} would ${e.relation === 'would-receive' ? 'receive from' : 'send on'} ${e.name} at line ${e.line} but ${is} ${state}`;
        break;
    }
    return { text, edge: e };
  });
}

/** Explanation when no partner was found among the blocked goroutines. */
function noPartner(b: Blocked, all: readonly Blocked[], ctx: DiagnoseContext): string {
  const others = all.length - 1;
  const rest = others > 0 ? `every other goroutine (${others}) is blocked too` : 'no other goroutine is alive';
  switch (b.kind) {
    case 'chan-send':
      return `no goroutine will receive${b.channel?.name ? ` from ${b.channel.name}` : ''}: ${rest}`;
    case 'chan-receive': {
      const name = b.channel?.name;
      const lines = ctx.lines(b.frame);
      const closed = name && lines ? closeSites(lines, name).length > 0 : false;
      const range = b.channel?.op === 'range' && name ? ` and nothing closes ${name}${closed ? ' on this path' : ''}` : '';
      return `no goroutine will send${name ? ` on ${name}` : ''}${range}: ${rest}`;
    }
    case 'nil-chan':
      return 'operations on a nil channel never complete';
    case 'mutex':
      return `the lock${b.lock ? ` ${b.lock}` : ''} is never released: its holder is blocked or returned without Unlock (${rest})`;
    case 'waitgroup':
      return `the goroutines that owe Done have exited without calling it, or are blocked (${rest})`;
    default:
      return rest;
  }
}

function findCycle(start: Blocked, edges: Map<Blocked, Edge[]>): Blocked[] | undefined {
  const path: Blocked[] = [];
  const seen = new Set<Blocked>();
  const dfs = (b: Blocked): Blocked[] | undefined => {
    if (b === start && path.length > 0) return [...path];
    if (seen.has(b)) return undefined;
    seen.add(b);
    path.push(b);
    for (const e of edges.get(b) ?? []) {
      const found = dfs(e.to);
      if (found) return found;
    }
    path.pop();
    return undefined;
  };
  return dfs(start);
}

function loc(f: Frame): string {
  const slash = f.file.lastIndexOf('/');
  return `${slash < 0 ? f.file : f.file.slice(slash + 1)}:${f.line}`;
}

function summary(dump: GoroutineDump): { kind: string; [k: string]: unknown } {
  const v = describeVersion(dump.goVersion);
  return {
    kind: dump.kind,
    input: dump.input,
    inputLine: dump.startLine,
    crash: dump.preamble.fatal ?? dump.preamble.panics[0]?.message,
    goroutines: dump.goroutineCount,
    ...(v ? { goVersion: v } : {}),
  };
}
