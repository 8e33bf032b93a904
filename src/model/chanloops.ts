// Loops and paths as the channel-leak analyses see them: the statements that leave a loop, loops
// that run a constant number of times (so that `for i := 0; i < 2; i++ { go f() }` starts exactly
// two goroutines), and the calls by which a test reports its own failure (after which a test that
// leaves goroutines behind has already failed).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { forEachChild, inspect } from '../parse/walk.js';
import { isMethodOn, isNoReturnStmt } from './calls.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';

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

/** The node sits inside a for/range loop of `fn` (not counting loops of enclosing functions). */
export function insideLoopOf(node: ast.Node, fn: FuncNode): boolean {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return true;
    if (n.kind === 'FuncLit') return false;
  }
  return false;
}

/**
 * The number of iterations of `for i := 0; i < K; i++` (or `<= K`, or `for range K`) with a literal
 * K, when the body never changes i and cannot leave early; null otherwise.
 */
export function constTrips(pkg: PackageModel, loop: ast.ForStmt | ast.RangeStmt): number | null {
  if (exitsOfLoop(pkg, loop).length > 0) return null;
  if (loop.kind === 'RangeStmt') return intLit(loop.x);
  const { init, cond, post } = loop;
  if (init?.kind !== 'AssignStmt' || init.lhs.length !== 1 || init.rhs.length !== 1 || intLit(init.rhs[0]!) !== 0) return null;
  const v = unparenExpr(init.lhs[0]!);
  const b = v.kind === 'Ident' ? pkg.bindingOf(v) : undefined;
  if (!b || !cond || !post || post.kind !== 'IncDecStmt' || post.tok !== Tok.INC || !names(pkg, post.x, b)) return null;
  const c = unparenExpr(cond);
  if (c.kind !== 'BinaryExpr' || !names(pkg, c.x, b)) return null;
  const k = intLit(c.y);
  if (k === null || (c.op !== Tok.LSS && c.op !== Tok.LEQ)) return null;
  if (assignedIn(pkg, loop.body, b)) return null;
  return c.op === Tok.LSS ? k : k + 1;
}

/** The innermost loop around a statement, with its trip count, when the statement runs once per iteration. */
export function countedLoopOf(
  pkg: PackageModel,
  stmt: ast.Stmt,
  fn: FuncNode,
): { loop: ast.ForStmt | ast.RangeStmt; trips: number } | null {
  let n: ast.Node = stmt;
  while (n.parent?.kind === 'BlockStmt' && n.parent.parent?.kind === 'BlockStmt') n = n.parent; // plain nested blocks
  const block = n.parent;
  const loop = block?.parent;
  if (block?.kind !== 'BlockStmt' || (loop?.kind !== 'ForStmt' && loop?.kind !== 'RangeStmt') || loop.body !== block) return null;
  if (!insideOf(loop, fn)) return null;
  const trips = constTrips(pkg, loop);
  return trips === null ? null : { loop, trips };
}

function insideOf(node: ast.Node, fn: FuncNode): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (n === fn) return true;
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return false;
  }
  return false;
}

function intLit(e: ast.Expr): number | null {
  const x = unparenExpr(e);
  if (x.kind !== 'BasicLit' || x.litKind !== Tok.INT || !/^(0|[1-9][0-9_]*)$/.test(x.value)) return null;
  return Number(x.value.replace(/_/g, ''));
}

function names(pkg: PackageModel, e: ast.Expr, b: Binding): boolean {
  const x = unparenExpr(e);
  return x.kind === 'Ident' && pkg.bindingOf(x) === b;
}

function assignedIn(pkg: PackageModel, body: ast.Node, b: Binding): boolean {
  let found = false;
  inspect(body, (n) => {
    if (found) return false;
    if (n.kind === 'AssignStmt') found = n.lhs.some((l) => names(pkg, l, b));
    else if (n.kind === 'IncDecStmt') found = names(pkg, n.x, b);
    else if (n.kind === 'UnaryExpr' && n.op === Tok.AND) found = names(pkg, n.x, b);
    return !found;
  });
  return found;
}

const TEST_TYPES = ['T', 'B', 'F', 'TB'];

/** `t.Error(...)`, `t.Errorf(...)`, `b.Fail()`: the test has failed (and goes on to return). */
export function reportsTestFailure(pkg: PackageModel, node: ast.Node): boolean {
  if (node.kind !== 'ExprStmt') return false;
  const call = unparenExpr(node.x);
  if (call.kind !== 'CallExpr') return false;
  return TEST_TYPES.some((t) => isMethodOn(pkg, call, 'testing', t, 'Error', 'Errorf', 'Fail'));
}

/** Where an exit is reported: the statement, or the closing brace when the body runs to its end. */
export function exitSpan(at: ast.Node, kind: 'return' | 'end' | 'panic'): ast.Node {
  if (kind !== 'end') return at;
  return { kind: 'EmptyStmt', implicit: true, pos: at.end - 1, end: at.end, parent: at } as ast.Node;
}
