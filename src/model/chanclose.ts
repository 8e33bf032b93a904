// Which channels may be (or must be) closed at each point of a function, by its own close calls:
// a dataflow over the body keyed by the channel expression (`ch`, `s.done`). A close of a channel
// that may already be closed is a double close (it panics); a send on a channel that is closed on
// every path to it panics too. `defer close(ch)` runs at every exit after it, so an exit reached
// with `ch` already closed closes it twice.
//
// Kept precise on purpose: a variable or field assigned again (`ch = make(...)`, `ch = nil`, a
// range variable on the next iteration) is a new channel; a close guarded by a flag its branch
// sets (`if !closed { closed = true; close(ch) }`), by a nil check, or by a select default after
// `case <-ch:` is the idempotent-close idiom; calls to this package's functions may reassign
// fields, so field keys do not survive them.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { builtinName, callsNamed, isNoReturnStmt } from './calls.js';
import { runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';

export interface DoubleClose {
  /** The close that runs second: a close call, or the `defer close(ch)` statement. */
  node: ast.Node;
  /** A close that may have run before it. */
  previous: ast.Node;
  chan: ast.Expr;
  /** The second close is a deferred one, running when the function returns. */
  deferred: boolean;
  /** The first close is the same statement on an earlier iteration of a loop. */
  inLoop: boolean;
}

export interface SendAfterClose {
  send: ast.SendStmt;
  close: ast.Node;
}

export interface CloseFlow {
  doubleCloses: DoubleClose[];
  sendsAfterClose: SendAfterClose[];
}

/** The channel a key-able expression names: `ch`, `s.done`, `s.conn.done`; null otherwise. */
export function chanKey(pkg: PackageModel, e: ast.Expr): string | null {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') {
    const b = pkg.bindingOf(x);
    return b?.kind === 'var' ? `v${b.id}` : null;
  }
  if (x.kind === 'SelectorExpr') {
    const base = chanKey(pkg, x.x);
    return base ? `${base}.${x.sel.name}` : null;
  }
  if (x.kind === 'StarExpr') return chanKey(pkg, x.x);
  return null;
}

export function closeFlow(pkg: PackageModel, fn: FuncNode): CloseFlow {
  const memo = pkg.analysis('chanclose', () => new Map<FuncNode, CloseFlow>());
  let r = memo.get(fn);
  if (!r) {
    r = compute(pkg, fn);
    memo.set(fn, r);
  }
  return r;
}

interface State {
  /** Key → a close that may have run. */
  may: ReadonlyMap<string, ast.Node>;
  /** Keys closed on every path. */
  must: ReadonlySet<string>;
  /** Key → a `defer close(key)` that has been registered. */
  deferred: ReadonlyMap<string, ast.DeferStmt>;
}

const EMPTY: State = { may: new Map(), must: new Set(), deferred: new Map() };

