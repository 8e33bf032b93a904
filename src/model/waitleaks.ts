// Waiters: goroutines that wait on a channel the function made (`for v := range ch`, `<-done`, a
// loop that only stops on `<-quit`). Each needs the function (or another goroutine it started) to
// send or close. Without any closer they wait forever; when only the function serves them, an exit
// reached before it has closed (or sent) leaves them waiting.
//
// Counting is kept to what the code shows: a goroutine that receives once needs one value; one
// that receives in a loop needs an unknown number, so any value sent to it counts as service; a
// loop of the function that sends or closes serves an unknown number, so exits after it are not
// judged; a test that has reported its failure may leave goroutines behind.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { isNoReturnStmt } from './calls.js';
import { countedLoopOf, exitSpan, exitsOfLoop, reportsTestFailure } from './chanloops.js';
import { type ChanParty, deferredCloses, type LocalChan, localChans, neverReady } from './chanscope.js';
import { runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { closeOperand, type Exit, MANY } from './sendleaks.js';
import { unparenExpr } from './typeinfo.js';

export type WaitKind = 'range' | 'recv' | 'quit';

export interface Waiter {
  party: ChanParty;
  kind: WaitKind;
  /** The range statement, the receive, or the select case the goroutine waits in. */
  wait: ast.Node;
  /** The goroutine needs exactly one value (or a close) to finish. */
  once: boolean;
}

export interface WaitSet {
  chan: LocalChan;
  waiters: Waiter[];
  /** Nothing anywhere sends (for receives) or closes (for ranges). */
  neverServed: Waiter[];
  /** Exits of the function reached before it closes (or sends) what the waiters need. */
  leaks: Exit[];
}

export function waitSets(pkg: PackageModel, fn: FuncNode): WaitSet[] {
  const out: WaitSet[] = [];
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
    const set: WaitSet = { chan: c, waiters, neverServed: [], leaks: [] };
    for (const w of waiters) {
      const served =
        w.kind === 'range'
          ? fnCloses || servedByGoroutine.closes
          : fnCloses || fnSends || servedByGoroutine.closes || servedByGoroutine.sends;
      if (!served) set.neverServed.push(w);
    }
    // only the function serves them: every exit after starting them must have served
    const onlyFn =
      set.neverServed.length === 0 && !servedByGoroutine.closes && !(servedByGoroutine.sends && waiters.some((w) => w.kind !== 'range'));
    if (onlyFn) runWaitFlow(pkg, fn, set);
    if (set.neverServed.length > 0 || set.leaks.length > 0) out.push(set);
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
    return { party: p, kind: 'range', wait: loop, once: false };
  }
  const plain = p.uses.find((u) => u.select === null);
  if (plain) {
    if (!p.uses.every((u) => u.select === null)) return null;
    return { party: p, kind: 'recv', wait: plain.node, once: p.uses.length === 1 && !plain.inLoop };
  }
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
  return first ? { party: p, kind: 'quit', wait: first.node, once: true } : null;
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

interface WaitState {
  /** Values still needed by waiters that receive once. */
  recvs: number;
  /** Values the function has sent before any waiter needed them (a semaphore filled before `go`). */
  credit: number;
  /** Some range waiter still needs a close. */
  ranges: boolean;
  /** A waiter that receives an unknown number of values has been sent nothing yet. */
  starved: boolean;
  closed: boolean;
}

const CLOSED: WaitState = Object.freeze({ recvs: 0, credit: 0, ranges: false, starved: false, closed: true });
const NEUTRAL: WaitState = Object.freeze({ ...CLOSED, credit: MANY });

function runWaitFlow(pkg: PackageModel, fn: FuncNode, set: WaitSet): void {
  const b = set.chan.binding;
  const isChan = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && pkg.bindingOf(x) === b;
  };
  const waiterOfGo = new Map(set.waiters.map((w) => [w.party.go, w] as const));
  // waiters that receive once, started in loops of a known trip count: counted when the loop ends
  const counted = new Map<ast.Node, number>();
  const countedGo = new Set<ast.GoStmt>();
  for (const w of set.waiters) {
    if (!w.once) continue;
    const c = countedLoopOf(pkg, w.party.go, fn);
    if (!c || servesIn(pkg, c.loop.body, isChan)) continue;
    countedGo.add(w.party.go);
    counted.set(c.loop, (counted.get(c.loop) ?? 0) + c.trips);
  }
  const servingLoops = loopsServing(pkg, fn, isChan);
  const servedInLoop = (at: ast.Node, kind: 'return' | 'end'): boolean => {
    const where = kind === 'end' ? at.end : at.pos;
    return servingLoops.some((l) => where > l.pos);
  };
  runFlow<WaitState>(
    fn.body!,
    { recvs: 0, credit: 0, ranges: false, starved: false, closed: false },
    {
      simple(node, s) {
        if (s.closed) return s;
        if (node.kind === 'GoStmt') {
          const w = waiterOfGo.get(node);
          if (!w || countedGo.has(node)) return s;
          if (w.kind === 'range') return { ...s, ranges: true };
          if (!w.once) return s.credit > 0 ? s : { ...s, starved: true };
          return s.credit > 0 ? { ...s, credit: s.credit - 1 } : { ...s, recvs: Math.min(MANY, s.recvs + 1) };
        }
        if (node.kind === 'DeferStmt') return deferredCloses(pkg, node).some(isChan) ? CLOSED : s;
        // a test that has failed may leave its goroutines behind
        if (reportsTestFailure(pkg, node)) return { ...s, recvs: 0, ranges: false, starved: false };
        let out = s;
        inspect(node, (m) => {
          if (m.kind === 'FuncLit') return false;
          if (m.kind === 'SendStmt' && isChan(m.chan)) {
            out = { ...out, starved: false };
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
        starved: x.starved || y.starved,
        closed: x.closed && y.closed,
      }),
      equal: (x, y) =>
        x.recvs === y.recvs && x.credit === y.credit && x.ranges === y.ranges && x.starved === y.starved && x.closed === y.closed,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      // a case that can never proceed: a state neutral for every join
      enterClause: (clause, s) => (clause.kind === 'CommClause' && neverReady(pkg, fn, clause) ? NEUTRAL : s),
      loopDone(loop, s) {
        const n = counted.get(loop);
        if (n === undefined || s.closed) return s;
        const used = Math.min(s.credit, n);
        return { ...s, credit: s.credit - used, recvs: Math.min(MANY, s.recvs + n - used) };
      },
    },
    {
      exit(at, s, kind) {
        if (kind === 'panic') return;
        const waiting = s.ranges || ((s.recvs > 0 || s.starved) && !servedInLoop(at, kind));
        if (waiting) set.leaks.push({ node: exitSpan(at, kind), kind, pending: s.recvs });
      },
    },
  );
}

/** The body sends on or closes the channel (outside function literals). */
function servesIn(pkg: PackageModel, body: ast.Node, isChan: (e: ast.Expr) => boolean): boolean {
  let found = false;
  inspect(body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind === 'SendStmt' && isChan(n.chan)) found = true;
    if (n.kind === 'CallExpr') {
      const c = closeOperand(pkg, n);
      if (c && isChan(c)) found = true;
    }
    return !found;
  });
  return found;
}

/** Loops of the function that send on or close the channel: they serve a number of waiters we cannot count. */
function loopsServing(pkg: PackageModel, fn: FuncNode, isChan: (e: ast.Expr) => boolean): ast.Node[] {
  const out: ast.Node[] = [];
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit') return false;
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && servesIn(pkg, n.body, isChan)) out.push(n);
    return true;
  });
  return out;
}
