import { callsNamed } from '../../model/calls.js';
import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { isWaitGroupCall, syncKey, waitGroupOf } from '../../model/waitgroups.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { inspect } from '../../parse/walk.js';
import { Tok } from '../../parse/token.js';
import { Concurrency } from '../../model/concurrency.js';
import { doneDelta } from './dones.js';
import { skipFile, text, where } from '../lock-misuse/lock-text.js';

export default defineRule({
  meta: {
    id: 'waitgroup-add-in-goroutine',
    family: 'waitgroup',
    severity: 'error',
    category: 'correctness',
    title: 'wg.Add called inside the goroutine it counts',
    docs: {
      why:
        'Add must happen before Wait can observe the counter. `go func() { wg.Add(1); defer wg.Done(); ... }()` ' +
        'followed by `wg.Wait()` races: the new goroutine may not have run its Add when Wait looks at the ' +
        'counter, so Wait sees zero and returns while the work is still running (results read too early, a ' +
        'channel closed under a sender: "send on closed channel"). The sync documentation says it in so many ' +
        'words: calls with a positive delta must happen before Wait.\n\n' +
        'Reported for an Add at the top level of a function literal started with `go`, on a WaitGroup that the ' +
        'starting function waits on (or that it does not own: a field or a parameter). Adds inside a goroutine ' +
        'that then starts further goroutines (a goroutine counting its own children, before its own Done) are ' +
        'not reported.',
      bad: `package p

import "sync"

func Fetch(urls []string, get func(string) string) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []string
	)
	for _, u := range urls {
		go func(u string) {
			wg.Add(1)
			defer wg.Done()
			body := get(u)
			mu.Lock()
			out = append(out, body)
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	return out
}
`,
      good: `package p

import "sync"

func Fetch(urls []string, get func(string) string) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []string
	)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			body := get(u)
			mu.Lock()
			out = append(out, body)
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	return out
}
`,
      fix: 'Call Add before the `go` statement (the safe fix moves it there), or once before the loop with the number of goroutines.',
      seeAlso: ['https://pkg.go.dev/sync#WaitGroup.Add', 'staticcheck SA2000'],
    },
    messages: {
      add: '{wg}.Add runs inside the goroutine it counts: {wg}.Wait() ({waitAt}) can see a zero counter and return before this goroutine has started',
    },
    help: {
      add: 'Call {wg}.Add before the go statement.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '在被计数的 goroutine 内部调用 wg.Add',
        why: 'Add 必须发生在 Wait 观察计数器之前。`go func() { wg.Add(1); defer wg.Done(); ... }()` 之后紧跟 `wg.Wait()` 存在竞争：Wait 查看计数器时新 goroutine 可能还没执行 Add，于是 Wait 看到 0 就返回了，而工作仍在进行（过早读取结果、在发送方还在发送时关闭 channel："send on closed channel"）。sync 文档明确要求：正数 delta 的 Add 调用必须发生在 Wait 之前。\n\n当 `go` 启动的函数字面量的顶层语句中调用 Add，且这个 WaitGroup 由启动它的函数等待（或者不归它所有：字段或参数）时报告。goroutine 在自己 Done 之前为它再启动的子 goroutine 调用的 Add 不报告。',
        fix: '在 `go` 语句之前调用 Add（安全修复会把它移过去），或者在循环之前按 goroutine 数量调用一次。',
        messages: {
          add: '{wg}.Add 在它所计数的 goroutine 内部执行：{wg}.Wait()（{waitAt}）可能看到计数为 0，在这个 goroutine 启动之前就返回',
        },
        help: {
          add: '在 go 语句之前调用 {wg}.Add。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Add('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    for (const go of pkg.goStmts) {
      const file = pkg.fileOfNode(go);
      if (skipFile(file)) continue;
      const lit = unparenExpr(go.call.fun);
      if (lit.kind !== 'FuncLit') continue;
      for (const stmt of lit.body.list) {
        if (stmt.kind !== 'ExprStmt' || stmt.x.kind !== 'CallExpr' || !isWaitGroupCall(pkg, stmt.x, 'Add')) continue;
        const wg = waitGroupOf(stmt.x)!;
        if (declaredInside(ctx, wg, lit) || argsUseInside(ctx, stmt.x, lit)) continue;
        if (doneDelta(pkg, stmt.x)!.delta > 0) continue; // Add(-n) is a Done
        if (startsChildren(ctx, lit, stmt) || waitsBefore(ctx, lit, stmt, wg)) continue;
        const wait = waitFor(ctx, go, wg);
        if (!wait || handshake(ctx, lit, stmt, go, wait)) continue;
        report(ctx, go, stmt, wg, wait);
      }
    }
  },
});

/** The WaitGroup's root variable is declared in the literal: it counts something else. */
function declaredInside(ctx: RuleContext, e: ast.Expr, lit: ast.FuncLit): boolean {
  let root = unparenExpr(e);
  while (root.kind === 'SelectorExpr' || root.kind === 'StarExpr' || root.kind === 'UnaryExpr') root = unparenExpr(root.x);
  if (root.kind !== 'Ident') return true;
  const b = ctx.pkg.bindingOf(root);
  return b?.owner === lit;
}

/** The Add's arguments use a variable of the literal (a parameter): the Add cannot move out as is. */
function argsUseInside(ctx: RuleContext, call: ast.CallExpr, lit: ast.FuncLit): boolean {
  let inside = false;
  for (const a of call.args) {
    inspect(a, (n) => {
      if (n.kind === 'Ident' && ctx.pkg.bindingOf(n)?.owner === lit) inside = true;
      return !inside;
    });
  }
  return inside;
}

/** The literal starts goroutines itself after the Add: it may be counting its children. */
function startsChildren(_ctx: RuleContext, lit: ast.FuncLit, add: ast.Stmt): boolean {
  let found = false;
  inspect(lit.body, (n) => {
    if (found) return false;
    if (n.kind === 'GoStmt' && n.pos > add.end) found = true;
    return !found;
  });
  return found;
}

/** A Wait on the same WaitGroup in the starting function (or anywhere, for a WaitGroup the function does not own). */
function waitFor(ctx: RuleContext, go: ast.GoStmt, wg: ast.Expr): ast.CallExpr | null {
  const pkg = ctx.pkg;
  const key = syncKey(pkg, wg);
  let best: ast.CallExpr | null = null;
  for (const call of callsNamed(pkg, { selector: ['Wait'] })) {
    if (!isWaitGroupCall(pkg, call, 'Wait')) continue;
    const x = waitGroupOf(call);
    if (!x || syncKey(pkg, x) !== key) continue;
    const local = ownedBy(ctx, wg);
    if (local) {
      // a local WaitGroup: the Wait that matters is the spawner's own, after the go statement
      if (Concurrency.of(pkg).enclosingFunc(call) !== Concurrency.of(pkg).enclosingFunc(go) || call.pos < go.end) continue;
      if (!best || call.pos < best.pos) best = call;
      continue;
    }
    if (pkg.fileOfNode(call) === pkg.fileOfNode(go) && call.pos > go.end && (!best || call.pos < best.pos)) best = call;
    best ??= call;
  }
  return best;
}

/** The function declaring the WaitGroup's variable, when it is a local. */
function ownedBy(ctx: RuleContext, wg: ast.Expr): boolean {
  const x = unparenExpr(wg);
  return x.kind === 'Ident' && ctx.pkg.bindingOf(x)?.role === 'local';
}

/** The goroutine waits on the group itself before adding (a WaitGroup used as a gate). */
function waitsBefore(ctx: RuleContext, lit: ast.FuncLit, add: ast.Stmt, wg: ast.Expr): boolean {
  const key = syncKey(ctx.pkg, wg);
  let found = false;
  inspect(lit.body, (n) => {
    if (found || n.pos > add.pos) return false;
    if (n.kind === 'CallExpr' && isWaitGroupCall(ctx.pkg, n, 'Wait') && syncKey(ctx.pkg, waitGroupOf(n)!) === key) found = true;
    return !found;
  });
  return found;
}

/**
 * The goroutine sends on a channel after its Add and the spawner receives from it before Wait:
 * the Add happens before the Wait.
 */
function handshake(ctx: RuleContext, lit: ast.FuncLit, add: ast.Stmt, go: ast.GoStmt, wait: ast.CallExpr): boolean {
  const pkg = ctx.pkg;
  const sent = new Set<string>();
  inspect(lit.body, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'SendStmt' && n.pos > add.end) sent.add(syncKey(pkg, n.chan));
    return true;
  });
  if (sent.size === 0) return false;
  const fn = Concurrency.of(pkg).enclosingFunc(go);
  if (!fn?.body || Concurrency.of(pkg).enclosingFunc(wait) !== fn) return false;
  let found = false;
  inspect(fn.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW && n.pos > go.end && n.end < wait.pos && sent.has(syncKey(pkg, n.x))) found = true;
    return !found;
  });
  return found;
}

