// The channels a function makes and who can reach them. For a channel made by `ch := make(chan
// T, n)` the parties are the function itself and the goroutines it starts with the channel (a
// captured variable or an argument of `go f(ch)`). When the channel goes anywhere else — a call,
// a struct, a return, another variable, a closure that is not a goroutine — it is "open": someone
// we cannot see may receive, send or close, and the leak and deadlock rules stay silent about it.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { builtinName, callsNamed } from './calls.js';
import { type ChanOrigin, chanOrigin } from './channels.js';
import { type ChanUse, chanUses, chanUsesIn } from './chanuse.js';
import { enclosingLoopOf } from './concurrency.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';

/** A goroutine started by the function, with what it does to one of the function's channels. */
export interface ChanParty {
  go: ast.GoStmt;
  /** The function the goroutine runs: the literal, or the declaration `go f(...)` calls. */
  entry: FuncNode;
  /** Uses of the channel inside the goroutine (of the captured variable or of the parameter). */
  uses: ChanUse[];
  /** The go statement sits in a loop of the function: one goroutine per iteration. */
  inLoop: boolean;
}

export interface LocalChan {
  binding: Binding;
  origin: ChanOrigin;
  /** Uses in the owner function itself (not in literals). */
  direct: ChanUse[];
  /** Goroutines started by the owner that use the channel, by go statement. */
  parties: Map<ast.GoStmt, ChanParty>;
  /** Reachable by code other than the owner and those goroutines. */
  open: boolean;
}

/** The channels `fn` makes, each with its parties; memoised per function. */
export function localChans(pkg: PackageModel, fn: FuncNode): LocalChan[] {
  const memo = pkg.analysis('chanscope', () => new Map<FuncNode, LocalChan[]>());
  let list = memo.get(fn);
  if (!list) {
    list = compute(pkg, fn);
    memo.set(fn, list);
  }
  return list;
}

function compute(pkg: PackageModel, fn: FuncNode): LocalChan[] {
  const out: LocalChan[] = [];
  if (!fn.body || !channelMakers(pkg).has(fn)) return out;
  for (const b of madeChannels(pkg, fn)) {
    const origin = chanOrigin(pkg, b);
    if (!origin) continue;
    out.push(scope(pkg, fn, b, origin));
  }
  return out;
}

/** Functions with a `make(chan ...)` of their own (not in a literal inside them): the only ones with local channels. */
function channelMakers(pkg: PackageModel): ReadonlySet<FuncNode> {
  return pkg.analysis('chanscope:makers', (p) => {
    const out = new Set<FuncNode>();
    for (const call of callsNamed(p, { plain: ['make'] })) {
      const t = call.args[0];
      if (!t || unparenExpr(t).kind !== 'ChanType') continue;
      for (let n = call.parent; n !== undefined; n = n.parent) {
        if (n.kind === 'FuncDecl' || n.kind === 'FuncLit') {
          out.add(n);
          break;
        }
      }
    }
    return out;
  });
}

/** Local variables of `fn` initialised with make(chan ...). */
function madeChannels(pkg: PackageModel, fn: FuncNode): Binding[] {
  const out: Binding[] = [];
  const seen = new Set<Binding>();
  const consider = (id: ast.Ident): void => {
    const b = pkg.bindingOf(id);
    if (!b || seen.has(b) || b.owner !== fn || b.ident !== id) return;
    seen.add(b);
    if (chanOrigin(pkg, b)) out.push(b);
  };
  const visit = (n: ast.Node): boolean => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'AssignStmt') for (const l of n.lhs) if (l.kind === 'Ident') consider(l);
    if (n.kind === 'ValueSpec') for (const id of n.names) consider(id);
    return true;
  };
  inspect(fn.body!, visit);
  return out;
}

function scope(pkg: PackageModel, fn: FuncNode, b: Binding, origin: ChanOrigin): LocalChan {
  const ti = TypeInfo.of(pkg);
  const direct: ChanUse[] = [];
  const parties = new Map<ast.GoStmt, ChanParty>();
  let open = false;
  const party = (go: ast.GoStmt, entry: FuncNode): ChanParty => {
    let p = parties.get(go);
    if (!p) parties.set(go, (p = { go, entry, uses: [], inLoop: enclosingLoopOf(go, fn) !== null }));
    return p;
  };
  for (const u of chanUses(pkg, b)) {
    if (u.fn === fn) {
      if (u.kind === 'escape' || u.kind === 'assign') open = true;
      if (u.kind === 'goArg') {
        const go = u.node as ast.GoStmt;
        const entry = startedFunc(ti, go);
        const param = entry ? paramFor(pkg, entry, go.call, u.ident) : null;
        if (!entry || !param) {
          open = true;
          continue;
        }
        party(go, entry).uses.push(...chanUsesIn(pkg, param, entry));
        if (entry.kind === 'FuncDecl' && !paramStaysInside(pkg, param, entry)) open = true;
        continue;
      }
      direct.push(u);
      continue;
    }
    // a use inside a literal: only the literal a go statement of `fn` starts is a known party
    const go = goStmtOf(u.fn);
    if (go && enclosingFunc(go) === fn) party(go, u.fn).uses.push(u);
    else if (deferredLitOf(u.fn) === fn && (u.kind === 'close' || u.kind === 'inspect'))
      direct.push(u.kind === 'close' ? { ...u, kind: 'deferClose' } : u); // `defer func() { close(ch) }()`
    else open = true;
  }
  for (const p of parties.values()) if (p.uses.some((u) => u.kind === 'escape' || u.kind === 'assign' || u.kind === 'goArg')) open = true;
  return { binding: b, origin, direct, parties, open };
}

