import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { builtinName, isMethodOn } from '../../model/calls.js';
import { exportedFuncs } from '../../model/cgo.js';
import { isChanType } from '../../model/channels.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { lineRef, skipped, srcText } from './cgo-text.js';

interface ForeverOp {
  node: ast.Node;
  /** "select {}", "a receive from done, which nothing sends on or closes", ... */
  what: string;
}

const MAX_DEPTH = 2;

export default defineRule({
  meta: {
    id: 'cgo-export-blocks-forever',
    family: 'cgo',
    severity: 'error',
    category: 'correctness',
    title: 'function exported to C (//export) blocks forever',
    docs: {
      why:
        'A function marked `//export` is called by C code on a C thread; the C caller waits until it returns. If it ' +
        'blocks forever — `select {}`, a receive from a channel nothing sends on or closes, `wg.Wait()` on a WaitGroup ' +
        'whose Done is never called, an empty `for {}` — the C thread hangs for good: an audio callback stops ' +
        'delivering frames, a plugin host freezes. The rest of the Go program keeps running (a blocked callback hands ' +
        'its P to other goroutines), and the Go runtime does not report "all goroutines are asleep - deadlock!" for it, ' +
        'so nothing in the logs says why the C side stopped. Locking the OS thread (runtime.LockOSThread) has nothing ' +
        'to do with it: the callback would hang the same way without it.',
      bad: `package plugin

import "C"

//export OnEvent
func OnEvent(code C.int) {
	handle(int(code))
	select {}
}

func handle(int) {}
`,
      good: `package plugin

import "C"

var events = make(chan int, 64)

//export OnEvent
func OnEvent(code C.int) {
	select {
	case events <- int(code):
	default: // drop rather than block the C thread
	}
}
`,
      fix:
        'Never wait indefinitely in an exported function: hand the work to a goroutine (a buffered channel send with a ' +
        'default case, or `go handle(x)`) and return to C at once; if C must wait for a result, wait with a timeout.',
      seeAlso: ['https://pkg.go.dev/cmd/cgo#hdr-C_references_to_Go', 'goroutine-leak rules'],
    },
    messages: {
      blocks: '{fn} is exported to C and blocks forever in {what}: the C thread that called it never gets control back, and the Go runtime does not report a deadlock for it',
      blocksVia:
        '{fn} is exported to C and blocks forever in {callee}, which reaches {what} ({at}): the C thread that called it never gets control back, and the Go runtime does not report a deadlock for it',
      spins: '{fn} is exported to C and never returns from this empty for loop: the C thread that called it spins forever',
    },
    help: {
      blocks: 'Hand the work to a goroutine and return to C at once; if C must wait for a result, wait with a timeout.',
      blocksVia: 'Hand the work to a goroutine and return to C at once; if C must wait for a result, wait with a timeout.',
      spins: 'Return to C; run endless work in a goroutine.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '导出给 C 的函数（//export）永远阻塞',
        why: '标记为 `//export` 的函数由 C 代码在 C 线程上调用；C 调用方要等它返回。如果它永远阻塞——`select {}`、从没有人发送也没有人关闭的 channel 接收、对永远不会调用 Done 的 WaitGroup 调用 `wg.Wait()`、空的 `for {}`——这个 C 线程就永远卡住了：音频回调不再输出帧，插件宿主僵死。Go 程序的其余部分照常运行（阻塞的回调会把它的 P 交给其他 goroutine），Go 运行时也不会为此报告 "all goroutines are asleep - deadlock!"，所以日志里没有任何线索说明 C 侧为什么停了。这与锁定 OS 线程（runtime.LockOSThread）无关：不锁定线程，回调也会一样卡住。',
        fix: '导出函数中绝不要无限期等待：把工作交给一个 goroutine（带 default 分支的缓冲 channel 发送，或 `go handle(x)`），然后立即返回 C；如果 C 必须等结果，就带超时地等。',
        messages: {
          blocks: '{fn} 被导出给 C，却在 {what} 处永远阻塞：调用它的 C 线程再也拿不回控制权，Go 运行时也不会为此报告死锁',
          blocksVia: '{fn} 被导出给 C，却在 {callee} 中永远阻塞，后者会执行到 {what}（{at}）：调用它的 C 线程再也拿不回控制权，Go 运行时也不会为此报告死锁',
          spins: '{fn} 被导出给 C，却永远不会从这个空的 for 循环返回：调用它的 C 线程会一直空转',
        },
        help: {
          blocks: '把工作交给一个 goroutine，立即返回 C；如果 C 必须等结果，就带超时地等。',
          blocksVia: '把工作交给一个 goroutine，立即返回 C；如果 C 必须等结果，就带超时地等。',
          spins: '返回 C；把无限循环的工作放到一个 goroutine 中运行。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const [fn] of exportedFuncs(ctx.pkg)) {
      if (skipped(ctx.pkg.fileOfNode(fn))) continue;
      const name = fn.name.name;
      for (const op of foreverOps(ctx, fn)) {
        if (op.node.kind === 'ForStmt') ctx.report({ node: forKeyword(op.node), messageId: 'spins', data: { fn: name } });
        else ctx.report({ node: op.node, messageId: 'blocks', data: { fn: name, what: op.what } });
      }
      for (const { call, callee, op } of foreverCalls(ctx, fn, 1, new Set([fn]))) {
        ctx.report({
          node: call,
          messageId: 'blocksVia',
          data: { fn: name, callee: `${callee.name.name}()`, what: op.what, at: lineRef(ctx, call, op.node) },
          related: [{ node: op.node, message: `blocks forever here (${op.what})` }],
        });
      }
    }
  },
});

function forKeyword(loop: ast.ForStmt): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: loop.pos, end: loop.pos + 3, parent: loop } as ast.Node;
}