function report(ctx: RuleContext, go: ast.GoStmt, stmt: ast.ExprStmt, wg: ast.Expr, wait: ast.CallExpr): void {
  const file = ctx.pkg.fileOfNode(go)!;
  const src = file.src;
  // the line of the Add, whole, and the indentation of the go statement
  const lineStart = src.lastIndexOf('\n', stmt.pos - 1) + 1;
  const onlyOnLine = src.slice(lineStart, stmt.pos).trim() === '' && /^[ \t]*(\/\/[^\n]*)?\n/.test(src.slice(stmt.end));
  const goLineStart = src.lastIndexOf('\n', go.pos - 1) + 1;
  const indent = src.slice(goLineStart, go.pos);
  const goAlone = indent.trim() === '';
  const addText = src.slice(stmt.pos, stmt.end);
  const lineEnd = src.indexOf('\n', stmt.end);
  const moved = src.slice(stmt.pos, lineEnd).trimEnd();
  const fixes =
    onlyOnLine && goAlone
      ? [
          {
            title: `move ${addText} before the go statement`,
            safe: true,
            edits: [
              { pos: go.pos, end: go.pos, text: `${moved}\n${indent}` },
              { pos: lineStart, end: lineEnd + 1, text: '' },
            ],
          },
        ]
      : [];
  ctx.report({
    node: stmt.x,
    file,
    messageId: 'add',
    data: { wg: text(ctx, wg), waitAt: where(ctx, stmt, wait) },
    related: [
      { node: go, message: 'the goroutine is started here' },
      { node: wait, message: 'Wait may run before the Add' },
    ],
    fixes,
  });
}
