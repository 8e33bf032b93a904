// Every use of one channel variable, classified: the operations on it (send, receive, range,
// close, len/cap), the places where it is handed to someone else (a goroutine, a call, a store,
// a return, another variable), and in which function each use sits. Leak and misuse rules ask
// "who else could receive, send or close this channel?": when the answer is "only the code we
// can see", the uses say what that code does.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { builtinName } from './calls.js';
import { enclosingLoopOf } from './concurrency.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';

export type ChanUseKind =
  | 'send'
  | 'recv'
  | 'range'
  | 'close'
  /** `defer close(ch)`: closes when the function returns. */
  | 'deferClose'
  /** len(ch), cap(ch), ch == nil: no effect on the channel. */
  | 'inspect'
  /** An argument of the call a go statement starts: `go worker(ch)`. */
  | 'goArg'
  /** Assigned a new value: `ch = make(...)`, `ch = nil`. */
  | 'assign'
  /** Anything that lets other code reach the channel: call argument, store, return, send, alias. */
  | 'escape';

export interface ChanUse {
  kind: ChanUseKind;
  ident: ast.Ident;
  /** The operation: SendStmt, receive UnaryExpr, RangeStmt, close/len CallExpr, GoStmt, or the ident. */
  node: ast.Node;
  /** The innermost function containing the use. */
  fn: FuncNode;
  /** The select statement when the operation is one of its cases. */
  select: ast.SelectStmt | null;
  /** The select has a default case or other cases: the operation is not the only way on. */
  guarded: boolean;
  /** Inside a loop of its function. */
  inLoop: boolean;
}

/** Every reference to `b` in the function that declares it, or in `within` (and the literals nested in it). */
export function chanUses(pkg: PackageModel, b: Binding, within: FuncNode | null = b.owner): ChanUse[] {
  const out: ChanUse[] = [];
  const body = within?.body;
  if (!body) return out;
  for (const id of pkg.identsOf(b)) {
    if (id === b.ident || !pkg.contains(body, id)) continue;
    out.push(classify(pkg, id, pkg.enclosingFunction(id)!));
  }
  return out;
}

/** Uses of a parameter (or other binding) inside one function body only. */
export function chanUsesIn(pkg: PackageModel, b: Binding, fn: FuncNode): ChanUse[] {
  return chanUses(pkg, b).filter((u) => u.ident.pos >= fn.pos && u.ident.end <= fn.end);
}

function classify(pkg: PackageModel, id: ast.Ident, fn: FuncNode): ChanUse {
  let e: ast.Node = id;
  while (e.parent?.kind === 'ParenExpr') e = e.parent;
  const p = e.parent;
  const use = (kind: ChanUseKind, node: ast.Node): ChanUse => {
    const sel = commSelect(node);
    const guarded = sel !== null && sel.body.list.some((c) => c.kind === 'CommClause' && (c.comm === null || !containsNode(c.comm, node)));
    return { kind, ident: id, node, fn, select: sel, guarded, inLoop: enclosingLoopOf(node, fn) !== null };
  };
  switch (p?.kind) {
    case 'SendStmt':
      return use(p.chan === e ? 'send' : 'escape', p);
    case 'UnaryExpr':
      if (p.op === Tok.ARROW) return use('recv', p);
      return use('escape', id);
    case 'RangeStmt':
      return use(p.x === e ? 'range' : 'assign', p);
    case 'CallExpr': {
      if (!p.args.includes(e as ast.Expr)) return use('escape', id);
      const builtin = builtinName(pkg, p);
      if (builtin === 'close') return use(p.parent?.kind === 'DeferStmt' && p.parent.call === p ? 'deferClose' : 'close', p);
      if (builtin === 'len' || builtin === 'cap') return use('inspect', p);
      if (p.parent?.kind === 'GoStmt' && p.parent.call === p) return use('goArg', p.parent);
      return use('escape', id);
    }
    case 'AssignStmt':
      return use(p.lhs.includes(e as ast.Expr) ? 'assign' : 'escape', p);
    case 'IncDecStmt':
      return use('assign', p);
    case 'BinaryExpr':
      return use(p.op === Tok.EQL || p.op === Tok.NEQ ? 'inspect' : 'escape', p);
    default:
      return use('escape', id);
  }
}

/** The select statement whose case is exactly this operation (`case ch <- v`, `case v := <-ch`). */
export function commSelect(op: ast.Node): ast.SelectStmt | null {
  let stmt: ast.Node | undefined = op;
  if (op.kind === 'UnaryExpr') {
    stmt = op.parent;
    while (stmt?.kind === 'ParenExpr') stmt = stmt.parent;
    if (stmt?.kind === 'AssignStmt' && stmt.rhs.length !== 1) return null;
    if (stmt?.kind !== 'ExprStmt' && stmt?.kind !== 'AssignStmt') return null;
  }
  const clause = stmt?.parent;
  if (clause?.kind !== 'CommClause' || clause.comm !== stmt) return null;
  const sel = clause.parent?.parent;
  return sel?.kind === 'SelectStmt' ? sel : null;
}

function containsNode(outer: ast.Node, inner: ast.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** The receive expressions `<-x` in a statement or expression, not entering function literals. */
export function receivesIn(n: ast.Node): ast.UnaryExpr[] {
  const out: ast.UnaryExpr[] = [];
  inspect(n, (m) => {
    if (m.kind === 'FuncLit') return false;
    if (m.kind === 'UnaryExpr' && m.op === Tok.ARROW) out.push(m);
    return true;
  });
  return out;
}

/** The variable a channel operand names directly: `ch` in `<-ch`, `ch <- v`, `close(ch)`. */
export function operandBinding(pkg: PackageModel, e: ast.Expr): Binding | undefined {
  const x = unparenExpr(e);
  return x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
}
