import { callsNamed } from '../../model/calls.js';
import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { inspect } from '../../parse/walk.js';
import { isHandlerSignature } from '../../model/concurrency.js';
import { atLeast } from '../../model/goversion.js';
import { isMainOrInit } from '../../model/lifetime.js';
import { enclosingFunc } from '../../model/obligations.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { commentsAt, type CtxSource, ctxInScope, ctxText } from './ctx-scope.js';

/** Comments that say the fresh context is deliberate. */
const DELIBERATE =
  /detach|outliv|independen|background|uncancel|not (be )?cancel|cancellation|regardless|even (if|when|after)|beyond|surviv|long[- ]?lived|own (context|deadline|timeout)|new context|shutdown|clean ?up/i;

export default defineRule({
  meta: {
    id: 'context-background-in-scope',
    family: 'context',
    severity: 'warning',
    category: 'suspicious',
    title: 'context.Background or TODO used where a context is in scope',
    docs: {
      why:
        'A function that receives a context (a `ctx` parameter, the `*http.Request` of a handler, a context held by its ' +
        'receiver) and calls context.Background() or context.TODO() starts a new tree of cancellation: the work it ' +
        'starts no longer stops when the caller gives up, the client disconnects or the server shuts down, and ' +
        'deadlines and request-scoped values are lost. The goroutines and connections behind it keep running after ' +
        'the request is gone.\n\n' +
        'Not reported: main, init, tests and package-level variables; goroutines and deferred calls (work that must ' +
        'outlive the context on purpose); fallbacks such as `if ctx == nil { ctx = context.Background() }`; contexts ' +
        'stored in fields or returned; and code with a comment saying the fresh context is deliberate.',
      bad: `package p

import (
	"context"
	"database/sql"
)

func userName(ctx context.Context, db *sql.DB, id int) (string, error) {
	var name string
	err := db.QueryRowContext(context.Background(), "SELECT name FROM users WHERE id = ?", id).Scan(&name)
	return name, err
}
`,
      good: `package p

import (
	"context"
	"database/sql"
	"time"
)

func userName(ctx context.Context, db *sql.DB, id int) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name)
	return name, err
}

func audit(ctx context.Context, db *sql.DB, id int) {
	go func() {
		// the audit record must be written even when the request is cancelled
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		db.ExecContext(ctx, "INSERT INTO audit VALUES (?)", id)
	}()
}
`,
      fix:
        'Pass the context in scope (or one derived from it). When the work must outlive it on purpose, use ' +
        'context.WithoutCancel(ctx) (Go 1.21+), which keeps its values but not its cancellation, or leave a comment ' +
        'saying why.',
      seeAlso: ['contextcheck (golangci-lint)', 'https://pkg.go.dev/context#WithoutCancel'],
    },
    messages: {
      param:
        '{call} cuts cancellation: {ctx} is in scope here, and work started with a fresh context does not stop when the caller gives up',
      request: '{call} in a request handler cuts cancellation: use {ctx} so the work stops when the client goes away',
      field: '{call} cuts cancellation: the receiver holds {ctx}, and work started with a fresh context ignores it',
    },
    help: {
      param: 'Pass {ctx} (or a context derived from it). {detach}',
      request: 'Pass {ctx} (or a context derived from it). {detach}',
      field: 'Pass {ctx} (or a context derived from it). {detach}',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '作用域内已有 context 时却使用了 context.Background 或 TODO',
        why: '一个拿到了 context 的函数（`ctx` 参数、handler 的 `*http.Request`、接收者持有的 context）如果调用 context.Background() 或 context.TODO()，就开启了一棵新的取消树：它启动的工作不会在调用方放弃、客户端断开或服务关闭时停止，截止时间和请求范围内的值也都丢了。请求结束后，背后的 goroutine 和连接还在继续运行。\n\n不报告的情况：main、init、测试和包级变量；goroutine 和 defer 调用（有意要比 context 活得更久的工作）；`if ctx == nil { ctx = context.Background() }` 这类兜底；存到字段里或被返回的 context；以及有注释说明新建 context 是有意为之的代码。',
        fix: '传入作用域内的 context（或从它派生的 context）。如果工作确实需要比它活得更久，使用 context.WithoutCancel(ctx)（Go 1.21+），它保留 context 中的值但不继承取消；或者写一条注释说明原因。',
        messages: {
          param: '{call} 切断了取消链：这里的作用域内已有 {ctx}，用新 context 启动的工作不会在调用方放弃时停止',
          request: '请求 handler 中的 {call} 切断了取消链：请使用 {ctx}，这样客户端断开时工作也会停止',
          field: '{call} 切断了取消链：接收者持有 {ctx}，用新 context 启动的工作会忽略它',
        },
        help: {
          param: '传入 {ctx}（或从它派生的 context）。{detach}',
          request: '传入 {ctx}（或从它派生的 context）。{detach}',
          field: '传入 {ctx}（或从它派生的 context）。{detach}',
        },
      },
    },
    since: '0.1.0',
    mentions: ['context', 'Context'],
  },
  checkPackage(ctx) {
    const ti = TypeInfo.of(ctx.pkg);
    for (const call of callsNamed(ctx.pkg, { selector: ['Background', 'TODO'] })) {
      const callee = ti.qualifiedCallee(call);
      if (callee !== 'context.Background' && callee !== 'context.TODO') continue;
      const file = ctx.pkg.fileOfNode(call);
      if (!file || file.isTest || file.isGenerated) continue;
      const fn = enclosingFunc(call);
      if (fn === null || isMainOrInit(ctx.pkg, fn)) continue;
      const src = ctxInScope(ctx.pkg, fn);
      if (src === null || deliberate(ctx.pkg, call, src) || compatWrapper(call, fn)) continue;
      if (DELIBERATE.test(commentsAt(file, statementOf(call, fn)))) continue;
      if (/context\.(Background|TODO)/.test(commentsAt(file, { ...fn, end: fn.pos } as ast.Node))) continue; // documented behaviour
      const text = ctxText(src);
      const detach = atLeast(ctx.goVersion, 21)
        ? `If the work must outlive it on purpose, use context.WithoutCancel(${text}), which keeps its values but not its cancellation.`
        : 'If the work must outlive it on purpose, say so in a comment.';
      // r.Context() of a handler's request, or of a request being sent (RoundTrip, Do): a context like any other
      const messageId = src.k === 'request' && !isHandlerSignature(ctx.pkg, src.fn.type) ? 'param' : src.k;
      ctx.report({
        node: call,
        messageId,
        data: { call: `${callee}()`, ctx: text, detach },
        related: [
          {
            node: declOf(src),
            message:
              src.k === 'field'
                ? `${text} is a field of the receiver`
                : `${src.k === 'request' ? src.binding.name : text} is a parameter of ${fnName(src.fn)}`,
          },
        ],
        fixes: replaceFix(ctx, call, fn, src, text),
      });
    }
  },
});

