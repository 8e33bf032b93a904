import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { builtinName, isNoReturnStmt } from '../../model/calls.js';
import type { PackageModel } from '../../model/package.js';
import { pools, putValue } from '../../model/pools.js';
import type { Binding } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { where } from '../map-concurrency/race-report.js';

export default defineRule({
  meta: {
    id: 'pool-use-after-put',
    family: 'sync-pool-atomic',
    severity: 'error',
    category: 'correctness',
    title: 'pooled value used after it was put back',
    docs: {
      why:
        'Put gives the object away: the next Get, in any goroutine, may return it at once. Reading or writing it ' +
        'afterwards races with its new owner, and slices obtained from it before the Put (`buf.Bytes()`, `b[:n]`) ' +
        'point into memory the new owner is overwriting. The classic form returns `buf.Bytes()` after putting the ' +
        'buffer back: the caller receives bytes that change under it.',
      bad: `package p

import (
	"bytes"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(name string) []byte {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString("hello, ")
	buf.WriteString(name)
	out := buf.Bytes()
	bufs.Put(buf)
	return out
}
`,
      good: `package p

import (
	"bytes"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(name string) []byte {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString("hello, ")
	buf.WriteString(name)
	out := bytes.Clone(buf.Bytes())
	bufs.Put(buf)
	return out
}
`,
      fix: 'Finish every use before Put (often: `defer pool.Put(v)`), and copy what must outlive it (`bytes.Clone(buf.Bytes())`, `buf.String()`).',
      seeAlso: ['https://pkg.go.dev/sync#Pool', 'seed 002 §2.4: "after Put the object may be taken by any goroutine"'],
    },
    messages: {
      direct: '{value} is used after it went back to {pool} at {put}: another goroutine may already have it from Get',
      alias: '{alias} still points into the memory of {value} ({how}), which went back to {pool} at {put}: another goroutine may already be overwriting it',
    },
    help: {
      direct: 'move the Put after the last use of {value} (or defer it)',
      alias: 'copy the data before the Put (bytes.Clone, string(...)), or move the Put after the last use of {alias}',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '池化的值放回之后仍被使用',
        why: 'Put 意味着把对象交出去：下一次 Get（在任意 goroutine 中）可能立刻拿到它。之后再读写它，就与它的新主人发生竞争；Put 之前从它得到的 slice（`buf.Bytes()`、`b[:n]`）指向的内存正在被新主人覆盖。典型写法是先把缓冲区放回池、再返回 `buf.Bytes()`：调用方拿到的字节会在手里被改掉。',
        fix: '在 Put 之前完成所有使用（常见做法：`defer pool.Put(v)`），需要活得更久的数据先复制出来（`bytes.Clone(buf.Bytes())`、`buf.String()`）。',
        messages: {
          direct: '{value} 在 {put} 放回 {pool} 之后仍被使用：另一个 goroutine 可能已经通过 Get 拿到了它',
          alias: '{alias} 仍然指向 {value} 的内存（{how}），而 {value} 已在 {put} 放回 {pool}：另一个 goroutine 可能正在覆盖它',
        },
        help: {
          direct: '把 Put 移到 {value} 最后一次使用之后（或者用 defer）',
          alias: '在 Put 之前复制数据（bytes.Clone、string(...)），或者把 Put 移到 {alias} 最后一次使用之后',
        },
      },
    },
    since: '0.1.0',
    mentions: ['.Put('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    for (const put of pools(pkg).puts) {
      if (put.deferred) continue;
      const { binding: v } = putValue(pkg, put.arg);
      if (!v || !v.owner) continue;
      const tracked = new Map<Binding, string>([[v, '']]);
      for (const [alias, how] of aliasesBefore(pkg, v, put.call.pos)) tracked.set(alias, how);
      const use = firstUseAfter(pkg, put.call, tracked);
      if (!use) continue;
      const how = tracked.get(use.binding) ?? '';
      ctx.report({
        node: use.ident,
        messageId: use.binding === v ? 'direct' : 'alias',
        data: { value: v.name, alias: use.binding.name, how, pool: put.poolText, put: where(ctx, use.ident, put.call) },
        related: [{ node: put.call, message: `${v.name} goes back to the pool here` }],
      });
    }
  },
});

