// Goroutines left blocked forever on a channel only their starter could have served.
//
// Senders: goroutines that deliver results on channels the function made (`go func() { ch <- f() }()`).
// Each blocks until the function receives. A dataflow over the function counts, per group of
// senders sharing channels, the sends still pending: a go statement adds the goroutine's sends, a
// receive takes one, a loop that receives and ends by its own condition drains them all. An exit
// reached with more pending sends than the channel buffers leaves those goroutines blocked
// forever (the early-return leak); a close while sends are pending makes them panic instead.
//
// Waiters: goroutines that wait on a channel the function made (`for v := range ch`, `<-done`, a
// loop that only stops on `<-quit`). Each needs the function (or another goroutine it started) to
// send or close. Without any closer they wait forever; when only the function closes, an exit
// reached before the close leaves them waiting.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { forEachChild, inspect } from '../parse/walk.js';
import { isNoReturnStmt } from './calls.js';
import type { ChanUse } from './chanuse.js';
import { type ChanParty, type LocalChan, localChans } from './chanscope.js';
import { runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';

/** Pending counts saturate here: "many", more than any buffer we reason about. */
export const MANY = 3;

export interface Sender {
  party: ChanParty;
  /** The goroutine's sends on the group's channels. */
  sends: ast.SendStmt[];
  /** Most sends one run of the goroutine makes (MANY for a send in a loop). */
  maxSends: number;
}

export interface Exit {
  node: ast.Node;
  kind: 'return' | 'end';
  pending: number;
}

export interface SendGroup {
  channels: LocalChan[];
  senders: Sender[];
  /** Total buffer of the group's channels (only groups of one buffered channel have one). */
  capacity: number;
  /** Exits reached with more sends pending than the buffer holds. */
  leaks: Exit[];
  /** Closes by the function while sends may be pending (the senders panic). */
  closesWhilePending: { node: ast.Node; deferred: boolean; pending: number }[];
}

export type WaitKind = 'range' | 'recv' | 'quit';

export interface Waiter {
  party: ChanParty;
  kind: WaitKind;
  /** The range statement, the receive, or the select case the goroutine waits in. */
  wait: ast.Node;
}

export interface WaitGroup {
  chan: LocalChan;
  waiters: Waiter[];
  /** Nothing anywhere sends (for receives) or closes (for ranges). */
  neverServed: Waiter[];
  /** Exits of the function reached before it closes (or sends) what the waiters need. */
  leaks: Exit[];
}

export interface FunctionLeaks {
  sendGroups: SendGroup[];
  waitGroups: WaitGroup[];
}

export function functionLeaks(pkg: PackageModel, fn: FuncNode): FunctionLeaks {
  const memo = pkg.analysis('leaks', () => new Map<FuncNode, FunctionLeaks>());
  let r = memo.get(fn);
  if (!r) {
    r = { sendGroups: sendGroups(pkg, fn), waitGroups: waitGroups(pkg, fn) };
    memo.set(fn, r);
  }
  return r;
}

// ---------------------------------------------------------------------------
// Senders

const SENDER_DIRECT: ReadonlySet<string> = new Set(['recv', 'range', 'inspect', 'close', 'deferClose']);

function isPlainSender(uses: readonly ChanUse[]): boolean {
  return (
    uses.length > 0 &&
    uses.some((u) => u.kind === 'send') &&
    uses.every((u) => (u.kind === 'send' && !u.guarded) || u.kind === 'close' || u.kind === 'deferClose')
  );
}

function sendGroups(pkg: PackageModel, fn: FuncNode): SendGroup[] {
  const chans = localChans(pkg, fn).filter(
    (c) => !c.open && c.parties.size > 0 && c.origin.capacity !== null && c.direct.every((u) => SENDER_DIRECT.has(u.kind)),
  );
  // channels whose every goroutine only sends; goroutines sharing a channel form one group
  const eligible = chans.filter((c) => [...c.parties.values()].every((p) => isPlainSender(p.uses)));
  const groups: { chans: Set<LocalChan>; gos: Set<ast.GoStmt> }[] = [];
  for (const c of eligible) {
    const gos = new Set(c.parties.keys());
    const joined = groups.filter((g) => [...gos].some((go) => g.gos.has(go)));
    const merged = { chans: new Set<LocalChan>([c]), gos };
    for (const g of joined) {
      for (const x of g.chans) merged.chans.add(x);
      for (const x of g.gos) merged.gos.add(x);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  const out: SendGroup[] = [];
  for (const g of groups) {
    const channels = [...g.chans];
    // a goroutine of the group must not also touch a channel that is not part of it
    if (chans.some((c) => !g.chans.has(c) && [...c.parties.keys()].some((go) => g.gos.has(go)))) continue;
    const capacity = channels.length === 1 ? channels[0]!.origin.capacity! : channels.every((c) => c.origin.capacity === 0) ? 0 : -1;
    if (capacity < 0) continue;
    const senders: Sender[] = [];
    for (const go of g.gos) {
      const uses = channels.flatMap((c) => c.parties.get(go)?.uses ?? []);
      const party = channels.map((c) => c.parties.get(go)).find((p) => p !== undefined)!;
      const sends = uses.filter((u) => u.kind === 'send').map((u) => u.node as ast.SendStmt);
      senders.push({ party, sends, maxSends: maxSendsPerRun(pkg, party.entry, new Set(sends)) });
    }
    out.push({ channels, senders, capacity, leaks: [], closesWhilePending: [] });
  }
  if (out.length > 0) runSendFlow(pkg, fn, out);
  return out;
}

/** The most sends (of the given statements) one run of the goroutine makes; MANY when one is in a loop. */
function maxSendsPerRun(pkg: PackageModel, entry: FuncNode, sends: ReadonlySet<ast.SendStmt>): number {
  if (!entry.body) return 0;
  let max = 0;
  runFlow<number>(
    entry.body,
    0,
    {
      simple: (node, s) => (node.kind === 'SendStmt' && sends.has(node) ? Math.min(MANY, s + 1) : s + countIn(node, sends)),
      join: (a, b) => Math.max(a, b),
      equal: (a, b) => a === b,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
    },
    {
      exit: (_at, s) => {
        max = Math.max(max, s);
      },
    },
  );
  for (const s of sends) if (insideLoopOf(s, entry)) return MANY;
  return max;
}

function countIn(node: ast.Node, sends: ReadonlySet<ast.SendStmt>): number {
  if (node.kind === 'SendStmt') return 0;
  let n = 0;
  inspect(node, (m) => {
    if (m.kind === 'FuncLit') return false;
    if (m.kind === 'SendStmt' && sends.has(m)) n++;
    return true;
  });
  return n;
}

function insideLoopOf(node: ast.Node, fn: FuncNode): boolean {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return true;
  return false;
}

interface SendState {
  pending: number[];
  /** A `defer close(ch)` of the group has run. */
  deferred: boolean[];
}

function runSendFlow(pkg: PackageModel, fn: FuncNode, groups: SendGroup[]): void {
  const chanGroup = new Map<Binding, number>();
  groups.forEach((g, i) => g.channels.forEach((c) => chanGroup.set(c.binding, i)));
  const goGroup = new Map<ast.GoStmt, Sender & { group: number }>();
  groups.forEach((g, i) => g.senders.forEach((s) => goGroup.set(s.party.go, { ...s, group: i })));
  const groupOf = (e: ast.Expr): number | undefined => {
    const x = unparenExpr(e);
    if (x.kind !== 'Ident') return undefined;
    const b = pkg.bindingOf(x);
    return b ? chanGroup.get(b) : undefined;
  };
  // loops that receive from a group's channels: ending by their condition, they drained it
  const drains = new Map<ast.Node, Set<number>>();
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') {
      const set = new Set<number>();
      if (n.kind === 'RangeStmt') {
        const g = groupOf(n.x);
        if (g !== undefined) set.add(g);
      }
      inspect(n.body, (m) => {
        if (m.kind === 'FuncLit') return false;
        if (m.kind === 'UnaryExpr' && m.op === Tok.ARROW) {
          const g = groupOf(m.x);
          if (g !== undefined) set.add(g);
        }
        return true;
      });
      if (set.size > 0) drains.set(n, set);
    }
    return true;
  });
  const reported = new Set<string>();
  const closeAt = (s: SendState, g: number, node: ast.Node, deferred: boolean): void => {
    if (s.pending[g]! > 0 && !reported.has(`${g}:${node.pos}`)) {
      reported.add(`${g}:${node.pos}`);
      groups[g]!.closesWhilePending.push({ node, deferred, pending: s.pending[g]! });
    }
  };
  const entry: SendState = { pending: groups.map(() => 0), deferred: groups.map(() => false) };
  const copy = (s: SendState): SendState => ({ pending: [...s.pending], deferred: [...s.deferred] });
  runFlow<SendState>(
    fn.body!,
    entry,
    {
      simple(node, s) {
        let out: SendState | null = null;
        const w = (): SendState => (out ??= copy(s));
        if (node.kind === 'GoStmt') {
          const sender = goGroup.get(node);
          if (sender) w().pending[sender.group] = Math.min(MANY, s.pending[sender.group]! + sender.maxSends);
        }
        if (node.kind === 'DeferStmt') {
          const c = closeOperand(pkg, node.call);
          const g = c ? groupOf(c) : undefined;
          if (g !== undefined) w().deferred[g] = true;
          return out ?? s;
        }
        inspect(node, (m) => {
          if (m.kind === 'FuncLit') return false;
          if (m.kind === 'UnaryExpr' && m.op === Tok.ARROW) {
            const g = groupOf(m.x);
            if (g !== undefined) {
              const st = w();
              if (st.pending[g]! < MANY) st.pending[g] = Math.max(0, st.pending[g]! - 1);
            }
          } else if (m.kind === 'CallExpr') {
            const c = closeOperand(pkg, m);
            const g = c ? groupOf(c) : undefined;
            if (g !== undefined) {
              const st = w();
              closeAt(st, g, m, false);
              st.pending[g] = 0; // senders still running panic rather than block
            }
          }
          return true;
        });
        return out ?? s;
      },
      join: (a, b) => ({
        pending: a.pending.map((x, i) => Math.max(x, b.pending[i]!)),
        deferred: a.deferred.map((x, i) => x || b.deferred[i]!),
      }),
      equal: (a, b) => a.pending.every((x, i) => x === b.pending[i]) && a.deferred.every((x, i) => x === b.deferred[i]),
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      iterate(loop, s) {
        if (loop.kind !== 'RangeStmt') return s;
        const g = groupOf(loop.x);
        if (g === undefined || s.pending[g]! >= MANY) return s;
        const st = copy(s);
        st.pending[g] = Math.max(0, st.pending[g]! - 1);
        return st;
      },
      loopDone(loop, s) {
        const set = drains.get(loop);
        if (!set) return s;
        const st = copy(s);
        for (const g of set) st.pending[g] = 0;
        return st;
      },
    },
    {
      exit(at, s, kind) {
        if (kind === 'panic') return;
        groups.forEach((g, i) => {
          const pending = s.pending[i]!;
          if (countedOut(pkg, fn, at, i, drains)) return;
          if (s.deferred[i]) closeAt(s, i, deferredCloseOf(g) ?? at, true);
          else if (exceedsBuffer(pending, g.capacity)) g.leaks.push({ node: at, kind, pending });
        });
      },
    },
  );
}