/** `func (t *T) Query(q string) { return t.QueryContext(context.Background(), q) }`: the API without a context. */
function compatWrapper(call: ast.CallExpr, fn: FuncNode): boolean {
  const outer = call.parent;
  if (fn.kind !== 'FuncDecl' || outer?.kind !== 'CallExpr' || outer.args[0] !== call) return false;
  const fun = unparenExpr(outer.fun);
  const name = fun.kind === 'SelectorExpr' ? fun.sel.name : fun.kind === 'Ident' ? fun.name : '';
  const base = fn.name.name.toLowerCase();
  return [base + 'context', base + 'withcontext', base + 'ctx'].includes(name.toLowerCase());
}

function fnName(fn: FuncNode): string {
  return fn.kind === 'FuncDecl' ? fn.name.name : 'this function literal';
}

function declOf(src: CtxSource): ast.Node {
  if (src.k === 'field') return src.fn.recv!;
  return src.binding.ident!;
}

/** The statement that holds the call (comments above it say why). */
function statementOf(call: ast.CallExpr, fn: FuncNode): ast.Node {
  let stmt: ast.Node = call;
  for (let n = call.parent; n !== undefined && n !== fn; n = n.parent) {
    const p = n.parent;
    if (p?.kind === 'BlockStmt' || p?.kind === 'CaseClause' || p?.kind === 'CommClause') {
      stmt = n;
      break;
    }
  }
  return stmt;
}

/**
 * The fresh context is deliberate: it runs in a goroutine or a deferred call, sits in a
 * branch that tests the context (nil fallback, already done), is assigned to the context
 * variable itself, or ends up stored or returned (a lifetime of its own).
 */
function deliberate(pkg: PackageModel, call: ast.CallExpr, src: CtxSource): boolean {
  const ctxBinding = src.k === 'field' ? null : src.binding;
  let child: ast.Node = call;
  for (let n = call.parent; n !== undefined; child = n, n = n.parent) {
    switch (n.kind) {
      case 'GoStmt':
      case 'DeferStmt':
        return true;
      case 'IfStmt':
        if (child !== n.init && mentions(pkg, n.cond, ctxBinding, src)) return true;
        break;
      case 'CaseClause':
        if (n.list.some((e) => mentions(pkg, e, ctxBinding, src))) return true;
        break;
      case 'SwitchStmt':
        if (n.tag && child !== n.tag && mentions(pkg, n.tag, ctxBinding, src)) return true;
        break;
      case 'CommClause':
        if (n.comm && child !== n.comm && mentions(pkg, n.comm, ctxBinding, src)) return true;
        break;
      case 'ReturnStmt':
        // returning the fresh context itself gives it to a caller with its own lifetime
        if (child === call || derivesContext(pkg, child)) return true;
        break;
      case 'AssignStmt':
      case 'ValueSpec': {
        const lhs: readonly ast.Expr[] = n.kind === 'AssignStmt' ? n.lhs : n.names;
        const rhs: readonly ast.Expr[] = n.kind === 'AssignStmt' ? n.rhs : n.values;
        const i = rhs.indexOf(child as ast.Expr);
        if (i < 0) break;
        // the context result: `ctx := <call>` or `ctx, cancel := context.WithX(<call>, ...)`
        if (child !== call && !derivesContext(pkg, child)) break; // the result is not a context
        const target = rhs.length === lhs.length ? lhs[i] : lhs[0];
        if (target && storedAway(pkg, target, child === call, ctxBinding)) return true;
        // `ctx, cancel := context.WithCancel(context.Background())` with cancel called from a
        // goroutine or callback: the function wires its own cancellation
        if (rhs.length === 1 && lhs.length === 2 && child !== call && cancelledFromClosure(pkg, lhs[1]!)) return true;
        break;
      }
      case 'CompositeLit':
        return true;
      case 'FuncDecl':
        return false;
      default:
        break;
    }
  }
  return false;
}