function compute(pkg: PackageModel, fn: FuncNode): CloseFlow {
  const out: CloseFlow = { doubleCloses: [], sendsAfterClose: [] };
  if (!fn.body || !closingFunctions(pkg).has(fn)) return out;
  const ti = TypeInfo.of(pkg);
  const seen = new Set<ast.Node>();
  const kill = (s: State, key: string): State => {
    const hit = (k: string): boolean => k === key || k.startsWith(key + '.');
    if (![...s.may.keys()].some(hit) && ![...s.deferred.keys()].some(hit)) return s;
    return {
      may: new Map([...s.may].filter(([k]) => !hit(k))),
      must: new Set([...s.must].filter((k) => !hit(k))),
      deferred: new Map([...s.deferred].filter(([k]) => !hit(k))),
    };
  };
  const killFields = (s: State): State => {
    if (![...s.may.keys()].some((k) => k.includes('.'))) return s;
    return {
      may: new Map([...s.may].filter(([k]) => !k.includes('.'))),
      must: new Set([...s.must].filter((k) => !k.includes('.'))),
      deferred: s.deferred,
    };
  };
  const killBinding = (s: State, b: Binding | undefined): State => (b ? kill(s, `v${b.id}`) : s);

  const simple = (node: ast.Stmt | ast.Expr, s: State): State => {
    if (node.kind === 'DeferStmt') {
      const ch = closeArg(pkg, node.call);
      const key = ch ? chanKey(pkg, ch) : null;
      if (!ch || !key) return s;
      const earlier = s.deferred.get(key);
      if (earlier && earlier !== node && !seen.has(node)) {
        seen.add(node);
        out.doubleCloses.push({ node, previous: earlier, chan: ch, deferred: true, inLoop: false });
      }
      if (earlier) return s;
      const deferred = new Map(s.deferred);
      deferred.set(key, node);
      return { ...s, deferred };
    }
    let st = s;
    const assigned: ast.Expr[] = [];
    inspect(node, (n) => {
      if (n.kind === 'FuncLit') return false;
      switch (n.kind) {
        case 'AssignStmt':
          assigned.push(...n.lhs);
          return true;
        case 'ValueSpec':
          assigned.push(...n.names);
          return true;
        case 'SendStmt': {
          const key = chanKey(pkg, n.chan);
          if (key && st.must.has(key) && !seen.has(n)) {
            seen.add(n);
            out.sendsAfterClose.push({ send: n, close: st.may.get(key)! });
          }
          return true;
        }
        case 'CallExpr': {
          const ch = closeArg(pkg, n);
          if (ch) {
            const key = chanKey(pkg, ch);
            if (!key) return true;
            const previous = st.may.get(key);
            const again = previous !== undefined && (previous !== n || unconditionalInLoop(n, fn));
            if (again && !seen.has(n) && !guardedClose(pkg, n, ch, fn)) {
              seen.add(n);
              out.doubleCloses.push({ node: n, previous: previous!, chan: ch, deferred: false, inLoop: previous === n });
            }
            const may = new Map(st.may);
            if (!previous) may.set(key, n);
            st = { ...st, may, must: new Set(st.must).add(key) };
          } else if (ti.callee(n)) {
            st = killFields(st); // a method of ours may give the field a new channel
          }
          return true;
        }
        default:
          return true;
      }
    });
    for (const l of assigned) {
      const key = chanKey(pkg, l);
      if (key) st = kill(st, key);
    }
    return st;
  };

  runFlow<State>(
    fn.body,
    EMPTY,
    {
      simple,
      join: (a, b) => {
        if (a === b) return a;
        const may = new Map(a.may);
        for (const [k, v] of b.may) if (!may.has(k)) may.set(k, v);
        const deferred = new Map(a.deferred);
        for (const [k, v] of b.deferred) if (!deferred.has(k)) deferred.set(k, v);
        return { may, must: new Set([...a.must].filter((k) => b.must.has(k))), deferred };
      },
      equal: (a, b) =>
        sameKeys(a.may, b.may) &&
        sameKeys(a.deferred, b.deferred) &&
        a.must.size === b.must.size &&
        [...a.must].every((k) => b.must.has(k)),
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      // a select takes its default only when no case is ready, and a closed channel always is:
      // in `select { case <-ch: ... default: }` the default knows ch is open
      enterClause(clause, s) {
        if (clause.kind !== 'CommClause' || clause.comm !== null) return s;
        const sel = clause.parent?.parent;
        if (sel?.kind !== 'SelectStmt') return s;
        let st = s;
        for (const c of sel.body.list) {
          if (c.kind !== 'CommClause' || c.comm === null) continue;
          const key = receivedKey(pkg, c.comm);
          if (key && st.may.has(key)) {
            const may = new Map(st.may);
            may.delete(key);
            const must = new Set(st.must);
            must.delete(key);
            st = { ...st, may, must };
          }
        }
        return st;
      },
      iterate(loop, s) {
        // range variables and variables declared in the body are new on every iteration
        let st = s;
        if (loop.kind === 'RangeStmt' && loop.tok === Tok.DEFINE) {
          for (const v of [loop.key, loop.value]) if (v?.kind === 'Ident') st = killBinding(st, pkg.bindingOf(v));
        }
        return st;
      },
    },
    {
      exit(_at, s, kind) {
        if (kind === 'panic') return;
        for (const [key, d] of s.deferred) {
          const previous = s.may.get(key);
          if (!previous || seen.has(d)) continue;
          const ch = closeArg(pkg, d.call)!;
          if (guardedClose(pkg, d.call, ch, fn)) continue;
          seen.add(d);
          out.doubleCloses.push({ node: d, previous, chan: ch, deferred: true, inLoop: false });
        }
      },
    },
  );
  return out;
}

/**
 * A close that runs on every iteration of its loop (no if, switch or select case between them):
 * the next iteration closes again. A close behind a condition in a loop usually fires once (a
 * counter reaching a value, a message seen once), which the dataflow cannot tell.
 */
