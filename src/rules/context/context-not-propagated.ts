import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { inspect } from '../../parse/walk.js';
import { chanOrigin } from '../../model/channels.js';
import { Concurrency, type Root } from '../../model/concurrency.js';
import { endlessLoop } from '../../model/lifetime.js';
import type { FileModel, PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isNamed } from '../../model/types.js';
import { type CtxSource, ctxInScope, ctxText } from './ctx-scope.js';

export default defineRule({
  meta: {
    id: 'context-not-propagated',
    family: 'context',
    severity: 'warning',
    category: 'correctness',
    title: 'goroutine that never stops started where a context is in scope, without that context',
    docs: {
      why:
        'A function that receives a context promises its caller that cancelling it stops the work. A goroutine it ' +
        'starts that loops forever (or ranges over a channel nobody closes) without receiving that context or ' +
        'watching a stop channel breaks the promise: it keeps running — holding memory, connections and tickers — ' +
        'after the caller has cancelled, once per call. This is the classic "ctx parameter unused" goroutine leak.\n\n' +
        'Reported only when the goroutine cannot end by itself: a `for {}` or ticker loop with no return or break, or ' +
        'a `for range ch` over a local channel that is never closed. Goroutines that mention any context, call ' +
        'Done(), or can return are left alone.',
      bad: `package p

import (
	"context"
	"log"
	"time"
)

func StartReporter(ctx context.Context, stats func() int) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for range t.C {
			log.Printf("requests: %d", stats())
		}
	}()
}
`,
      good: `package p

import (
	"context"
	"log"
	"time"
)

func StartReporter(ctx context.Context, stats func() int) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				log.Printf("requests: %d", stats())
			case <-ctx.Done():
				return
			}
		}
	}()
}
`,
      fix: 'Pass the context to the goroutine and return when it is done: `select { case <-ctx.Done(): return; case v := <-work: ... }`; or close the channel it ranges over when the work ends.',
      seeAlso: ['goroutine-leak rules', 'https://go.dev/blog/pipelines'],
    },
    messages: {
      endless: 'goroutine never stops: its loop has no exit and it ignores {ctx}, so it keeps running after {fn} is cancelled',
      unclosed: 'goroutine blocks forever ranging over {ch}, which is never closed, and it ignores {ctx}: cancelling {fn} cannot stop it',
    },
    help: {
      endless: 'Pass {ctx} to the goroutine and return when it is done: add `case <-{ctxDone}: return` to its select.',
      unclosed: 'Close {ch} when the producers are done, or pass {ctx} and select on {ctxDone} next to the receive.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '作用域内有 context，却启动了一个不接收它、且永不停止的 goroutine',
        why: '接收 context 的函数向调用方承诺：取消 context 就能停止工作。如果它启动的 goroutine 永远循环（或者 range 一个没人关闭的 channel），却既不接收这个 context 也不监听停止 channel，就违背了这个承诺：调用方取消之后，它仍然持有内存、连接和 ticker 继续运行，而且每次调用泄漏一个。这就是经典的“ctx 参数没用上”的 goroutine 泄漏。\n\n只在 goroutine 无法自行结束时报告：没有 return 或 break 的 `for {}` 或 ticker 循环，或者对一个从不关闭的局部 channel 做 `for range`。提到了任何 context、调用了 Done()、或者能够 return 的 goroutine 不会被报告。',
        fix: '把 context 传给 goroutine，并在它结束时返回：`select { case <-ctx.Done(): return; case v := <-work: ... }`；或者在工作结束时关闭它 range 的 channel。',
        messages: {
          endless: 'goroutine 永不停止：它的循环没有出口，并且忽略了 {ctx}，所以 {fn} 被取消后它仍在运行',
          unclosed: 'goroutine 在 range {ch} 时永久阻塞：{ch} 从不关闭，而它又忽略了 {ctx}，取消 {fn} 也停不下它',
        },
        help: {
          endless: '把 {ctx} 传给 goroutine，并在它结束时返回：在 select 中加上 `case <-{ctxDone}: return`。',
          unclosed: '在生产者结束时关闭 {ch}，或者传入 {ctx}，在接收旁边 select {ctxDone}。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['context', 'Context'],
  },
  checkPackage(ctx) {
    for (const root of Concurrency.of(ctx.pkg).roots) {
      if (root.kind !== 'go' || root.spawner === null || root.site.kind !== 'GoStmt') continue;
      const file = ctx.pkg.fileOfNode(root.site);
      if (!file || file.isTest || file.isGenerated) continue;
      const src = ctxInScope(ctx.pkg, root.spawner);
      if (src === null || src.k === 'field') continue;
      if (receivesContext(ctx.pkg, root)) continue;
      check(ctx, root, root.site, src);
    }
  },
});

function check(ctx: RuleContext, root: Root, goStmt: ast.GoStmt, src: Exclude<CtxSource, { k: 'field' }>): void {
  const pkg = ctx.pkg;
  const body = root.entry.body;
  if (!body) return;
  const text = ctxText(src);
  const data = {
    ctx: text,
    ctxDone: src.k === 'request' ? `${src.binding.name}.Context().Done()` : `${text}.Done()`,
    fn: fnName(src.fn),
    ch: '',
  };
  const related: RelatedSpec[] = [{ node: src.binding.ident!, message: `${src.binding.name} is in scope here` }];
  const loop = endlessLoop(pkg, body);
  if (loop) {
    ctx.report({
      ...goSpan(pkg, goStmt),
      messageId: 'endless',
      data,
      related: [{ node: loopHeader(loop), message: 'this loop has no exit' }, ...related],
    });
    return;
  }
  const unclosed = rangeOverUnclosed(pkg, root);
  if (unclosed) {
    ctx.report({
      ...goSpan(pkg, goStmt),
      messageId: 'unclosed',
      data: { ...data, ch: unclosed.binding.name },
      related: [{ node: unclosed.range.x, message: `${unclosed.binding.name} is never closed` }, ...related],
    });
  }
}

function fnName(fn: FuncNode): string {
  return fn.kind === 'FuncDecl' ? fn.name.name : 'the enclosing function';
}

/** `go func()` or `go f(args)`: the statement up to the literal's signature. */
function goSpan(pkg: PackageModel, goStmt: ast.GoStmt): { pos: number; end: number; file?: FileModel } {
  const fun = unparenExpr(goStmt.call.fun);
  return { pos: goStmt.pos, end: fun.kind === 'FuncLit' ? fun.type.end : goStmt.end, file: pkg.fileOfNode(goStmt) };
}

function loopHeader(loop: ast.ForStmt | ast.RangeStmt): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: loop.pos, end: loop.body.pos, parent: loop };
}