/**
 * The exit sits in a loop that receives from the group and is guarded by a counter the loop
 * updates (`n--; if n == 0 { return }`): the loop counts the goroutines out, the dataflow cannot.
 */
function countedOut(pkg: PackageModel, fn: FuncNode, exit: ast.Node, group: number, drains: ReadonlyMap<ast.Node, Set<number>>): boolean {
  const guards: ast.Expr[] = [];
  for (let n = exit.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'IfStmt') guards.push(n.cond);
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && drains.get(n)?.has(group)) {
      const counters = updatedIn(pkg, n.body);
      if (guards.some((g) => mentionsAny(pkg, g, counters))) return true;
    }
    if (n.kind === 'FuncLit') return false;
  }
  return false;
}

/** Variables a loop body changes by `x++`, `x--`, `x += d`, `x -= d`. */
function updatedIn(pkg: PackageModel, body: ast.BlockStmt): Set<Binding> {
  const out = new Set<Binding>();
  inspect(body, (n) => {
    if (n.kind === 'FuncLit') return false;
    const target =
      n.kind === 'IncDecStmt'
        ? n.x
        : n.kind === 'AssignStmt' && (n.tok === Tok.ADD_ASSIGN || n.tok === Tok.SUB_ASSIGN)
          ? n.lhs[0]
          : undefined;
    const x = target ? unparenExpr(target) : undefined;
    const b = x?.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
    if (b) out.add(b);
    return true;
  });
  return out;
}

