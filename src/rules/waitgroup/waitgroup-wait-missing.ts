import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { callsNamed } from '../../model/calls.js';
import type { Binding } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { isWaitGroup, isWaitGroupCall, waitGroupOf } from '../../model/waitgroups.js';
import { inspect } from '../../parse/walk.js';
import { Tok } from '../../parse/token.js';
import { funcName, skipFile } from '../lock-misuse/lock-text.js';
import { doneDelta } from './dones.js';

export default defineRule({
  meta: {
    id: 'waitgroup-wait-missing',
    family: 'waitgroup',
    severity: 'warning',
    category: 'correctness',
    title: 'goroutines added to a local WaitGroup that nobody waits for',
    docs: {
      why:
        'A WaitGroup that counts goroutines but is never waited for joins nothing: the function returns while ' +
        'its goroutines still run, reads results they have not written yet, and returns errors before they are ' +
        'known. Usually the `wg.Wait()` was lost in a refactoring, or sits in a branch that the normal path skips.\n\n' +
        'Reported at the declaration of a local WaitGroup that the function calls Add on and starts goroutines ' +
        'with, when no Wait on it exists anywhere and it does not leave the function (returned, stored, or passed ' +
        'to anything but the goroutines it counts).',
      bad: `package p

import "sync"

func Warm(keys []string, load func(string)) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			load(k)
		}(k)
	}
}
`,
      good: `package p

import "sync"

func Warm(keys []string, load func(string)) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			load(k)
		}(k)
	}
	wg.Wait()
}
`,
      fix: 'Call `wg.Wait()` before using what the goroutines produce (or before returning); if the goroutines are meant to outlive the function, drop the WaitGroup.',
      seeAlso: ['https://pkg.go.dev/sync#WaitGroup'],
    },
    messages: {
      never: '{wg} counts the goroutines that {fn} starts, but nothing ever calls {wg}.Wait(): the function does not wait for them',
    },
    help: {
      never: 'Call {wg}.Wait() before returning or before reading what the goroutines produce.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '局部 WaitGroup 计数了 goroutine，却没有人等待它',
        why: '计数了 goroutine 却从不 Wait 的 WaitGroup 什么也没有汇合：函数在 goroutine 仍在运行时返回，读取它们还没写入的结果，在错误还没产生时就返回。通常是 `wg.Wait()` 在重构中丢了，或者放在了正常路径不会经过的分支里。\n\n当函数对一个局部 WaitGroup 调用 Add 并启动 goroutine，而任何地方都没有对它调用 Wait、它也没有离开这个函数（被返回、被保存、或者被传给它所计数的 goroutine 以外的东西）时，在它的声明处报告。',
        fix: '在使用 goroutine 的产出之前（或返回之前）调用 `wg.Wait()`；如果 goroutine 本来就应该比函数活得久，就去掉 WaitGroup。',
        messages: {
          never: '{wg} 计数了 {fn} 启动的 goroutine，但从来没有调用 {wg}.Wait()：函数并不等待它们',
        },
        help: {
          never: '在返回之前或读取 goroutine 的产出之前调用 {wg}.Wait()。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Add('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    // the x.Add calls in each declared function's body (closures included), in source order
    const adds = new Map<ast.FuncDecl, ast.CallExpr[]>();
    for (const call of callsNamed(pkg, { selector: ['Add'] })) {
      let fn = pkg.enclosingFunction(call);
      while (fn?.kind === 'FuncLit') fn = pkg.enclosingFunction(fn);
      if (!fn?.body || call.pos < fn.body.pos || call.end > fn.body.end) continue;
      const list = adds.get(fn);
      if (list) list.push(call);
      else adds.set(fn, [call]);
    }
    for (const [fn, calls] of adds) {
      if (!fn.body || skipFile(pkg.fileOfNode(fn))) continue;
      const candidates = new Map<Binding, ast.Ident>();
      for (const n of calls) {
        if (!isWaitGroupCall(pkg, n, 'Add') || doneDelta(pkg, n)!.delta > 0) continue;
        const x = unparenExpr(waitGroupOf(n)!);
        const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
        if (b && b.role === 'local' && b.ident && isWaitGroup(pkg, x)) candidates.set(b, b.ident);
      }
      for (const [b, decl] of candidates) {
        if (b.owner !== fn) continue;
        const use = usesOf(ctx.pkg, fn.body, b);
        if (!use.ok || use.gos === 0) continue;
        ctx.report({ node: decl, messageId: 'never', data: { wg: b.name, fn: funcName(fn) } });
      }
    }
  },
});

/** Whether every use of the WaitGroup is an Add/Done on it or hands it to a goroutine it counts. */
function usesOf(pkg: import('../../model/package.js').PackageModel, body: ast.BlockStmt, b: Binding): { ok: boolean; gos: number } {
  let ok = true;
  let gos = 0;
  inspect(body, (n) => {
    if (!ok) return false;
    if (n.kind === 'GoStmt') gos++;
    if (n.kind !== 'Ident' || n === b.ident || pkg.bindingOf(n) !== b) return true;
    let e: ast.Node = n;
    let p = n.parent;
    while (p?.kind === 'ParenExpr') {
      e = p;
      p = p.parent;
    }
    if (p?.kind === 'SelectorExpr' && p.x === e) {
      const call = p.parent;
      if (call?.kind === 'CallExpr' && call.fun === p && (p.sel.name === 'Add' || p.sel.name === 'Done')) return true;
      ok = false;
      return false;
    }
    if (p?.kind === 'CallExpr' && p.fun !== e && p.parent?.kind === 'GoStmt') return true;
    if (p?.kind === 'UnaryExpr' && p.op === Tok.AND && p.parent?.kind === 'CallExpr' && p.parent.parent?.kind === 'GoStmt') return true;
    if (p?.kind === 'ValueSpec' || (p?.kind === 'AssignStmt' && p.lhs.includes(e as ast.Expr) && p.tok === Tok.DEFINE)) return true;
    ok = false;
    return false;
  });
  return { ok, gos };
}