/**
 * The goroutine is given a context (an argument or captured variable of type context.Context,
 * the request), or watches a Done channel: it can be stopped, whatever its loops look like.
 */
function receivesContext(pkg: PackageModel, root: Root): boolean {
  const ti = TypeInfo.of(pkg);
  const call = root.site.kind === 'GoStmt' ? root.site.call : null;
  const nodes: ast.Node[] = [];
  if (call) nodes.push(...call.args);
  if (root.entry.body) nodes.push(root.entry.body);
  if (root.entry.kind === 'FuncDecl' && root.entry.recv) nodes.push(root.entry.recv);
  let found = false;
  for (const n of nodes) {
    inspect(n, (m) => {
      if (found) return false;
      if (m.kind === 'Ident') {
        const t = ti.typeOf(m);
        if (isNamed(t, 'context', 'Context') || isNamed(deref(t), 'net/http', 'Request')) found = true;
      } else if (m.kind === 'SelectorExpr') {
        if (m.sel.name === 'Done' || m.sel.name === 'Context' || isNamed(ti.typeOf(m), 'context', 'Context')) found = true;
      } else if (m.kind === 'Field' && m.type && isNamed(ti.typeFromExpr(m.type), 'context', 'Context')) {
        found = true;
      }
      return true;
    });
    if (found) return true;
  }
  return false;
}

interface Unclosed {
  range: ast.RangeStmt;
  binding: Binding;
}

/**
 * A `for range ch` in a goroutine literal over a channel made in the spawner that nothing
 * closes: no close(ch) anywhere in the spawner, and ch never leaves it (not passed, returned
 * or stored), so nobody else could.
 */
function rangeOverUnclosed(pkg: PackageModel, root: Root): Unclosed | null {
  const lit = root.entry;
  const spawner = root.spawner;
  if (lit.kind !== 'FuncLit' || !spawner?.body) return null;
  let out: Unclosed | null = null;
  inspect(lit.body, (n) => {
    if (out !== null || n.kind === 'FuncLit') return false;
    if (n.kind !== 'RangeStmt') return true;
    const x = unparenExpr(n.x);
    if (x.kind !== 'Ident') return true;
    const b = pkg.bindingOf(x);
    if (!b || b.owner !== spawner || !chanOrigin(pkg, b)) return true;
    if (!closedOrEscapes(pkg, spawner, b)) out = { range: n, binding: b };
    return true;
  });
  return out;
}

/** Whether anything could close `ch`: close(ch) or any other hand-off (call argument, return, store, send). */
function closedOrEscapes(pkg: PackageModel, spawner: FuncNode, ch: Binding): boolean {
  let result = false;
  inspect(spawner.body!, (n) => {
    if (result) return false;
    if (n.kind !== 'Ident' || n === ch.ident || pkg.bindingOf(n) !== ch) return true;
    const p = n.parent;
    switch (p?.kind) {
      case 'CallExpr':
        result = p.args.includes(n); // close(ch), or a function that may close it
        break;
      case 'ReturnStmt':
      case 'CompositeLit':
      case 'KeyValueExpr':
        result = true;
        break;
      case 'SendStmt':
        result = p.value === n;
        break;
      case 'AssignStmt':
        result = p.rhs.includes(n);
        break;
      default:
        break;
    }
    return true;
  });
  return result;
}