function mentionsAny(pkg: PackageModel, e: ast.Expr, bindings: ReadonlySet<Binding>): boolean {
  let found = false;
  inspect(e, (n) => {
    if (n.kind === 'Ident') {
      const b = pkg.bindingOf(n);
      if (b && bindings.has(b)) found = true;
    }
    return !found;
  });
  return found;
}

/** More sends pending than the buffer holds (an unknown number only overflows an unbuffered channel). */
function exceedsBuffer(pending: number, capacity: number): boolean {
  return capacity === 0 ? pending > 0 : pending < MANY && pending > capacity;
}

/** The channel of `close(ch)`, or null. */
function closeOperand(pkg: PackageModel, call: ast.CallExpr): ast.Expr | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'Ident' || fun.name !== 'close' || pkg.bindingOf(fun)?.kind !== 'builtin') return null;
  return call.args[0] ?? null;
}

/** The `defer close(ch)` statement of a group's channel. */
function deferredCloseOf(g: SendGroup): ast.Node | undefined {
  for (const c of g.channels) {
    const d = c.direct.find((u) => u.kind === 'deferClose');
    if (d) return d.node.parent ?? d.node;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Waiters

function waitGroups(pkg: PackageModel, fn: FuncNode): WaitGroup[] {
  const out: WaitGroup[] = [];
  for (const c of localChans(pkg, fn)) {
    if (c.open || c.parties.size === 0) continue;
    if (!c.direct.every((u) => u.kind === 'send' || u.kind === 'close' || u.kind === 'deferClose' || u.kind === 'inspect')) continue;
    const waiters: Waiter[] = [];
    let servedByGoroutine = { sends: false, closes: false };
    let ok = true;
    for (const p of c.parties.values()) {
      const w = waiterOf(pkg, p);
      if (w) {
        waiters.push(w);
        continue;
      }
      if (p.uses.every((u) => u.kind === 'send' || u.kind === 'close' || u.kind === 'deferClose')) {
        servedByGoroutine = {
          sends: servedByGoroutine.sends || p.uses.some((u) => u.kind === 'send'),
          closes: servedByGoroutine.closes || p.uses.some((u) => u.kind === 'close' || u.kind === 'deferClose'),
        };
        continue;
      }
      ok = false;
    }
    if (!ok || waiters.length === 0) continue;
    const fnCloses = c.direct.some((u) => u.kind === 'close' || u.kind === 'deferClose');
    const fnSends = c.direct.some((u) => u.kind === 'send');
    const group: WaitGroup = { chan: c, waiters, neverServed: [], leaks: [] };
    for (const w of waiters) {
      const served =
        w.kind === 'range'
          ? fnCloses || servedByGoroutine.closes
          : fnCloses || fnSends || servedByGoroutine.closes || servedByGoroutine.sends;
      if (!served) group.neverServed.push(w);
    }
    // only the function serves them: every exit after starting them must have served
    const onlyFn =
      group.neverServed.length === 0 && !servedByGoroutine.closes && !(servedByGoroutine.sends && waiters.some((w) => w.kind !== 'range'));
    if (onlyFn) runWaitFlow(pkg, fn, group);
    if (group.neverServed.length > 0 || group.leaks.length > 0) out.push(group);
  }
  return out;
}

/**
 * A goroutine whose only way to finish goes through the channel: it ranges over it (with no
 * return or break inside), receives from it outside any select, or loops forever and only
 * leaves when a select case receives from it.
 */
function waiterOf(pkg: PackageModel, p: ChanParty): Waiter | null {
  if (!p.uses.every((u) => u.kind === 'recv' || u.kind === 'range')) return null;
  const range = p.uses.find((u) => u.kind === 'range');
  if (range) {
    if (p.uses.length !== 1) return null;
    const loop = range.node as ast.RangeStmt;
    if (exitsOfLoop(pkg, loop).length > 0) return null;
    return { party: p, kind: 'range', wait: loop };
  }
  const plain = p.uses.find((u) => u.select === null);
  if (plain) return p.uses.every((u) => u.select === null) ? { party: p, kind: 'recv', wait: plain.node } : null;
  // for { select { case <-quit: return; case ...: } }
  const body = p.entry.body;
  if (!body) return null;
  const loop = body.list.find((s): s is ast.ForStmt => s.kind === 'ForStmt' && s.cond === null);
  if (!loop) return null;
  const before = body.list.slice(0, body.list.indexOf(loop));
  if (before.some((s) => containsExit(pkg, s))) return null;
  const clauses = p.uses.map((u) => u.node.parent?.parent).filter((c): c is ast.CommClause => c?.kind === 'CommClause');
  const exits = exitsOfLoop(pkg, loop);
  if (exits.length === 0 || !exits.every((e) => clauses.some((c) => e.pos >= c.pos && e.end <= c.end))) return null;
  const first = p.uses.find((u) => u.ident.pos >= loop.pos && u.ident.end <= loop.end);
  return first ? { party: p, kind: 'quit', wait: first.node } : null;
}

function containsExit(pkg: PackageModel, s: ast.Node): boolean {
  let found = false;
  inspect(s, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind === 'ReturnStmt' || (n.kind === 'BranchStmt' && n.tok === Tok.GOTO) || (n.kind === 'ExprStmt' && isNoReturnStmt(pkg, n)))
      found = true;
    return !found;
  });
  return found;
}

