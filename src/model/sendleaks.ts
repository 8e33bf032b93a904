// Senders: goroutines that deliver results on channels the function made (`go func() { ch <- f() }()`).
// Each blocks until the function receives. A dataflow over the function counts, per group of
// senders sharing channels, the sends still pending: a go statement adds the goroutine's sends, a
// receive takes one, a loop that receives and ends by its own condition drains them all, a
// WaitGroup wait that the senders signal after sending means they have all delivered. An exit
// reached with more pending sends than the channel buffers leaves those goroutines blocked forever
// (the early-return leak); a close while sends are pending makes them panic instead; a WaitGroup
// wait reached with sends pending that only the function would receive, later, never returns.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { isNoReturnStmt } from './calls.js';
import { countedLoopOf, exitSpan, reportsTestFailure } from './chanloops.js';
import type { ChanUse } from './chanuse.js';
import { type ChanParty, deferredCloses, type LocalChan, localChans, neverReady } from './chanscope.js';
import { runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';
import { isWaitGroupCall } from './waitgroups.js';

/** Pending counts saturate here: "many", more than any buffer we reason about. */
export const MANY = 4;

export interface Sender {
  party: ChanParty;
  /** The goroutine's sends on the group's channels. */
  sends: ast.SendStmt[];
  /** Most sends one run of the goroutine makes (MANY for a send in a loop that goes on). */
  maxSends: number;
  /** Per send, the most sends of the group the goroutine has made before it on a path. */
  sentBefore: Map<ast.SendStmt, number>;
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
  /** `wg.Wait()` for the senders reached with more sends pending than the buffer holds. */
  waitsWhilePending: { node: ast.CallExpr; pending: number }[];
}

const SENDER_DIRECT: ReadonlySet<string> = new Set(['recv', 'range', 'inspect', 'close', 'deferClose']);

function isPlainSender(uses: readonly ChanUse[]): boolean {
  return (
    uses.length > 0 &&
    uses.some((u) => u.kind === 'send') &&
    uses.every((u) => (u.kind === 'send' && !u.guarded) || u.kind === 'close' || u.kind === 'deferClose')
  );
}

export function sendGroups(pkg: PackageModel, fn: FuncNode): SendGroup[] {
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
      senders.push({ party, sends, ...sendsPerRun(pkg, party.entry, new Set(sends)) });
    }
    out.push({ channels, senders, capacity, leaks: [], closesWhilePending: [], waitsWhilePending: [] });
  }
  if (out.length > 0) runSendFlow(pkg, fn, out);
  return out;
}

/**
 * The most sends (of the given statements) one run of the goroutine makes, and before each
 * send: a dataflow over the goroutine, so that a send in a loop counts as many only when the
 * loop goes on after it (`for { ... ch <- v; return }` sends once).
 */
function sendsPerRun(
  pkg: PackageModel,
  entry: FuncNode,
  sends: ReadonlySet<ast.SendStmt>,
): { maxSends: number; sentBefore: Map<ast.SendStmt, number> } {
  const sentBefore = new Map<ast.SendStmt, number>();
  let max = 0;
  if (!entry.body) return { maxSends: 0, sentBefore };
  // `for i := 0; i < 2; i++ { ch <- v }` sends twice: counted when the loop ends
  const counted = new Map<ast.Node, number>();
  const countedSend = new Set<ast.SendStmt>();
  for (const send of sends) {
    const c = countedLoopOf(pkg, send, entry);
    if (!c) continue;
    countedSend.add(send);
    counted.set(c.loop, (counted.get(c.loop) ?? 0) + c.trips);
  }
  runFlow<number>(
    entry.body,
    0,
    {
      simple: (node, s) => {
        if (node.kind === 'SendStmt' && sends.has(node)) {
          sentBefore.set(node, Math.max(sentBefore.get(node) ?? 0, s));
          return countedSend.has(node) ? s : Math.min(MANY, s + 1);
        }
        return s;
      },
      join: (a, b) => Math.max(a, b),
      equal: (a, b) => a === b,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      loopDone: (loop, s) => Math.min(MANY, s + (counted.get(loop) ?? 0)),
    },
    {
      before: (_stmt, s) => {
        max = Math.max(max, s);
      },
      exit: (_at, s) => {
        max = Math.max(max, s);
      },
    },
  );
  return { maxSends: max, sentBefore };
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
  // go statements in loops of a known trip count that do not receive: counted when the loop ends
  const counted = new Map<ast.Node, { group: number; sends: number }[]>();
  const countedGo = new Set<ast.GoStmt>();
  for (const [go, s] of goGroup) {
    const c = countedLoopOf(pkg, go, fn);
    if (!c || drains.get(c.loop)?.has(s.group)) continue;
    countedGo.add(go);
    const list = counted.get(c.loop) ?? [];
    list.push({ group: s.group, sends: Math.min(MANY, c.trips * s.maxSends) });
    counted.set(c.loop, list);
  }
  const joins = waitGroupJoins(pkg, fn, groups);
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
          if (sender && !countedGo.has(node)) w().pending[sender.group] = Math.min(MANY, s.pending[sender.group]! + sender.maxSends);
          return out ?? s;
        }
        if (node.kind === 'DeferStmt') {
          for (const c of deferredCloses(pkg, node)) {
            const g = groupOf(c);
            if (g !== undefined) w().deferred[g] = true;
          }
          return out ?? s;
        }
        // a test that has failed may leave its goroutines behind
        if (reportsTestFailure(pkg, node)) return { ...copy(s), pending: s.pending.map(() => 0) };
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
            for (const j of joins.get(m) ?? []) {
              const st = w();
              const pending = st.pending[j]!;
              if (exceedsBuffer(pending, groups[j]!.capacity)) groups[j]!.waitsWhilePending.push({ node: m, pending });
              st.pending[j] = 0; // the wait returns once every sender has sent
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
      // a case that can never proceed contributes nothing to the joins (0 is neutral for max)
      enterClause: (clause, s) =>
        clause.kind === 'CommClause' && neverReady(pkg, fn, clause)
          ? { pending: s.pending.map(() => 0), deferred: s.deferred.map(() => false) }
          : s,
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
        const add = counted.get(loop);
        if (!set && !add) return s;
        const st = copy(s);
        for (const g of set ?? []) st.pending[g] = 0;
        for (const a of add ?? []) st.pending[a.group] = Math.min(MANY, st.pending[a.group]! + a.sends);
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
          else if (exceedsBuffer(pending, g.capacity)) g.leaks.push({ node: exitSpan(at, kind), kind, pending });
        });
      },
    },
  );
}

