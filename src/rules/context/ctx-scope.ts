// Which context a piece of code could have used: a context.Context parameter, the request of an
// HTTP handler, or a context field of the method's receiver, found by walking out through the
// enclosing function literals that run while the outer function is still running.

import type * as ast from '../../parse/ast.js';
import { type FileModel, type PackageModel, receiverTypeName } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isNamed } from '../../model/types.js';

export type CtxSource =
  | { k: 'param'; binding: Binding; fn: FuncNode }
  | { k: 'request'; binding: Binding; fn: FuncNode }
  | { k: 'field'; recv: Binding; field: string; fn: ast.FuncDecl };

/** Text that names the context, e.g. `ctx`, `r.Context()`, `s.ctx`. */
export function ctxText(src: CtxSource): string {
  switch (src.k) {
    case 'param':
      return src.binding.name;
    case 'request':
      return `${src.binding.name}.Context()`;
    case 'field':
      return `${src.recv.name}.${src.field}`;
  }
}

/** Methods that start, replace or end the receiver's context and legitimately use another. */
const LIFECYCLE_METHOD =
  /^(new|init|start|run|serve|open|close|stop|shutdown|cleanup|release|reset|finish|finalize|dispose|terminate|teardown|kill)/i;

/**
 * The context in scope where `node` runs in `fn`, walking out through function literals that
 * run synchronously (called in place or passed to a call); null when a literal may run later
 * (started with go, deferred, stored) or no context is in scope.
 */
export function ctxInScope(pkg: PackageModel, fn: FuncNode): CtxSource | null {
  const ti = TypeInfo.of(pkg);
  for (let f: FuncNode | null = fn; f !== null; f = f.kind === 'FuncLit' ? (pkg.funcParents.get(f) ?? null) : null) {
    const found = ctxParam(pkg, ti, f);
    if (found) return found;
    if (f.kind === 'FuncDecl') return ctxField(pkg, ti, f);
    if (!runsInPlace(pkg, f)) return null;
  }
  return null;
}

function ctxParam(pkg: PackageModel, ti: TypeInfo, f: FuncNode): CtxSource | null {
  let request: CtxSource | null = null;
  for (const field of f.type.params.list) {
    if (!field.type) continue;
    const t = ti.typeFromExpr(field.type);
    for (const name of field.names) {
      if (name.name === '_') continue;
      const b = pkg.bindingOf(name);
      if (!b) continue;
      if (isNamed(t, 'context', 'Context')) return { k: 'param', binding: b, fn: f };
      if (request === null && isNamed(deref(t), 'net/http', 'Request') && t.k === 'ptr') request = { k: 'request', binding: b, fn: f };
    }
  }
  return request;
}

function ctxField(pkg: PackageModel, ti: TypeInfo, f: ast.FuncDecl): CtxSource | null {
  const recvName = f.recv?.list[0]?.names[0];
  const typeName = receiverTypeName(f);
  if (!recvName || recvName.name === '_' || typeName === null || LIFECYCLE_METHOD.test(f.name.name)) return null;
  const recv = pkg.bindingOf(recvName);
  const spec = pkg.typeSpec(typeName);
  if (!recv || !spec || spec.type.kind !== 'StructType') return null;
  for (const field of spec.type.fields.list) {
    if (!field.type || field.names.length !== 1 || !isNamed(ti.typeFromExpr(field.type), 'context', 'Context')) continue;
    const name = field.names[0]!.name;
    if (assignsField(pkg, f, name)) return null; // the method sets up the context itself
    return { k: 'field', recv, field: name, fn: f };
  }
  return null;
}

function assignsField(pkg: PackageModel, f: ast.FuncDecl, field: string): boolean {
  void pkg;
  let found = false;
  const stack: ast.Node[] = f.body ? [f.body] : [];
  while (stack.length > 0 && !found) {
    const n = stack.pop()!;
    if (n.kind === 'AssignStmt') {
      for (const l of n.lhs) {
        const x = unparenExpr(l);
        if (x.kind === 'SelectorExpr' && x.sel.name === field) found = true;
      }
    }
    if (n.kind === 'BlockStmt') stack.push(...n.list);
    else if (n.kind === 'IfStmt') {
      if (n.init) stack.push(n.init);
      stack.push(n.body);
      if (n.else) stack.push(n.else);
    } else if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') stack.push(n.body);
    else if (n.kind === 'SwitchStmt' || n.kind === 'TypeSwitchStmt' || n.kind === 'SelectStmt') stack.push(n.body);
    else if (n.kind === 'CaseClause' || n.kind === 'CommClause') stack.push(...n.body);
  }
  return found;
}

/** Callbacks that run later, after the caller may have returned. */
const DEFERRED_CALLBACKS = new Set(['AfterFunc', 'Cleanup', 'RegisterOnShutdown', 'OnShutdown', 'SetFinalizer', 'AddCleanup']);

/**
 * A function literal called in place or handed to a call that runs it before returning. A
 * sync.Once callback runs in place but sets up something shared by every later caller, so the
 * first caller's context is not its context.
 */
export function runsInPlace(pkg: PackageModel, lit: ast.FuncLit): boolean {
  let e: ast.Node = lit;
  let p = lit.parent;
  while (p?.kind === 'ParenExpr') {
    e = p;
    p = p.parent;
  }
  if (p?.kind !== 'CallExpr') return false;
  const stmt = p.parent;
  if (stmt?.kind === 'GoStmt' || stmt?.kind === 'DeferStmt') return false;
  if (p.fun === e) return true;
  const fun = unparenExpr(p.fun);
  const name = fun.kind === 'SelectorExpr' ? fun.sel.name : fun.kind === 'Ident' ? fun.name : '';
  if (fun.kind === 'SelectorExpr' && name === 'Do' && isNamed(deref(TypeInfo.of(pkg).typeOf(fun.x)), 'sync', 'Once')) return false;
  return !DEFERRED_CALLBACKS.has(name);
}

/** Comments on the lines of `node` and the comment block right above it. */
export function commentsAt(file: FileModel, node: ast.Node): string {
  const first = file.lines.position(node.pos).line;
  const last = file.lines.position(node.end).line;
  const lineOf = (offset: number): number => file.lines.position(offset).line;
  const comments = file.ast.comments;
  const out: string[] = [];
  let above = -1;
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i]!;
    const line = lineOf(c.pos);
    if (line > last) break;
    if (line >= first) out.push(c.text);
    else if (lineOf(c.end) === first - 1) above = i;
  }
  // walk up the contiguous block that ends on the line above
  for (let i = above, want = first - 1; i >= 0; i--) {
    const c = comments[i]!;
    if (lineOf(c.end) !== want) break;
    out.push(c.text);
    want = lineOf(c.pos) - 1;
  }
  // analysistest-style expectations are not comments about the code
  return out.filter((t) => !/^\/\/\s*want\s/.test(t)).join('\n');
}