/** context.WithX(...) and friends: calls whose first result is a context. */
function derivesContext(pkg: PackageModel, e: ast.Node): boolean {
  if (e.kind !== 'CallExpr') return false;
  const q = TypeInfo.of(pkg).qualifiedCallee(e);
  return q !== null && (q.startsWith('context.With') || q === 'os/signal.NotifyContext');
}

/** The fresh context is assigned to the context variable itself, a field, an outer variable, or a local that escapes. */
function storedAway(pkg: PackageModel, target: ast.Expr, direct: boolean, ctxBinding: Binding | null): boolean {
  const x = unparenExpr(target);
  if (x.kind !== 'Ident') return true; // a field or an element
  const b = pkg.bindingOf(x);
  if (b === undefined) return false;
  if (b === ctxBinding) return direct; // `ctx = context.Background()`: a fallback
  return b.owner !== enclosingFunc(x) || storedOrReturned(pkg, b);
}

function cancelledFromClosure(pkg: PackageModel, cancel: ast.Expr): boolean {
  const x = unparenExpr(cancel);
  const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  const owner = b?.owner;
  if (!b || !owner?.body) return false;
  let found = false;
  inspect(owner.body, (n) => {
    if (found) return false;
    if (n.kind === 'FuncLit') {
      inspect(n.body, (m) => {
        if (m.kind === 'Ident' && pkg.bindingOf(m) === b) found = true;
        return !found;
      });
      return false;
    }
    return true;
  });
  return found;
}

/** Whether an expression refers to the context in scope (or to a context at all). */
function mentions(pkg: PackageModel, e: ast.Node, ctxBinding: Binding | null, src: CtxSource): boolean {
  let found = false;
  inspect(e, (n) => {
    if (found) return false;
    if (n.kind === 'Ident') {
      const b = pkg.bindingOf(n);
      if (b !== undefined && (b === ctxBinding || (src.k === 'field' && b === src.recv))) found = true;
    }
    return true;
  });
  return found;
}

/** A local context variable that is returned, stored in a field or captured by a goroutine. */
function storedOrReturned(pkg: PackageModel, b: Binding): boolean {
  const owner = b.owner;
  if (!owner?.body) return false;
  let found = false;
  inspect(owner.body, (n) => {
    if (found) return false;
    if (n.kind !== 'Ident' || n === b.ident || pkg.bindingOf(n) !== b) return true;
    for (let p = n.parent; p !== undefined && p !== owner; p = p.parent) {
      if (p.kind === 'GoStmt') found = true; // handed to a goroutine, directly or captured
    }
    let child: ast.Node = n;
    for (let p = n.parent; p !== undefined && p !== owner && !found; child = p, p = p.parent) {
      if (p.kind === 'SelectorExpr') break; // ctx.Err(), ctx.Done(): uses, not the context itself
      if (p.kind === 'CallExpr' && p.fun !== child && !derivesContext(pkg, p)) break; // passed to a call
      if (p.kind === 'ReturnStmt' || p.kind === 'CompositeLit') {
        found = true;
        break;
      }
      if (p.kind === 'AssignStmt' && p.rhs.includes(child as ast.Expr) && p.lhs.some((l) => unparenExpr(l).kind !== 'Ident')) {
        found = true;
        break;
      }
      if (p.kind === 'BlockStmt') break;
    }
    return true;
  });
  return found;
}

/** Replace the call with the context in scope, unless another declaration shadows its name. */
function replaceFix(ctx: RuleContext, call: ast.CallExpr, fn: FuncNode, src: CtxSource, text: string): FixSpec[] {
  const name = src.k === 'field' ? src.recv.name : src.binding.name;
  const keep = src.k === 'field' ? src.recv : src.binding;
  let shadowed = false;
  inspect(src.fn, (n) => {
    if (shadowed) return false;
    if (n.kind === 'Ident' && n.name === name && n.pos < call.pos && n.pos > fn.pos) {
      const b = ctx.pkg.bindingOf(n);
      if (b && b !== keep && b.ident === n) shadowed = true;
    }
    return true;
  });
  if (shadowed) return [];
  return [{ title: `use ${text}`, safe: false, edits: [{ pos: call.pos, end: call.end, text }] }];
}