/**
 * `wg.Wait()` calls of the function that wait for every sender of a group: each sender's goroutine
 * calls Done on that WaitGroup (deferred, or after its last send).
 */
function waitGroupJoins(pkg: PackageModel, fn: FuncNode, groups: SendGroup[]): Map<ast.CallExpr, number[]> {
  const out = new Map<ast.CallExpr, number[]>();
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind !== 'CallExpr' || !isWaitGroupCall(pkg, n, 'Wait')) return true;
    const wg = identBinding(pkg, (unparenExpr(n.fun) as ast.SelectorExpr).x);
    if (!wg) return true;
    const gs: number[] = [];
    groups.forEach((g, i) => {
      if (g.senders.every((s) => signalsAfterSends(pkg, s, wg))) gs.push(i);
    });
    if (gs.length > 0) out.set(n, gs);
    return true;
  });
  return out;
}

/** The sender's goroutine calls Done on `wg` (captured, or passed as `&wg`) after its sends. */
function signalsAfterSends(pkg: PackageModel, s: Sender, wg: Binding): boolean {
  const entry = s.party.entry;
  let target: Binding | undefined = wg;
  if (entry.kind === 'FuncDecl') {
    const at = s.party.go.call.args.findIndex((a) => identBinding(pkg, a) === wg);
    target = at < 0 ? undefined : paramAt(pkg, entry, at);
  }
  if (!target || !entry.body) return false;
  const lastSend = Math.max(...s.sends.map((x) => x.end));
  let ok = false;
  inspect(entry.body, (n) => {
    if (ok) return false;
    if (n.kind !== 'CallExpr' || !isWaitGroupCall(pkg, n, 'Done')) return true;
    if (identBinding(pkg, (unparenExpr(n.fun) as ast.SelectorExpr).x) !== target) return true;
    ok = n.pos > lastSend || deferredIn(n, entry);
    return true;
  });
  return ok;
}

function deferredIn(n: ast.Node, fn: FuncNode): boolean {
  for (let p = n.parent; p !== undefined && p !== fn; p = p.parent) if (p.kind === 'DeferStmt') return true;
  return false;
}

/** The variable `x` or `&x` names. */
function identBinding(pkg: PackageModel, e: ast.Expr): Binding | undefined {
  let x = unparenExpr(e);
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) x = unparenExpr(x.x);
  return x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
}

function paramAt(pkg: PackageModel, fn: FuncNode, at: number): Binding | undefined {
  let i = 0;
  for (const f of fn.type.params.list) {
    for (const n of f.names) {
      if (i === at) return pkg.bindingOf(n);
      i++;
    }
    if (f.names.length === 0) i++;
  }
  return undefined;
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
export function exceedsBuffer(pending: number, capacity: number): boolean {
  return capacity === 0 ? pending > 0 : pending < MANY && pending > capacity;
}

/** The channel of `close(ch)`, or null. */
export function closeOperand(pkg: PackageModel, call: ast.CallExpr): ast.Expr | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'Ident' || fun.name !== 'close' || pkg.bindingOf(fun)?.kind !== 'builtin') return null;
  return call.args[0] ?? null;
}

/** The `defer close(ch)` statement of a group's channel. */
function deferredCloseOf(g: SendGroup): ast.Node | undefined {
  for (const c of g.channels) {
    const d = c.direct.find((u) => u.kind === 'deferClose');
    if (d) return d.node.parent?.kind === 'DeferStmt' ? d.node.parent : d.node;
  }
  return undefined;
}