/** Operations of a function body (not its closures or goroutines) that never complete. */
function foreverOps(ctx: RuleContext, fn: FuncNode): ForeverOp[] {
  const pkg = ctx.pkg;
  const out: ForeverOp[] = [];
  const caseOps = new Set<ast.Node>();
  inspect(fn.body!, (n) => {
    switch (n.kind) {
      case 'FuncLit':
      case 'GoStmt':
        return false;
      case 'SelectStmt': {
        if (n.body.list.length === 0) {
          out.push({ node: selectKeyword(n), what: 'select {}' });
          return false;
        }
        const hasDefault = n.body.list.some((c) => c.kind === 'CommClause' && c.comm === null);
        const recvs: ast.Expr[] = [];
        for (const c of n.body.list) {
          if (c.kind !== 'CommClause' || !c.comm) continue;
          const r = commRecv(c.comm);
          if (r) caseOps.add(r);
          recvs.push(r ? r.x : (null as unknown as ast.Expr));
        }
        if (!hasDefault && recvs.length > 0 && recvs.every((ch) => ch !== null && deadChannel(ctx, ch))) {
          out.push({ node: selectKeyword(n), what: `a select whose channels (${recvs.map((c) => srcText(ctx, c)).join(', ')}) nothing sends on or closes` });
        }
        return true;
      }
      case 'UnaryExpr':
        if (n.op === Tok.ARROW && !caseOps.has(n) && deadChannel(ctx, n.x)) {
          out.push({ node: n, what: `a receive from ${srcText(ctx, n.x)}, which nothing sends on or closes` });
        }
        return true;
      case 'RangeStmt':
        if (isChanType(pkg, n.x) && deadChannel(ctx, n.x)) {
          out.push({ node: n.x, what: `a range over ${srcText(ctx, n.x)}, which nothing sends on or closes` });
        }
        return true;
      case 'ForStmt':
        if (n.cond === null && n.init === null && n.post === null && n.body.list.length === 0) out.push({ node: n, what: 'for {}' });
        return true;
      case 'CallExpr':
        if (isMethodOn(pkg, n, 'sync', 'WaitGroup', 'Wait') && n.fun.kind === 'SelectorExpr' && deadWaitGroup(ctx, n.fun.x)) {
          out.push({ node: n, what: `${srcText(ctx, n)}, whose WaitGroup has Add but no Done anywhere` });
        }
        return true;
      default:
        return true;
    }
  });
  return out;
}

