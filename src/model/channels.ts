// Channels: the operations a function performs on channels (send, receive, range, close,
// inside a select or not), and where a channel variable comes from (its make and buffer size).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, kindSet } from '../parse/walk.js';
import { builtinName } from './calls.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { makeChanCapacity, TypeInfo, unparenExpr } from './typeinfo.js';

const CHAN_OP_KINDS = kindSet(['SelectStmt', 'SendStmt', 'UnaryExpr', 'RangeStmt', 'CallExpr']);

export type ChanOpKind = 'send' | 'recv' | 'range' | 'close';

export interface ChanOp {
  kind: ChanOpKind;
  /** The statement or expression performing it: SendStmt, UnaryExpr (<-ch), RangeStmt, close call. */
  node: ast.Node;
  /** The channel operand. */
  chan: ast.Expr;
  fn: FuncNode;
  /** The select statement when the op is one of its cases. */
  select: ast.SelectStmt | null;
  /** True when that select has a default case (the op never blocks). */
  nonBlocking: boolean;
}

export function isChanType(pkg: PackageModel, e: ast.Expr): boolean {
  const ti = TypeInfo.of(pkg);
  return ti.underlying(ti.typeOf(e)).k === 'chan';
}

/** Channel operations in a function body, not entering nested function literals. */
export function chanOpsIn(pkg: PackageModel, fn: FuncNode): readonly ChanOp[] {
  const memo = pkg.analysis('channels:ops', () => new Map<FuncNode, readonly ChanOp[]>());
  let ops = memo.get(fn);
  if (!ops) memo.set(fn, (ops = collectChanOps(pkg, fn)));
  return ops;
}

function collectChanOps(pkg: PackageModel, fn: FuncNode): ChanOp[] {
  const out: ChanOp[] = [];
  if (!fn.body) return out;
  const caseOps = new Set<ast.Node>();
  eachOfKinds(fn.body, CHAN_OP_KINDS, (n) => {
    switch (n.kind) {
      case 'SelectStmt': {
        const nonBlocking = n.body.list.some((c) => c.kind === 'CommClause' && c.comm === null);
        for (const c of n.body.list) {
          if (c.kind !== 'CommClause' || !c.comm) continue;
          const op = commOp(c.comm);
          if (!op) continue;
          caseOps.add(op.node);
          out.push({ ...op, fn, select: n, nonBlocking });
        }
        return;
      }
      case 'SendStmt':
        if (!caseOps.has(n)) out.push({ kind: 'send', node: n, chan: n.chan, fn, select: null, nonBlocking: false });
        return;
      case 'UnaryExpr':
        if (n.op === Tok.ARROW && !caseOps.has(n)) out.push({ kind: 'recv', node: n, chan: n.x, fn, select: null, nonBlocking: false });
        return;
      case 'RangeStmt':
        if (isChanType(pkg, n.x)) out.push({ kind: 'range', node: n, chan: n.x, fn, select: null, nonBlocking: false });
        return;
      case 'CallExpr':
        if (builtinName(pkg, n) === 'close' && n.args[0])
          out.push({ kind: 'close', node: n, chan: n.args[0], fn, select: null, nonBlocking: false });
        return;
      default:
        return;
    }
  });
  return out;
}

/** The send or receive of a select case. */
function commOp(comm: ast.Stmt): { kind: ChanOpKind; node: ast.Node; chan: ast.Expr } | null {
  if (comm.kind === 'SendStmt') return { kind: 'send', node: comm, chan: comm.chan };
  const x = comm.kind === 'ExprStmt' ? comm.x : comm.kind === 'AssignStmt' ? comm.rhs[0] : undefined;
  const recv = x ? unparenExpr(x) : undefined;
  if (recv?.kind === 'UnaryExpr' && recv.op === Tok.ARROW) return { kind: 'recv', node: recv, chan: recv.x };
  return null;
}

export interface ChanOrigin {
  /** The make call, when the variable is initialised with one. */
  make: ast.CallExpr;
  /** Buffer size: 0 unbuffered, a number for a literal size, null when computed at run time. */
  capacity: number | null;
}

/** Where a channel variable is made, when it is `ch := make(chan T, n)` (or `var ch = make(...)`). */
export function chanOrigin(pkg: PackageModel, b: Binding): ChanOrigin | null {
  if (b.source.k !== 'init' || b.source.ofTuple) return null;
  const init = unparenExpr(b.source.expr);
  if (init.kind !== 'CallExpr' || builtinName(pkg, init) !== 'make') return null;
  const t = init.args[0];
  if (!t || unparenExpr(t).kind !== 'ChanType') return null;
  return { make: init, capacity: makeChanCapacity(init) };
}

/** The variable a channel expression names directly (`ch`, not `s.ch`), if any. */
export function chanBinding(pkg: PackageModel, e: ast.Expr): Binding | undefined {
  const x = unparenExpr(e);
  return x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
}
