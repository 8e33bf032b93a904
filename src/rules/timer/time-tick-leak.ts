import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { inspect } from '../../parse/walk.js';
import { deferAfter } from '../../model/deferfix.js';
import { processLifetime, reachableExits } from '../../model/lifetime.js';
import { Obligations, type Site } from '../../model/obligations.js';
import type { FuncNode } from '../../model/scope.js';

export default defineRule({
  meta: {
    id: 'time-tick-leak',
    family: 'timer',
    severity: 'warning',
    category: 'correctness',
    title: 'time.Tick in a function that returns leaks its ticker (before Go 1.23)',
    docs: {
      why:
        'time.Tick returns only the channel of a new ticker; the ticker itself can never be stopped. Before Go 1.23 the ' +
        'runtime never frees a ticker that is not stopped, so every call of a function that uses time.Tick and then ' +
        'returns leaks a ticker that fires forever. That is fine in main, init, tests and loops that run for the life ' +
        'of the process, and that is where time.Tick is meant to be used.\n\n' +
        'Since Go 1.23 unreferenced tickers are garbage collected and time.Tick is safe anywhere: the rule only runs for ' +
        'modules whose go.mod says go 1.22 or older (as staticcheck SA1015 does since dominikh/go-tools#1558).',
      bad: `package p

import "time"

func waitReady(ready func() bool) {
	for range time.Tick(100 * time.Millisecond) {
		if ready() {
			return
		}
	}
}
`,
      good: `package p

import "time"

func waitReady(ready func() bool) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for range t.C {
		if ready() {
			return
		}
	}
}

func monitor(report func()) {
	for range time.Tick(time.Minute) { // never returns: lives as long as the process
		report()
	}
}
`,
      fix: 'Use time.NewTicker and `defer t.Stop()`; read from t.C. The safe fix rewrites `for range time.Tick(d)` that way.',
      seeAlso: ['staticcheck SA1015', 'https://pkg.go.dev/time#Tick', 'https://go.dev/doc/go1.23#timer-changes'],
    },
    messages: {
      goroutineReturns:
        'time.Tick leaks its ticker when the goroutine reading it returns: the ticker can never be stopped, and before Go 1.23 it is never freed',
      leak: 'time.Tick leaks its ticker when {fn} returns{each}: the ticker can never be stopped, and before Go 1.23 it is never freed',
    },
    help: {
      goroutineReturns: 'In the goroutine, use `t := time.NewTicker(d)` with `defer t.Stop()` and read from t.C.',
      leak: 'Use `t := time.NewTicker(d)` with `defer t.Stop()` and read from t.C, or upgrade the module to Go 1.23+, where unreferenced tickers are collected.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '会返回的函数中使用 time.Tick 会泄漏其 ticker（Go 1.23 之前）',
        why: 'time.Tick 只返回新 ticker 的 channel，ticker 本身永远无法被 Stop。Go 1.23 之前，运行时永远不会释放未 Stop 的 ticker，所以一个使用 time.Tick 然后返回的函数，每调用一次就泄漏一个永远在触发的 ticker。在 main、init、测试以及与进程同生命周期的循环中这没问题，time.Tick 本来就是为这些地方设计的。\n\n从 Go 1.23 起，不再被引用的 ticker 会被垃圾回收，time.Tick 在任何地方都是安全的：这条规则只对 go.mod 声明 go 1.22 或更早版本的模块运行（和 staticcheck SA1015 自 dominikh/go-tools#1558 以来的做法一致）。',
        fix: '改用 time.NewTicker 并 `defer t.Stop()`；从 t.C 读取。安全修复会这样改写 `for range time.Tick(d)`。',
        messages: {
          goroutineReturns: '读取 time.Tick 的 goroutine 返回时会泄漏其 ticker：这个 ticker 永远无法 Stop，在 Go 1.23 之前也永远不会被释放',
          leak: '{fn} 返回时 time.Tick 会泄漏其 ticker{each}：这个 ticker 永远无法 Stop，在 Go 1.23 之前也永远不会被释放',
        },
        help: {
          goroutineReturns: '在 goroutine 中使用 `t := time.NewTicker(d)` 并 `defer t.Stop()`，从 t.C 读取。',
          leak: '使用 `t := time.NewTicker(d)` 并 `defer t.Stop()`，从 t.C 读取；或者把模块升级到 Go 1.23+，那里不再被引用的 ticker 会被回收。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Tick'],
    maxGo: 23,
  },
  checkPackage(ctx) {
    const obligations = Obligations.of(ctx.pkg);
    for (const site of obligations.sitesOf('tick')) {
      const fn = site.fn;
      if (!fn) continue;
      const file = ctx.pkg.fileOfNode(site.call);
      if (!file || file.isTest || file.isGenerated || processLifetime(ctx.pkg, fn)) continue;
      const result = obligations.result(site);
      if (!result || result.missed.length === 0) continue;
      if (result.capturedBy.length > 0) {
        // read by goroutines: it leaks when they return, if ever
        const exits = result.capturedBy.flatMap((lit) => reachableExits(ctx.pkg, lit));
        if (exits.length === 0) continue;
        ctx.report({
          node: site.call,
          messageId: 'goroutineReturns',
          related: exits.slice(0, 4).map((node) => ({ node, message: 'the goroutine returns here, leaving the ticker behind' })),
        });
        continue;
      }
      ctx.report({
        node: site.call,
        messageId: 'leak',
        data: {
          fn: fn.kind === 'FuncDecl' ? fn.name.name : 'the function literal',
          each: inLoop(site.call, fn) ? ' (a new one on every iteration of the loop)' : '',
        },
        related: result.missed.map((m) => ({
          node: m.node,
          message: m.kind === 'return' ? 'returns here, leaving the ticker behind' : 'ends here, leaving the ticker behind',
        })),
        fixes: tickerFix(ctx, site),
      });
    }
  },
});

/** `for ... range time.Tick(d) {` → `ticker := time.NewTicker(d); defer ticker.Stop(); for ... range ticker.C {`. */
function tickerFix(ctx: RuleContext, site: Site): FixSpec[] {
  const fn = site.fn!;
  const loop = site.call.parent;
  if (loop?.kind !== 'RangeStmt' || loop.x !== site.call || nameUsed(fn, 'ticker')) return [];
  const file = ctx.pkg.fileOfNode(loop);
  const ins = file ? deferAfter(file, loop, fn, 'ticker.Stop()') : null;
  if (!file || !ins) return [];
  const indent = ins.text.slice(ins.text.indexOf('\n') + 1, ins.text.indexOf('defer'));
  const nl = ins.text.startsWith('\r\n') ? '\r\n' : '\n';
  const args = file.src.slice(site.call.lparen + 1, site.call.rparen);
  const fun = site.call.fun;
  const time = fun.kind === 'SelectorExpr' ? file.src.slice(fun.x.pos, fun.x.end) : 'time';
  return [
    {
      title: 'use time.NewTicker and stop it when the function returns',
      safe: true,
      edits: [
        { pos: loop.pos, end: loop.pos, text: `ticker := ${time}.NewTicker(${args})${nl}${indent}defer ticker.Stop()${nl}${indent}`, file },
        { pos: site.call.pos, end: site.call.end, text: 'ticker.C', file },
      ],
    },
  ];
}

/** Evaluated on each iteration of a loop of `fn` (the header of a range loop is evaluated once). */
function inLoop(call: ast.CallExpr, fn: FuncNode): boolean {
  for (let child: ast.Node = call, n = call.parent; n !== undefined && n !== fn; child = n, n = n.parent) {
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && child === n.body) return true;
    if (n.kind === 'FuncLit') return false;
  }
  return false;
}

function nameUsed(fn: FuncNode, name: string): boolean {
  let used = false;
  inspect(fn, (n: ast.Node) => {
    if (used) return false;
    if (n.kind === 'Ident' && n.name === name) used = true;
    return true;
  });
  return used;
}