/** Calls of package functions that reach a forever operation, up to MAX_DEPTH calls deep. */
function foreverCalls(ctx: RuleContext, fn: FuncNode, depth: number, seen: Set<FuncNode>): { call: ast.CallExpr; callee: ast.FuncDecl; op: ForeverOp }[] {
  const ti = TypeInfo.of(ctx.pkg);
  const out: { call: ast.CallExpr; callee: ast.FuncDecl; op: ForeverOp }[] = [];
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit' || n.kind === 'GoStmt' || n.kind === 'DeferStmt') return false;
    if (n.kind !== 'CallExpr') return true;
    const callee = ti.callee(n);
    if (!callee?.body || seen.has(callee)) return true;
    seen.add(callee);
    const ops = foreverOps(ctx, callee);
    if (ops.length > 0) out.push({ call: n, callee, op: ops[0]! });
    else if (depth < MAX_DEPTH) {
      const inner = foreverCalls(ctx, callee, depth + 1, seen);
      if (inner.length > 0) out.push({ call: n, callee, op: inner[0]!.op });
    }
    return true;
  });
  return out;
}

function selectKeyword(s: ast.SelectStmt): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: s.pos, end: s.pos + 6, parent: s } as ast.Node;
}

function commRecv(comm: ast.Stmt): ast.UnaryExpr | null {
  const x = comm.kind === 'ExprStmt' ? comm.x : comm.kind === 'AssignStmt' ? comm.rhs[0] : undefined;
  const recv = x ? unparenExpr(x) : undefined;
  return recv?.kind === 'UnaryExpr' && recv.op === Tok.ARROW ? recv : null;
}

// ---------------------------------------------------------------------------
// Channels and WaitGroups nothing signals

interface Ref {
  node: ast.Expr;
}

/** A key naming a channel or WaitGroup across functions: a variable, or a field of a named type. */
function keyOf(ctx: RuleContext, e: ast.Expr): string | null {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') {
    const b = ctx.pkg.bindingOf(x);
    return b?.kind === 'var' ? `v${b.id}` : null;
  }
  if (x.kind === 'SelectorExpr') {
    const f = TypeInfo.of(ctx.pkg).field(TypeInfo.of(ctx.pkg).typeOf(x.x), x.sel.name);
    return f?.owner ? `f:${f.owner}.${x.sel.name}` : null;
  }
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) return keyOf(ctx, x.x);
  return null;
}

/** Every expression of the package naming the same channel or WaitGroup. */
function refsOf(ctx: RuleContext, key: string): Ref[] {
  const memo = ctx.pkg.analysis('cgo-export-refs', () => new Map<string, Ref[]>());
  const known = memo.get(key);
  if (known) return known;
  const out: Ref[] = [];
  const field = key.startsWith('f:') ? key.slice(key.lastIndexOf('.') + 1) : null;
  for (const fn of ctx.pkg.functions) {
    if (!fn.body || ctx.pkg.funcParents.get(fn) !== undefined) continue; // literals are walked with their parent
    inspect(fn.body, (n) => {
      if (field !== null ? n.kind === 'SelectorExpr' && n.sel.name === field : n.kind === 'Ident') {
        if (keyOf(ctx, n as ast.Expr) === key) out.push({ node: n as ast.Expr });
      }
      return true;
    });
  }
  // package-level initialisers (var done = make(chan struct{}))
  memo.set(key, out);
  return out;
}