/** Locals made from `v` before `pos` that share its memory: `b.Bytes()`, `v[:n]`, `*v`, `v`. */
function aliasesBefore(pkg: PackageModel, v: Binding, pos: number): Map<Binding, string> {
  const out = new Map<Binding, string>();
  const fn = v.owner;
  if (!fn?.body) return out;
  const rooted = (e: ast.Expr, depth = 0): string | null => {
    const x = unparenExpr(e);
    if (depth > 4) return null;
    if (x.kind === 'Ident') return pkg.bindingOf(x) === v && depth > 0 ? '' : null;
    let inner: ast.Expr | null = null;
    let how = '';
    if (x.kind === 'CallExpr' && x.args.length === 0) {
      const f = unparenExpr(x.fun);
      if (f.kind === 'SelectorExpr' && (f.sel.name === 'Bytes' || f.sel.name === 'AvailableBuffer')) {
        inner = f.x;
        how = `from ${v.name}.${f.sel.name}()`;
      }
    } else if (x.kind === 'CallExpr' && builtinName(pkg, x) === 'append' && x.args[0]) {
      inner = x.args[0];
      how = `appended into the array of ${v.name}`;
    } else if (x.kind === 'SliceExpr') {
      inner = x.x;
      how = `a slice of ${v.name}`;
    } else if (x.kind === 'StarExpr') {
      inner = x.x;
      how = `a copy of *${v.name} that shares its elements`;
    }
    if (inner === null) return null;
    const below = rooted(inner, depth + 1);
    return below === null ? null : below || how;
  };
  inspect(fn.body, (n) => {
    if (n.pos >= pos) return false;
    if (n.kind !== 'AssignStmt' || n.lhs.length !== n.rhs.length) return true;
    n.lhs.forEach((l, i) => {
      const lb = l.kind === 'Ident' ? pkg.bindingOf(l) : undefined;
      if (!lb || lb.kind !== 'var' || lb === v) return;
      const how = rooted(n.rhs[i]!);
      if (how) out.set(lb, how);
      else out.delete(lb);
    });
    return true;
  });
  return out;
}

/**
 * The first use of a tracked variable on a path after the Put: the statements after it in its
 * block and in the enclosing blocks, until a statement list ends the path (return, panic,
 * break, continue) or the variable is assigned a new value.
 */
function firstUseAfter(pkg: PackageModel, put: ast.CallExpr, tracked: Map<Binding, string>): { ident: ast.Ident; binding: Binding } | null {
  const live = new Set(tracked.keys());
  let child: ast.Node = put;
  for (let n = put.parent; n !== undefined && n.kind !== 'FuncLit' && n.kind !== 'FuncDecl'; child = n, n = n.parent) {
    // the other clauses of a switch or select do not run after this one
    const clauses = n.kind === 'BlockStmt' && (n.parent?.kind === 'SwitchStmt' || n.parent?.kind === 'TypeSwitchStmt' || n.parent?.kind === 'SelectStmt');
    const list = clauses ? null : n.kind === 'BlockStmt' ? n.list : n.kind === 'CaseClause' || n.kind === 'CommClause' ? n.body : null;
    if (!list) continue;
    const at = list.indexOf(child as ast.Stmt);
    if (at < 0) continue;
    for (const stmt of list.slice(at + 1)) {
      const hit = useIn(pkg, stmt, live);
      if (hit) return hit;
      if (ends(pkg, stmt)) return null;
    }
  }
  return null;
}

function useIn(pkg: PackageModel, stmt: ast.Stmt, live: Set<Binding>): { ident: ast.Ident; binding: Binding } | null {
  // `v = x` gives v a new value: later uses are fine (uses on its right side are not)
  if (stmt.kind === 'AssignStmt' && (stmt.tok === Tok.ASSIGN || stmt.tok === Tok.DEFINE)) {
    for (const r of stmt.rhs) {
      const hit = firstIdent(pkg, r, live);
      if (hit) return hit;
    }
    for (const l of stmt.lhs) {
      const x = unparenExpr(l);
      const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
      if (b && live.has(b)) live.delete(b);
      else {
        const hit = firstIdent(pkg, l, live);
        if (hit) return hit;
      }
    }
    return null;
  }
  return firstIdent(pkg, stmt, live);
}

function firstIdent(pkg: PackageModel, root: ast.Node, live: Set<Binding>): { ident: ast.Ident; binding: Binding } | null {
  let found: { ident: ast.Ident; binding: Binding } | null = null;
  inspect(root, (n) => {
    if (found) return false;
    if (n.kind === 'Ident') {
      const b = pkg.bindingOf(n);
      if (b && live.has(b) && b.ident !== n && !isNilComparison(n)) found = { ident: n, binding: b };
    }
    return true;
  });
  return found;
}

/** `v == nil` / `v != nil` only looks at the variable, not at the pooled memory. */
function isNilComparison(id: ast.Ident): boolean {
  const p = id.parent;
  if (p?.kind !== 'BinaryExpr' || (p.op !== Tok.EQL && p.op !== Tok.NEQ)) return false;
  const other = p.x === id ? p.y : p.x;
  return other.kind === 'Ident' && other.name === 'nil';
}

/** A statement after which the path does not continue in this list. */
function ends(pkg: PackageModel, stmt: ast.Stmt): boolean {
  if (stmt.kind === 'ReturnStmt' || stmt.kind === 'BranchStmt') return true;
  if (stmt.kind === 'ExprStmt') {
    if (isNoReturnStmt(pkg, stmt)) return true;
    const x = unparenExpr(stmt.x);
    return x.kind === 'CallExpr' && builtinName(pkg, x) === 'panic';
  }
  return false;
}