function unconditionalInLoop(close: ast.Node, fn: FuncNode): boolean {
  for (let n = close.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return true;
    if (n.kind === 'IfStmt' || n.kind === 'CaseClause' || n.kind === 'CommClause' || n.kind === 'FuncLit') return false;
  }
  return false;
}

function sameKeys<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

/** The functions that call close themselves (not only in a function literal inside them). */
function closingFunctions(pkg: PackageModel): Set<FuncNode> {
  return pkg.analysis('chanclose:closers', (p) => {
    const out = new Set<FuncNode>();
    for (const call of callsNamed(p, { plain: ['close'] })) {
      const fn = closeArg(p, call) ? p.enclosingFunction(call) : null;
      if (fn) out.add(fn);
    }
    return out;
  });
}

/** The operand of `close(x)`. */
export function closeArg(pkg: PackageModel, call: ast.CallExpr): ast.Expr | null {
  return builtinName(pkg, call) === 'close' ? (call.args[0] ?? null) : null;
}

/**
 * The idempotent-close idioms: an enclosing `if`/`case` whose condition reads a flag the branch
 * assigns (`if !closed { closed = true; close(ch) }`) or checks the channel itself (`if ch !=
 * nil`, `if !isClosed(ch)`); or the default case of a select that first tries `case <-ch:`.
 */
export function guardedClose(pkg: PackageModel, close: ast.CallExpr, ch: ast.Expr, fn: FuncNode): boolean {
  const key = chanKey(pkg, ch);
  for (let child: ast.Node = close, n = close.parent; n !== undefined && n !== fn; child = n, n = n.parent) {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'IfStmt' && child === n.body) {
      if (mentionsKey(pkg, n.cond, key) || readsAssigned(pkg, n.cond, n.body)) return true;
    }
    if (n.kind === 'CaseClause') {
      const sw = n.parent?.parent;
      const tag = sw?.kind === 'SwitchStmt' ? sw.tag : null;
      const conds = [...n.list, ...(tag ? [tag] : [])];
      if (conds.some((c) => mentionsKey(pkg, c, key) || readsAssigned(pkg, c, n))) return true;
    }
    if (n.kind === 'CommClause' && n.comm === null) {
      const sel = n.parent?.parent;
      if (
        sel?.kind === 'SelectStmt' &&
        sel.body.list.some((c) => c.kind === 'CommClause' && c.comm !== null && receivesKey(pkg, c.comm, key))
      )
        return true;
    }
  }
  return false;
}

function mentionsKey(pkg: PackageModel, e: ast.Node, key: string | null): boolean {
  if (key === null) return false;
  let found = false;
  inspect(e, (n) => {
    if (found) return false;
    if ((n.kind === 'Ident' || n.kind === 'SelectorExpr') && chanKey(pkg, n) === key) found = true;
    return !found;
  });
  return found;
}

/** The channel key a select case receives from: `case <-ch:`, `case v := <-ch:`, `case v, ok := <-ch:`. */
function receivedKey(pkg: PackageModel, comm: ast.Stmt): string | null {
  const x = comm.kind === 'ExprStmt' ? comm.x : comm.kind === 'AssignStmt' && comm.rhs.length === 1 ? comm.rhs[0]! : null;
  const u = x ? unparenExpr(x) : null;
  return u?.kind === 'UnaryExpr' && u.op === Tok.ARROW ? chanKey(pkg, u.x) : null;
}

function receivesKey(pkg: PackageModel, comm: ast.Stmt, key: string | null): boolean {
  let found = false;
  inspect(comm, (n) => {
    if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW && chanKey(pkg, n.x) === key) found = true;
    return !found;
  });
  return found;
}

/** The condition reads a variable or field that the guarded branch assigns (a "closed" flag). */
function readsAssigned(pkg: PackageModel, cond: ast.Node, branch: ast.Node): boolean {
  const assigned = new Set<string>();
  inspect(branch, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'AssignStmt') {
      for (const l of n.lhs) {
        const k = chanKey(pkg, l);
        if (k) assigned.add(k);
      }
    }
    if (n.kind === 'IncDecStmt') {
      const k = chanKey(pkg, n.x);
      if (k) assigned.add(k);
    }
    return true;
  });
  if (assigned.size === 0) return false;
  let found = false;
  inspect(cond, (n) => {
    if (found) return false;
    if (n.kind === 'Ident' || n.kind === 'SelectorExpr') {
      const k = chanKey(pkg, n);
      if (k && assigned.has(k)) found = true;
    }
    return !found;
  });
  return found;
}