/** True when every use of the channel is a receive, a range, a make or a comparison. */
function deadChannel(ctx: RuleContext, ch: ast.Expr): boolean {
  const key = keyOf(ctx, ch);
  if (key === null || !madeHere(ctx, ch)) return false;
  return refsOf(ctx, key).every((r) => passiveChannelUse(ctx, r.node));
}

/** True when the channel is a variable or field this package only ever sets with make (or leaves nil). */
function madeHere(ctx: RuleContext, ch: ast.Expr): boolean {
  const pkg = ctx.pkg;
  const isMake = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'CallExpr' && builtinName(pkg, x) === 'make';
  };
  const x = unparenExpr(ch);
  if (x.kind === 'Ident') {
    const b = pkg.bindingOf(x);
    if (!b || (b.role !== 'local' && b.role !== 'package')) return false;
    if (b.source.k === 'init') return !b.source.ofTuple && isMake(b.source.expr);
    return b.source.k === 'none';
  }
  if (x.kind !== 'SelectorExpr') return false;
  const ti = TypeInfo.of(pkg);
  const owner = ti.field(ti.typeOf(x.x), x.sel.name)?.owner;
  if (!owner) return false;
  let ok = true;
  for (const fn of pkg.functions) {
    if (!ok || !fn.body || pkg.funcParents.get(fn) !== undefined) continue;
    inspect(fn.body, (n) => {
      if (!ok) return false;
      if (n.kind === 'KeyValueExpr' && n.key.kind === 'Ident' && n.key.name === x.sel.name && n.parent?.kind === 'CompositeLit') {
        const lit = n.parent;
        const t = lit.type ? ti.typeFromExpr(lit.type) : ti.typeOf(lit);
        if (t.k === 'named' && t.name === owner && !isMake(n.value)) ok = false;
      }
      return true;
    });
  }
  return ok;
}

function passiveChannelUse(ctx: RuleContext, e: ast.Expr): boolean {
  let c: ast.Node = e;
  while (c.parent?.kind === 'ParenExpr') c = c.parent;
  const p = c.parent;
  if (!p) return false;
  switch (p.kind) {
    case 'UnaryExpr':
      return p.op === Tok.ARROW;
    case 'RangeStmt':
      return p.x === c;
    case 'BinaryExpr':
      return true;
    case 'AssignStmt':
      // being (re)made: ch = make(chan T)
      return p.lhs.includes(c as ast.Expr) && p.rhs.every((r) => r.kind === 'CallExpr' && builtinName(ctx.pkg, r) === 'make');
    case 'CallExpr':
      return builtinName(ctx.pkg, p) === 'len' || builtinName(ctx.pkg, p) === 'cap';
    default:
      return false;
  }
}

/** A WaitGroup with an Add but no Done, never handed to other code. */
function deadWaitGroup(ctx: RuleContext, wg: ast.Expr): boolean {
  const key = keyOf(ctx, wg);
  if (key === null) return false;
  const base = unparenExpr(wg);
  if (base.kind === 'Ident') {
    const b = ctx.pkg.bindingOf(base);
    if (!b || (b.role !== 'local' && b.role !== 'package')) return false;
  }
  let adds = 0;
  for (const r of refsOf(ctx, key)) {
    let c: ast.Node = r.node;
    while (c.parent?.kind === 'ParenExpr') c = c.parent;
    const p = c.parent;
    if (p?.kind === 'SelectorExpr' && p.x === c) {
      const call = p.parent;
      if (call?.kind !== 'CallExpr' || call.fun !== p) return false;
      if (p.sel.name === 'Done' || p.sel.name === 'Go') return false;
      if (p.sel.name === 'Add') {
        const n = call.args[0] ? unparenExpr(call.args[0]) : null;
        if (n && n.kind === 'UnaryExpr' && n.op === Tok.SUB) return false; // Add(-1) is a Done
        adds++;
      }
      continue;
    }
    return false; // handed on (&wg), copied, or stored
  }
  return adds > 0;
}
