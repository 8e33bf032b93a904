import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { deferAfter } from '../../model/deferfix.js';
import { atLeast } from '../../model/goversion.js';
import { processLifetime, reachableExits } from '../../model/lifetime.js';
import { Obligations, type Site, type SiteResult } from '../../model/obligations.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import type { Severity } from '../../report/finding.js';
import { unparenExpr } from '../../model/typeinfo.js';

export default defineRule({
  meta: {
    id: 'ticker-not-stopped',
    family: 'timer',
    severity: 'warning',
    category: 'correctness',
    title: 'time.NewTicker never stopped on the paths where its function returns',
    docs: {
      why:
        'A *time.Ticker keeps a runtime timer that fires every period until Stop is called. Before Go 1.23 the runtime ' +
        'holds on to a ticker that is never stopped forever, even when no code references it any more: a request ' +
        'handler or per-connection function that makes a ticker and returns without stopping it leaks one timer per ' +
        'call. Since Go 1.23 an unreferenced ticker is garbage collected, so the leak is gone, but it still fires (and ' +
        'costs) until it becomes unreachable — reported at info severity for modules on Go 1.23 or later.\n\n' +
        'Not reported: Stop deferred or called on every path, a ticker handed to its owner (returned, stored in a field ' +
        'that Close/Stop stops, passed on), tickers in main, init, tests and in code that never returns (process-long ' +
        'loops).',
      bad: `package p

import (
	"net/http"
	"time"
)

func stream(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	for i := 0; i < 10; i++ {
		select {
		case <-t.C:
			w.Write([]byte("tick\\n"))
		case <-r.Context().Done():
			return
		}
	}
}
`,
      good: `package p

import (
	"net/http"
	"time"
)

func stream(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for i := 0; i < 10; i++ {
		select {
		case <-t.C:
			w.Write([]byte("tick\\n"))
		case <-r.Context().Done():
			return
		}
	}
}
`,
      fix: 'Add `defer t.Stop()` right after time.NewTicker (the safe fix does this when the ticker is only used in the function), or stop it in the Close/Stop method of the value that holds it.',
      seeAlso: ['staticcheck SA1015 (time.Tick)', 'https://pkg.go.dev/time#NewTicker', 'https://go.dev/doc/go1.23#timer-changes'],
    },
    messages: {
      notStopped: '{ticker} is not stopped on every path: {impact}',
      goroutineReturns: '{ticker} is read by a goroutine that can return without stopping it: {impact}',
      neverStoppable: 'the ticker from time.NewTicker is never stored, so it can never be stopped: {impact}',
      overwritten: '{ticker} is replaced by a new ticker on the next iteration before it is stopped: {impact}',
      storedNeverStopped: 'the ticker is stored in {field}, which nothing in this package ever stops: {impact}',
    },
    help: {
      notStopped: 'Add `defer {ticker}.Stop()` right after time.NewTicker.',
      goroutineReturns: 'Add `defer {ticker}.Stop()` at the start of the goroutine that reads it.',
      neverStoppable: 'Keep the ticker in a variable and `defer t.Stop()`; read from t.C.',
      overwritten: 'Stop the ticker before the next iteration, or create it once before the loop and Reset it.',
      storedNeverStopped: 'Call {field}.Stop() where the owner is closed or stopped (Close, Stop, Shutdown).',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: 'time.NewTicker 在函数返回的路径上没有被 Stop',
        why: '*time.Ticker 持有一个运行时定时器，每个周期触发一次，直到调用 Stop 为止。Go 1.23 之前，运行时会永远持有一个从未 Stop 的 ticker，即使已经没有代码引用它：请求 handler 或每个连接的处理函数创建了 ticker 却不 Stop 就返回，每次调用都会泄漏一个定时器。从 Go 1.23 起，不再被引用的 ticker 会被垃圾回收，泄漏不复存在，但在变得不可达之前它仍然会触发（并产生开销）——对 Go 1.23 及以上的模块以 info 级别报告。\n\n不报告的情况：Stop 被 defer 或在每条路径上都被调用；ticker 交给了它的所有者（被返回、存到 Close/Stop 会停止它的字段、被传出去）；main、init、测试中的 ticker，以及永不返回的代码（与进程同生命周期的循环）中的 ticker。',
        fix: '在 time.NewTicker 之后紧跟 `defer t.Stop()`（当 ticker 只在本函数中使用时，安全修复会这样做），或者在持有它的值的 Close/Stop 方法中停止它。',
        messages: {
          notStopped: '{ticker} 没有在所有路径上被 Stop：{impact}',
          goroutineReturns: '{ticker} 由一个可能不 Stop 它就返回的 goroutine 读取：{impact}',
          neverStoppable: 'time.NewTicker 返回的 ticker 从未被保存，所以永远无法 Stop：{impact}',
          overwritten: '{ticker} 在被 Stop 之前就被下一次迭代中的新 ticker 替换了：{impact}',
          storedNeverStopped: 'ticker 被存到了 {field}，而包内没有任何代码 Stop 它：{impact}',
        },
        help: {
          notStopped: '在 time.NewTicker 之后紧跟 `defer {ticker}.Stop()`。',
          goroutineReturns: '在读取它的 goroutine 开头加上 `defer {ticker}.Stop()`。',
          neverStoppable: '把 ticker 保存到变量中并 `defer t.Stop()`；从 t.C 读取。',
          overwritten: '在下一次迭代之前 Stop 这个 ticker，或者在循环之前只创建一次，然后用 Reset。',
          storedNeverStopped: '在所有者关闭或停止的地方（Close、Stop、Shutdown）调用 {field}.Stop()。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Ticker'],
  },
  checkPackage(ctx) {
    const obligations = Obligations.of(ctx.pkg);
    const modern = atLeast(ctx.goVersion, 23);
    const impact = modern
      ? 'it keeps firing until it becomes unreachable (Go 1.23+ collects unreferenced tickers)'
      : 'before Go 1.23 an unstopped ticker is never freed, so every call leaks one';
    const severity: Severity | undefined = modern ? 'info' : undefined;
    for (const site of obligations.sitesOf('ticker')) {
      const fn = site.fn;
      if (!fn) continue;
      const file = ctx.pkg.fileOfNode(site.call);
      if (!file || file.isTest || file.isGenerated || processLifetime(ctx.pkg, fn)) continue;
      const base = { node: site.call, ...(severity ? { severity } : {}) } as const;
      const target = site.target;
      if (target.k === 'field') {
        if (target.owner !== null && /^[a-z_]/.test(target.field) && !obligations.fieldReleased(target.field, target.owner, 'ticker')) {
          ctx.report({
            ...base,
            messageId: 'storedNeverStopped',
            data: { field: `${target.owner}.${target.field}`, impact },
            related: [{ node: target.node, message: 'stored here' }],
          });
        }
        continue;
      }
      const result = obligations.result(site);
      if (!result) continue;
      if (target.k === 'discarded') {
        if (result.missed.length > 0)
          ctx.report({ ...base, messageId: 'neverStoppable', data: { impact }, related: exitsRelated(result, 'the ticker') });
        continue;
      }
      if (target.k !== 'local') continue;
      const name = target.binding.name;
      if (result.overwritten) {
        ctx.report({ ...base, messageId: 'overwritten', data: { ticker: name, impact } });
      } else if (result.missed.length > 0 && result.capturedBy.length > 0) {
        // the function hands the ticker to goroutines: it leaks when they return, if ever
        const exits = result.capturedBy.flatMap((lit) => reachableExits(ctx.pkg, lit));
        if (exits.length === 0) continue;
        ctx.report({
          ...base,
          messageId: 'goroutineReturns',
          data: { ticker: name, impact },
          related: exits.slice(0, 4).map((node) => ({ node, message: `the goroutine returns here; ${name} keeps running` })),
          fixes: goroutineStopFix(ctx, result, target.binding),
        });
      } else if (result.missed.length > 0) {
        ctx.report({
          ...base,
          messageId: 'notStopped',
          data: { ticker: name, impact },
          related: exitsRelated(result, name),
          fixes: stopFix(ctx, site, result, target.binding),
        });
      } else {
        const stores = result.uses.filter((u) => u.kind === 'field');
        const handedOn = result.uses.filter((u) => u.kind !== 'alias');
        if (stores.length > 0 && stores.length === handedOn.length) {
          const f = stores[0]!.field!;
          if (
            f.owner !== null &&
            /^[a-z_]/.test(f.field) &&
            stores.every((u) => !obligations.fieldReleased(u.field!.field, u.field!.owner, 'ticker'))
          ) {
            ctx.report({
              ...base,
              messageId: 'storedNeverStopped',
              data: { field: `${f.owner}.${f.field}`, impact },
              related: stores.map((u) => ({ node: u.field!.node, message: 'stored here' })),
            });
          }
        }
      }
    }
  },
});

function exitsRelated(result: SiteResult, name: string): RelatedSpec[] {
  return result.missed.map((m) => ({
    node: m.node,
    message: m.kind === 'return' ? `this return leaves ${name} running` : `the function ends here with ${name} running`,
  }));
}

/**
 * `defer t.Stop()` after the assignment. Safe when the ticker never leaves the function: every
 * reference is a receive from t.C, t.Reset or t.Stop in the function itself (no closure or
 * goroutine that could still read t.C after the return).
 */
function stopFix(ctx: RuleContext, site: Site, result: SiteResult, binding: Binding): FixSpec[] {
  const fn = site.fn!;
  const stmt = site.stmt;
  if (!stmt || stmt.kind === 'ExprStmt') return [];
  const file = ctx.pkg.fileOfNode(stmt);
  const ins = file ? deferAfter(file, stmt, fn, `${binding.name}.Stop()`) : null;
  if (!file || !ins) return [];
  const declaredHere = stmt.kind === 'DeclStmt' || stmt.tok === Tok.DEFINE;
  const safe = declaredHere && result.aliases.length === 0 && usedOnlyInPlace(ctx, fn, binding);
  return [
    {
      title: `defer ${binding.name}.Stop() right after time.NewTicker`,
      safe,
      edits: [{ pos: ins.pos, end: ins.pos, text: ins.text, file }],
    },
  ];
}

/**
 * `defer t.Stop()` as the first statement of the goroutine that reads the ticker: safe when that
 * goroutine is the only code using it (besides the assignment).
 */
function goroutineStopFix(ctx: RuleContext, result: SiteResult, binding: Binding): FixSpec[] {
  if (result.capturedBy.length !== 1 || result.aliases.length > 0) return [];
  const lit = result.capturedBy[0]!;
  const first = lit.body.list[0];
  const file = ctx.pkg.fileOfNode(lit);
  if (!first || !file) return [];
  let onlyThere = true;
  inspect(binding.owner!.body!, (n) => {
    if (!onlyThere) return false;
    if (n.kind === 'Ident' && n !== binding.ident && ctx.pkg.bindingOf(n) === binding) {
      onlyThere = n.pos >= lit.pos && n.end <= lit.end && inPlaceUse(n);
    }
    return true;
  });
  const lineStart = file.src.lastIndexOf('\n', first.pos - 1) + 1;
  const indent = file.src.slice(lineStart, first.pos);
  if (!onlyThere || !/^[ \t]+$/.test(indent) || lineStart <= lit.body.lbrace) return [];
  return [
    {
      title: `defer ${binding.name}.Stop() in the goroutine`,
      safe: true,
      edits: [{ pos: lineStart, end: lineStart, text: `${indent}defer ${binding.name}.Stop()\n`, file }],
    },
  ];
}

function usedOnlyInPlace(ctx: RuleContext, fn: FuncNode, b: Binding): boolean {
  let ok = true;
  inspect(fn.body!, (n) => {
    if (!ok) return false;
    if (n.kind === 'FuncLit') {
      inspect(n, (m) => {
        if (m.kind === 'Ident' && ctx.pkg.bindingOf(m) === b) ok = false;
        return ok;
      });
      return false;
    }
    if (n.kind !== 'Ident' || n === b.ident || ctx.pkg.bindingOf(n) !== b) return true;
    ok = inPlaceUse(n);
    return true;
  });
  return ok;
}

/** `<-t.C`, `range t.C`, `t.Reset(d)`, `t.Stop()`. */
function inPlaceUse(id: ast.Ident): boolean {
  const sel = id.parent;
  if (sel?.kind !== 'SelectorExpr' || sel.x !== id) return false;
  const p = sel.parent;
  if (sel.sel.name === 'Stop' || sel.sel.name === 'Reset') return p?.kind === 'CallExpr' && unparenExpr(p.fun) === sel;
  if (sel.sel.name !== 'C') return false;
  if (p?.kind === 'UnaryExpr' && p.op === Tok.ARROW) return true;
  return p?.kind === 'RangeStmt' && p.x === sel;
}
