import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { deferAfter } from '../../model/deferfix.js';
import { isPlainFunc } from '../../model/lifetime.js';
import { Obligations, type Site, type SiteResult } from '../../model/obligations.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { contextNeverDone, ctxEscapes, goroutinesWaitingOn, independentResults } from './cancel-helpers.js';

export default defineRule({
  meta: {
    id: 'context-lost-cancel',
    family: 'context',
    severity: 'warning',
    category: 'correctness',
    title: 'cancel function of a derived context discarded or not called on every path',
    docs: {
      why:
        'context.WithCancel, WithTimeout, WithDeadline (and their Cause variants) and signal.NotifyContext return a ' +
        'cancel function that releases the derived context: its entry in the parent, its timer, the goroutines and ' +
        'resources waiting on its Done channel. Until cancel is called the context lives until its parent is done or ' +
        'its timer fires — for a context derived from context.Background() with WithCancel, never. A cancel that is ' +
        'discarded or skipped on an early return leaks all of that, once per call.\n\n' +
        'Handing cancel on counts as calling it: returning it, storing it in a struct field (then called by Close), ' +
        'passing it to a helper or a goroutine, calling it in a deferred closure, or assigning it to a variable called ' +
        'later. Paths that panic or exit the process are not leaks. A cancel stored in an unexported field that nothing ' +
        'in the package ever calls is reported.',
      bad: `package p

import (
	"context"
	"time"
)

func fetch(ctx context.Context, id string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	v, err := lookup(ctx, id)
	if err != nil {
		return "", err
	}
	cancel()
	return v, nil
}

func lookup(ctx context.Context, id string) (string, error) { return id, ctx.Err() }
`,
      good: `package p

import (
	"context"
	"time"
)

func fetch(ctx context.Context, id string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return lookup(ctx, id)
}

type worker struct{ cancel context.CancelFunc }

func start(parent context.Context) *worker {
	ctx, cancel := context.WithCancel(parent)
	w := &worker{cancel: cancel}
	go func() { <-ctx.Done() }()
	return w
}

func (w *worker) Close() { w.cancel() }

func lookup(ctx context.Context, id string) (string, error) { return id, ctx.Err() }
`,
      fix:
        'Call cancel on every path, normally with `defer cancel()` right after the call. When the context must outlive ' +
        'the function, give cancel to its owner (return it, store it where Close calls it). The safe fix inserts ' +
        '`defer cancel()` when nothing derived from the context outlives the function.',
      seeAlso: ['go vet lostcancel', 'gosec G118', 'https://pkg.go.dev/context#WithCancel'],
    },
    messages: {
      discarded: 'the cancel function of {callee} is discarded: the context is not released until {until}',
      neverDone: 'the cancel function of {callee} is discarded and its parent is never done: this context can never be cancelled',
      notOnAllPaths: '{cancel} is not called on every path: the context from {callee} is not released until {until}',
      overwritten:
        '{cancel} is overwritten by the next iteration before it is called: each context from {callee} stays alive until {until}',
      storedNeverCalled: 'the cancel function of {callee} is stored in {field}, which nothing in this package ever calls',
    },
    help: {
      discarded: 'Keep the cancel function and call it when the work is done: `ctx, cancel := {callee}(...)` followed by `defer cancel()`.',
      neverDone:
        'Keep the cancel function and call it when the work is done; until then every goroutine waiting on ctx.Done() waits forever.',
      notOnAllPaths:
        'Call {cancel}() on every path, usually with `defer {cancel}()` right after {callee}; if the context must outlive this function, hand {cancel} to its owner (return it or store it where Close calls it).',
      overwritten:
        'Call {cancel}() before the next iteration (also before `continue`), or move the body into a function that defers {cancel}().',
      storedNeverCalled:
        'Call {field}() where the owner is closed or stopped (Close, Stop, Shutdown), or do not keep a cancelable context.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '派生 context 的 cancel 函数被丢弃，或者没有在所有路径上调用',
        why: 'context.WithCancel、WithTimeout、WithDeadline（以及它们的 Cause 变体）和 signal.NotifyContext 会返回一个 cancel 函数，用来释放派生出的 context：它在父 context 中的登记、它的定时器、以及等待它的 Done channel 的 goroutine 和资源。在调用 cancel 之前，这个 context 会一直存活到父 context 结束或定时器触发为止——对于用 WithCancel 从 context.Background() 派生的 context，那就是永远。cancel 被丢弃，或者在提前 return 时被跳过，每次调用都会把这些全部泄漏。\n\n把 cancel 交出去也算作调用：返回它、存到结构体字段里（之后由 Close 调用）、传给辅助函数或 goroutine、在 defer 的闭包里调用，或者赋给之后会被调用的变量。会 panic 或退出进程的路径不算泄漏。存到未导出字段、而包内没有任何代码调用它的 cancel 会被报告。',
        fix: '在每条路径上都调用 cancel，通常是在调用之后紧跟 `defer cancel()`。如果 context 必须比函数活得更久，就把 cancel 交给它的所有者（返回它，或者存到 Close 会调用它的地方）。当没有任何从该 context 派生的东西比函数活得更久时，安全修复会插入 `defer cancel()`。',
        messages: {
          discarded: '{callee} 返回的 cancel 函数被丢弃了：这个 context 要到 {until} 才会被释放',
          neverDone: '{callee} 返回的 cancel 函数被丢弃了，而它的父 context 永远不会结束：这个 context 永远无法被取消',
          notOnAllPaths: '{cancel} 没有在所有路径上被调用：{callee} 返回的 context 要到 {until} 才会被释放',
          overwritten: '{cancel} 在被调用之前就被下一次迭代覆盖了：{callee} 每次返回的 context 都会存活到 {until}',
          storedNeverCalled: '{callee} 返回的 cancel 函数被存到了 {field}，而包内没有任何代码调用它',
        },
        help: {
          discarded: '保留 cancel 函数，在工作完成时调用它：`ctx, cancel := {callee}(...)` 之后紧跟 `defer cancel()`。',
          neverDone: '保留 cancel 函数，在工作完成时调用它；否则所有等待 ctx.Done() 的 goroutine 都会永远等下去。',
          notOnAllPaths: '在每条路径上都调用 {cancel}()，通常是在 {callee} 之后紧跟 `defer {cancel}()`；如果 context 必须比这个函数活得更久，就把 {cancel} 交给它的所有者（返回它，或者存到 Close 会调用它的地方）。',
          overwritten: '在下一次迭代之前（包括 `continue` 之前）调用 {cancel}()，或者把循环体提取成一个 defer {cancel}() 的函数。',
          storedNeverCalled: '在所有者关闭或停止的地方（Close、Stop、Shutdown）调用 {field}()，或者不要保存可取消的 context。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['context', 'Context'],
  },
  checkPackage(ctx) {
    const obligations = Obligations.of(ctx.pkg);
    for (const site of obligations.sitesOf('cancel')) {
      if (!site.fn) continue;
      switch (site.target.k) {
        case 'discarded':
          reportDiscarded(ctx, site);
          break;
        case 'local': {
          const result = obligations.result(site);
          if (result) reportLocal(ctx, obligations, site, result, site.target.binding);
          break;
        }
        case 'field': {
          const { owner, field, node } = site.target;
          if (owner !== null && /^[a-z_]/.test(field) && !obligations.fieldReleased(field, owner, 'func')) {
            ctx.report({
              node: site.call,
              messageId: 'storedNeverCalled',
              data: { callee: short(site.callee), field: `${owner}.${field}` },
              related: [{ node, message: 'stored here' }],
            });
          }
          break;
        }
        default:
          break;
      }
    }
  },
});

function short(callee: string): string {
  return callee.slice(callee.lastIndexOf('/') + 1);
}

function reportDiscarded(ctx: RuleContext, site: Site): void {
  const callee = short(site.callee);
  const fn = site.fn!;
  const neverDone = contextNeverDone(ctx.pkg, site);
  const related: RelatedSpec[] = [];
  if (neverDone && site.companion?.kind === 'Ident') {
    const b = ctx.pkg.bindingOf(site.companion);
    if (b) for (const g of goroutinesWaitingOn(ctx.pkg, fn, b)) related.push({ node: g.node, message: g.message });
  }
  ctx.report({
    node: site.call,
    messageId: neverDone ? 'neverDone' : 'discarded',
    data: { callee, until: site.creator.until },
    related,
    fixes: discardFix(ctx, site),
  });
}

/** `ctx, _ := ...` → `ctx, cancel := ...` + `defer cancel()`, when nothing derived from ctx outlives the function. */
function discardFix(ctx: RuleContext, site: Site): FixSpec[] {
  const fn = site.fn!;
  const stmt = site.stmt;
  if (stmt?.kind !== 'AssignStmt' || stmt.tok !== Tok.DEFINE || site.target.k !== 'discarded' || site.target.node.kind !== 'Ident')
    return [];
  if (nameUsedIn(fn, 'cancel')) return [];
  const file = ctx.pkg.fileOfNode(stmt);
  const ins = file ? deferAfter(file, stmt, fn, 'cancel()') : null;
  if (!file || !ins) return [];
  const companion = site.companion?.kind === 'Ident' ? ctx.pkg.bindingOf(site.companion) : undefined;
  // only when nothing derived from ctx outlives the function: otherwise cancel belongs elsewhere
  if (companion === undefined || ctxEscapes(ctx.pkg, fn, companion) || hasConcurrencyOrStores(fn, stmt)) return [];
  return [
    {
      title: 'name the cancel function and defer it',
      safe: true,
      edits: [
        { pos: site.target.node.pos, end: site.target.node.end, text: 'cancel', file },
        { pos: ins.pos, end: ins.pos, text: ins.text, file },
      ],
    },
  ];
}

function reportLocal(ctx: RuleContext, obligations: Obligations, site: Site, result: SiteResult, binding: Binding): void {
  const fn = site.fn!;
  const callee = short(site.callee);
  const data = { callee, cancel: binding.name, until: site.creator.until };
  // returning from main ends the process: nothing is left to leak
  const inMain = ctx.pkg.name === 'main' && isPlainFunc(fn, 'main');
  if (result.overwritten && !inMain) {
    const loop = enclosingLoop(result.overwritten, fn);
    ctx.report({
      node: site.call,
      messageId: 'overwritten',
      data,
      related: loop ? [{ node: loop, message: 'the loop runs the call again' }] : [],
    });
    return;
  }
  if (result.missed.length > 0 && !inMain) {
    const related: RelatedSpec[] = result.missed.map((m) => ({
      node: m.node,
      message:
        m.kind === 'return'
          ? `this return is reached without calling ${binding.name}`
          : `the function ends here without calling ${binding.name}`,
    }));
    ctx.report({ node: site.call, messageId: 'notOnAllPaths', data, related, fixes: deferFix(ctx, site, result, binding) });
    return;
  }
  // handed on only by storing it in fields that nothing calls
  const stores = result.uses.filter((u) => u.kind === 'field');
  if (stores.length > 0 && stores.length === result.uses.filter((u) => u.kind !== 'alias').length) {
    const f = stores[0]!.field!;
    if (
      f.owner !== null &&
      /^[a-z_]/.test(f.field) &&
      stores.every((u) => !obligations.fieldReleased(u.field!.field, u.field!.owner, 'func'))
    ) {
      ctx.report({
        node: site.call,
        messageId: 'storedNeverCalled',
        data: { callee, field: `${f.owner}.${f.field}` },
        related: stores.map((u) => ({ node: u.field!.node, message: 'stored here' })),
      });
    }
  }
}

/** `defer cancel()` after the call: safe when nothing derived from the context can be used after return. */
function deferFix(ctx: RuleContext, site: Site, result: SiteResult, binding: Binding): FixSpec[] {
  const fn = site.fn!;
  const stmt = site.stmt;
  if (!stmt || stmt.kind === 'ExprStmt') return [];
  const file = ctx.pkg.fileOfNode(stmt);
  const ins = file ? deferAfter(file, stmt, fn, `${binding.name}()`) : null;
  if (!file || !ins) return [];
  const directCallsOnly =
    result.aliases.length === 0 &&
    result.uses.every((u) => u.kind === 'release' && u.node.kind === 'Ident' && enclosingFuncOf(u.node) === fn && isCallStatement(u.node));
  const declaredHere = stmt.kind === 'DeclStmt' || stmt.tok === Tok.DEFINE;
  const companion = site.companion?.kind === 'Ident' && site.companion.name !== '_' ? ctx.pkg.bindingOf(site.companion) : undefined;
  const ctxStaysHere =
    site.companion?.kind === 'Ident' && (site.companion.name === '_' || (companion !== undefined && !ctxEscapes(ctx.pkg, fn, companion)));
  const safe =
    directCallsOnly &&
    declaredHere &&
    ctxStaysHere &&
    !hasConcurrencyOrStores(fn, stmt) &&
    result.missed.every((m) => (m.kind === 'end' ? !hasNamedResults(fn) : independentResults(ctx.pkg, m.node as ast.ReturnStmt, fn)));
  return [
    {
      title: `defer ${binding.name}() right after ${short(site.callee)}`,
      safe,
      edits: [{ pos: ins.pos, end: ins.pos, text: ins.text, file }],
    },
  ];
}

function enclosingFuncOf(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  return null;
}

function isCallStatement(id: ast.Node): boolean {
  const call = id.parent;
  if (call?.kind !== 'CallExpr' || unparenExpr(call.fun) !== id) return false;
  const stmt = call.parent;
  return stmt?.kind === 'ExprStmt' || stmt?.kind === 'DeferStmt';
}

function hasNamedResults(fn: FuncNode): boolean {
  return fn.type.results?.list.some((f) => f.names.length > 0) ?? false;
}

/** Goroutines, closures, channel sends or stores outside the function after `from`: things that may outlive it. */
function hasConcurrencyOrStores(fn: FuncNode, from: ast.Node): boolean {
  let found = false;
  inspect(fn.body!, (n) => {
    if (found) return false;
    if (n.end <= from.pos) return n.kind !== 'FuncLit';
    switch (n.kind) {
      case 'GoStmt':
      case 'FuncLit':
      case 'SendStmt':
        found = true;
        return false;
      case 'AssignStmt':
        if (n.lhs.some((l) => unparenExpr(l).kind !== 'Ident')) found = true;
        return true;
      default:
        return true;
    }
  });
  return found;
}

function nameUsedIn(fn: FuncNode, name: string): boolean {
  let used = false;
  inspect(fn, (n) => {
    if (used) return false;
    if (n.kind === 'Ident' && n.name === name) used = true;
    return true;
  });
  return used;
}

function enclosingLoop(node: ast.Node, fn: FuncNode): ast.ForStmt | ast.RangeStmt | null {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return n;
  return null;
}