/** Statements that leave a loop: returns, breaks out of it, gotos, calls that end the goroutine. */
export function exitsOfLoop(pkg: PackageModel, loop: ast.ForStmt | ast.RangeStmt): ast.Node[] {
  const out: ast.Node[] = [];
  const ownLabel = loop.parent?.kind === 'LabeledStmt' ? loop.parent.label.name : null;
  const walk = (n: ast.Node, breakable: number): void => {
    switch (n.kind) {
      case 'FuncLit':
        return;
      case 'ReturnStmt':
        out.push(n);
        return;
      case 'BranchStmt':
        if (n.tok === Tok.GOTO) out.push(n);
        else if (n.tok === Tok.BREAK && (n.label ? n.label.name === ownLabel : breakable === 0)) out.push(n);
        else if (n.label !== null && n.label.name !== ownLabel && n.tok !== Tok.FALLTHROUGH) out.push(n);
        return;
      case 'ExprStmt':
        if (isNoReturnStmt(pkg, n)) out.push(n);
        return;
      default:
        break;
    }
    if (!isStatement(n)) return;
    const nested =
      n.kind === 'ForStmt' || n.kind === 'RangeStmt' || n.kind === 'SwitchStmt' || n.kind === 'TypeSwitchStmt' || n.kind === 'SelectStmt';
    forEachChild(n, (c) => walk(c, breakable + (nested ? 1 : 0)));
  };
  forEachChild(loop.body, (c) => walk(c, 0));
  return out;
}