/** A parameter must not leave the goroutine's function (no nested literals or calls get it). */
function paramStaysInside(pkg: PackageModel, param: Binding, entry: FuncNode): boolean {
  return chanUses(pkg, param).every((u) => u.fn === entry);
}

/** The function whose `defer func() { ... }()` this literal is, or null. */
function deferredLitOf(fn: FuncNode): FuncNode | null {
  const p = fn.parent;
  if (fn.kind !== 'FuncLit' || p?.kind !== 'CallExpr' || p.fun !== fn || p.parent?.kind !== 'DeferStmt') return null;
  return enclosingFunc(p.parent);
}

/** The channels a defer statement closes: `defer close(ch)`, or closes in `defer func() { ... }()`. */
export function deferredCloses(pkg: PackageModel, d: ast.DeferStmt): ast.Expr[] {
  const out: ast.Expr[] = [];
  const fun = unparenExpr(d.call.fun);
  const scan = fun.kind === 'FuncLit' ? fun.body : d.call;
  inspect(scan, (n) => {
    if (n.kind === 'FuncLit' && n !== fun) return false;
    if (n.kind === 'CallExpr' && builtinName(pkg, n) === 'close' && n.args[0]) out.push(n.args[0]);
    return true;
  });
  return out;
}

/** The go statement that starts this literal: `go func() { ... }()`. */
export function goStmtOf(fn: FuncNode): ast.GoStmt | null {
  const p = fn.parent;
  if (fn.kind !== 'FuncLit' || p?.kind !== 'CallExpr' || p.fun !== fn || p.parent?.kind !== 'GoStmt') return null;
  return p.parent;
}

export function enclosingFunc(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  return null;
}

/** The function a go statement starts: its literal, or the package function/method it calls. */
export function startedFunc(ti: TypeInfo, go: ast.GoStmt): FuncNode | null {
  const fun = unparenExpr(go.call.fun);
  if (fun.kind === 'FuncLit') return fun;
  return ti.callee(go.call);
}

/** The parameter of `entry` that receives the argument `arg` of `call`. */
export function paramFor(pkg: PackageModel, entry: FuncNode, call: ast.CallExpr, arg: ast.Ident): Binding | null {
  let at = -1;
  call.args.forEach((a, i) => {
    if (unparenExpr(a) === arg) at = i;
  });
  if (at < 0 || call.ellipsis >= 0) return null;
  let i = 0;
  for (const f of entry.type.params.list) {
    if (f.type?.kind === 'Ellipsis') return null;
    for (const n of f.names) {
      if (i === at) return pkg.bindingOf(n) ?? null;
      i++;
    }
    if (f.names.length === 0) i++;
  }
  return null;
}

/**
 * A select case on a channel of `fn` that can never proceed: a send on a channel that nobody
 * receives from or closes, or a receive from one that nobody sends on or closes. The select
 * always takes another case (`select { case c <- v: case unused <- v: }` sends on c).
 */
export function neverReady(pkg: PackageModel, fn: FuncNode, clause: ast.CommClause): boolean {
  const comm = clause.comm;
  if (!comm) return false;
  let chan: ast.Expr | null = null;
  let send = false;
  if (comm.kind === 'SendStmt') {
    chan = comm.chan;
    send = true;
  } else {
    const x = comm.kind === 'ExprStmt' ? comm.x : comm.kind === 'AssignStmt' && comm.rhs.length === 1 ? comm.rhs[0]! : null;
    const u = x ? unparenExpr(x) : null;
    if (u?.kind === 'UnaryExpr' && u.op === Tok.ARROW) chan = u.x;
  }
  const id = chan ? unparenExpr(chan) : null;
  const b = id?.kind === 'Ident' ? pkg.bindingOf(id) : undefined;
  const c = b ? localChans(pkg, fn).find((l) => l.binding === b) : undefined;
  if (!c || c.open) return false;
  const uses = [...c.direct, ...[...c.parties.values()].flatMap((p) => p.uses)];
  const partner: readonly string[] = send ? ['recv', 'range', 'close', 'deferClose'] : ['send', 'close', 'deferClose'];
  return !uses.some((u) => partner.includes(u.kind));
}