function isStatement(n: ast.Node): boolean {
  return n.kind.endsWith('Stmt') || n.kind === 'CaseClause' || n.kind === 'CommClause';
}

interface WaitState {
  /** Receives still needed by `recv`/`quit` waiters. */
  recvs: number;
  /** Values the function has sent before any waiter needed them (a semaphore filled before `go`). */
  credit: number;
  /** Some range waiter still needs a close. */
  ranges: boolean;
  closed: boolean;
}

const CLOSED: WaitState = Object.freeze({ recvs: 0, credit: 0, ranges: false, closed: true });

function runWaitFlow(pkg: PackageModel, fn: FuncNode, group: WaitGroup): void {
  const b = group.chan.binding;
  const isChan = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && pkg.bindingOf(x) === b;
  };
  const waiterOfGo = new Map(group.waiters.map((w) => [w.party.go, w] as const));
  runFlow<WaitState>(
    fn.body!,
    { recvs: 0, credit: 0, ranges: false, closed: false },
    {
      simple(node, s) {
        if (s.closed) return s;
        if (node.kind === 'GoStmt') {
          const w = waiterOfGo.get(node);
          if (!w) return s;
          if (w.kind === 'range') return { ...s, ranges: true };
          return s.credit > 0 ? { ...s, credit: s.credit - 1 } : { ...s, recvs: Math.min(MANY, s.recvs + 1) };
        }
        if (node.kind === 'DeferStmt') {
          const c = closeOperand(pkg, node.call);
          return c && isChan(c) ? CLOSED : s;
        }
        let out = s;
        inspect(node, (m) => {
          if (m.kind === 'FuncLit') return false;
          if (m.kind === 'SendStmt' && isChan(m.chan)) {
            if (out.recvs >= MANY) return true;
            out = out.recvs > 0 ? { ...out, recvs: out.recvs - 1 } : { ...out, credit: Math.min(MANY, out.credit + 1) };
          }
          if (m.kind === 'CallExpr') {
            const c = closeOperand(pkg, m);
            if (c && isChan(c)) out = CLOSED;
          }
          return true;
        });
        return out;
      },
      join: (x, y) => ({
        recvs: Math.max(x.recvs, y.recvs),
        credit: Math.min(x.credit, y.credit),
        ranges: x.ranges || y.ranges,
        closed: x.closed && y.closed,
      }),
      equal: (x, y) => x.recvs === y.recvs && x.credit === y.credit && x.ranges === y.ranges && x.closed === y.closed,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
    },
    {
      exit(at, s, kind) {
        if (kind === 'panic') return;
        if (s.recvs > 0 || s.ranges) group.leaks.push({ node: at, kind, pending: s.recvs });
      },
    },
  );
}
