import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { builtinName } from '../../model/calls.js';
import { atLeast, versionString } from '../../model/goversion.js';
import type { Binding } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { enclosingFunc } from '../../model/obligations.js';
import { Tok } from '../../parse/token.js';
import { inspect, kindSet } from '../../parse/walk.js';

type Loop = ast.ForStmt;

export default defineRule({
  meta: {
    id: 'starvation-spin-wait',
    family: 'starvation',
    severity: 'warning',
    category: 'correctness',
    title: 'busy loop that neither blocks nor yields: waits on a plain variable, or cannot be preempted before Go 1.14',
    docs: {
      why:
        'A loop without function calls, channel operations or sleeps never gives up its processor. Two cases still ' +
        "matter with today's runtime:\n\n" +
        '- The loop waits for a plain (non-atomic, unlocked) variable that another goroutine sets: `for !s.ready {}` ' +
        'or `for { if stop { break } }`. Without synchronisation there is no happens-before edge, so the Go memory ' +
        'model does not promise the loop ever sees the write, and the compiler may load the variable once and spin ' +
        'forever on a register. It is also a data race, and while it waits it burns a whole CPU.\n' +
        '- The module declares a Go version older than 1.14 in its go.mod. Before Go 1.14 goroutines were preempted ' +
        'only at function calls: a call-free loop that runs long (a spin wait, `for {}`, a counting loop of millions ' +
        'of iterations) holds its P until it ends, and a stop-the-world for the GC waits for it, stalling every ' +
        'other goroutine. Since Go 1.14 the runtime preempts such loops asynchronously (signals), so they are not ' +
        "reported for go ≥ 1.14 unless they wait on a plain variable. (Go 1.22 did not change the scheduler's work " +
        'stealing; nothing here depends on it.)\n\n' +
        'Not reported: loops that call anything (an atomic Load, runtime.Gosched, a method), that receive or send, ' +
        'that change the variables they test, and loops over data.',
      bad: `package worker

type Worker struct {
	ready bool
	jobs  []func()
}

func (w *Worker) Start() {
	go func() {
		w.jobs = append(w.jobs, func() {})
		w.ready = true
	}()
}

func (w *Worker) Wait() {
	for !w.ready {
	}
}
`,
      good: `package worker

import "sync/atomic"

type Worker struct {
	ready chan struct{}
	jobs  []func()
}

func (w *Worker) Start() {
	w.ready = make(chan struct{})
	go func() {
		w.jobs = append(w.jobs, func() {})
		close(w.ready)
	}()
}

func (w *Worker) Wait() { <-w.ready }

var started atomic.Bool
`,
      fix:
        'Wait on something that blocks: a channel that the other goroutine closes, a sync.WaitGroup or sync.Cond. If a ' +
        'spin is really wanted (a few iterations before blocking), read the flag with sync/atomic and call ' +
        'runtime.Gosched() in the loop. For modules on Go < 1.14, add a call to runtime.Gosched() in long call-free ' +
        'loops or raise the go directive.',
      seeAlso: ['https://go.dev/ref/mem', 'https://go.dev/doc/go1.14#runtime', 'channel-select-busy-loop'],
    },
    messages: {
      plainVar:
        'busy wait on {var}, a plain variable written by another goroutine ({at}): without synchronisation this loop may never see the write, and it burns a CPU while it waits',
      noPreempt:
        'call-free loop {what}: with {version} (before Go 1.14, no asynchronous preemption) this goroutine cannot be preempted here, so other goroutines and GC stop-the-world wait for it',
    },
    help: {
      plainVar:
        'Block instead: wait on a channel the writer closes (or a WaitGroup/Cond); if you must spin, read {var} with sync/atomic and call runtime.Gosched().',
      noPreempt:
        'Call runtime.Gosched() inside the loop, block on a channel instead of spinning, or raise the go directive to 1.14 or later.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '既不阻塞也不让出的忙等循环：在普通变量上等待，或在 Go 1.14 之前无法被抢占',
        why: '没有函数调用、channel 操作或 sleep 的循环永远不会主动让出处理器。在今天的运行时下，有两种情况仍然要紧：\n\n- 循环等待另一个 goroutine 设置的普通（非原子、未加锁）变量：`for !s.ready {}` 或 `for { if stop { break } }`。没有同步就没有 happens-before 关系，Go 内存模型不保证循环能看到这次写入，编译器可以只读一次变量，然后在寄存器上永远空转。这同时也是数据竞争，而且等待期间会占满一个 CPU。\n- 模块在 go.mod 中声明的 Go 版本低于 1.14。在 Go 1.14 之前，goroutine 只会在函数调用处被抢占：一个长时间运行的无调用循环（自旋等待、`for {}`、数百万次迭代的计数循环）会一直占着它的 P 直到结束，GC 的 stop-the-world 也要等它，其他所有 goroutine 都会停顿。从 Go 1.14 起运行时会通过信号异步抢占这类循环，所以 go ≥ 1.14 时不报告，除非它在普通变量上等待。（Go 1.22 并没有修改调度器的 work stealing，这里的结论与它无关。）\n\n不报告的情况：调用了任何函数的循环（原子 Load、runtime.Gosched、方法调用）、有接收或发送操作的循环、会修改自己所检查变量的循环，以及遍历数据的循环。',
        fix: '改为在会阻塞的东西上等待：由另一个 goroutine 关闭的 channel、sync.WaitGroup 或 sync.Cond。如果确实需要自旋（阻塞之前先转几圈），用 sync/atomic 读取标志，并在循环中调用 runtime.Gosched()。对于 Go < 1.14 的模块，在长时间运行的无调用循环中加入 runtime.Gosched()，或者提高 go 指令的版本。',
        messages: {
          plainVar:
            '在 {var} 上忙等，而它是由另一个 goroutine 写入的普通变量（{at}）：没有同步，这个循环可能永远看不到这次写入，等待期间还会占满一个 CPU',
          noPreempt:
            '无函数调用的循环{what}：在 {version} 下（早于 Go 1.14，没有异步抢占）这个 goroutine 在这里无法被抢占，其他 goroutine 和 GC 的 stop-the-world 都要等它',
        },
        help: {
          plainVar:
            '改为阻塞等待：等待写入方关闭的 channel（或 WaitGroup/Cond）；如果一定要自旋，用 sync/atomic 读取 {var} 并调用 runtime.Gosched()。',
          noPreempt: '在循环中调用 runtime.Gosched()，改为阻塞在 channel 上而不是自旋，或者把 go 指令提高到 1.14 或更高。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['for'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const old = !atLeast(ctx.goVersion, 14);
    let writes: Write[] | null = null;
    for (const file of pkg.files) {
      if (file.isGenerated) continue;
      loops: for (const n of pkg.nodesOfKind('ForStmt', file.ast)) {
        if (!callFree(ctx, n)) continue;
        const waits = waitConditions(n);
        if (waits === null) {
          // for {} with no way out
          if (old && n.cond === null) report(ctx, n, 'that never ends');
          continue;
        }
        const changed = writtenIn(ctx, n);
        const unchanged = (o: ast.Expr) => !changed.has(keyOf(ctx, o)) && !changed.has(rootKey(ctx, o));
        const operands = waits.flatMap((c) => operandsOf(c)).filter(unchanged);
        const stable = operands.length > 0 && waits.every((c) => operandsOf(c).every(unchanged));
        if (stable) {
          writes ??= collectWrites(ctx);
          const fn = enclosingFunc(n);
          for (const o of operands) {
            const k = keyOf(ctx, o);
            if (k === null) continue;
            const w = writes.find((w) => w.key === k && concurrentWrite(w, n, fn, o));
            if (w) {
              ctx.report({
                node: o,
                messageId: 'plainVar',
                data: { var: text(ctx, o), at: lineOf(ctx, n, w.node) },
                related: [{ node: w.node, message: `${text(ctx, o)} is written here, in ${w.fnLabel}` }],
              });
              continue loops;
            }
          }
          if (old) report(ctx, n, 'that waits for a condition it does not change');
          continue;
        }
        if (old && n.cond !== null && bigBound(n.cond)) report(ctx, n, 'of millions of iterations');
      }
    }
  },
});

function report(ctx: RuleContext, loop: Loop, what: string): void {
  ctx.report({ node: forKeyword(loop), messageId: 'noPreempt', data: { what, version: versionString(ctx.goVersion) } });
}

function forKeyword(loop: Loop): ast.Node {
  return { ...loop, end: loop.pos + 3 } as ast.Node;
}

/** No calls (builtins aside), channel operations, selects, goroutines, defers or closures. */
function callFree(ctx: RuleContext, loop: Loop): boolean {
  let free = true;
  inspect(loop, (n) => {
    if (!free) return false;
    switch (n.kind) {
      case 'CallExpr':
        if (builtinName(ctx.pkg, n) === null && !conversion(ctx, n)) free = false;
        break;
      case 'SendStmt':
      case 'SelectStmt':
      case 'GoStmt':
      case 'DeferStmt':
      case 'FuncLit':
      case 'RangeStmt':
      case 'LabeledStmt':
        free = false;
        break;
      case 'UnaryExpr':
        if (n.op === Tok.ARROW) free = false;
        break;
      case 'BranchStmt':
        if (n.tok === Tok.GOTO) free = false;
        break;
      default:
        break;
    }
    return free;
  });
  return free;
}

/** `uint32(x)`, `T(x)`, `[]byte(s)`: conversions compile to no call. */
function conversion(ctx: RuleContext, call: ast.CallExpr): boolean {
  const fun = unparenExpr(call.fun);
  if (fun.kind === 'Ident') return ctx.pkg.bindingOf(fun)?.kind === 'type';
  return fun.kind === 'ArrayType' || fun.kind === 'StarExpr' || fun.kind === 'MapType' || fun.kind === 'ChanType';
}

/**
 * The conditions the loop waits on: its own condition, or — for `for {}` — the conditions of
 * top-level `if c { break }` / `if c { return }`. null for an endless loop with no way out; [] when
 * the loop leaves in other ways (nested breaks), which is not a wait we understand.
 */
function waitConditions(loop: Loop): ast.Expr[] | null {
  if (loop.cond !== null) return loop.init === null && loop.post === null ? [loop.cond] : [];
  const conds: ast.Expr[] = [];
  let exits = false;
  inspect(loop.body, (n) => {
    if (n.kind === 'ReturnStmt' || (n.kind === 'BranchStmt' && n.tok === Tok.BREAK)) exits = true;
    return true;
  });
  if (!exits) return null;
  for (const s of loop.body.list) {
    if (s.kind === 'IfStmt' && s.init === null && s.else === null && s.body.list.length === 1) {
      const only = s.body.list[0]!;
      if (only.kind === 'ReturnStmt' || (only.kind === 'BranchStmt' && only.tok === Tok.BREAK && only.label === null)) {
        conds.push(s.cond);
        continue;
      }
    }
  }
  return conds;
}

/** Variables and field selectors the condition reads (not index expressions, not calls). */
function operandsOf(cond: ast.Expr): ast.Expr[] {
  const out: ast.Expr[] = [];
  inspect(cond, (n) => {
    if (n.kind === 'SelectorExpr') {
      out.push(n);
      return false;
    }
    if (n.kind === 'Ident') out.push(n);
    if (n.kind === 'IndexExpr') return false;
    return true;
  });
  return out;
}

/** A stable identity: the binding of an identifier, the field name of a selector rooted in a variable. */
function keyOf(ctx: RuleContext, e: ast.Expr): string | null {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') {
    const b = ctx.pkg.bindingOf(x);
    if (!b || b.kind !== 'var') return null;
    return `v${b.id}`;
  }
  if (x.kind === 'SelectorExpr') {
    const root = rootIdent(x);
    if (!root) return null;
    const b = ctx.pkg.bindingOf(root);
    if (!b || b.kind === 'import') return b?.kind === 'import' ? `p${b.name}.${x.sel.name}` : null;
    if (b.kind !== 'var') return null;
    return `f.${x.sel.name}`;
  }
  return null;
}

/** The key of the variable a selector starts from (`v` of `v.Op`): a loop that moves `v` is a walk, not a wait. */
function rootKey(ctx: RuleContext, e: ast.Expr): string | null {
  const x = unparenExpr(e);
  if (x.kind !== 'SelectorExpr') return null;
  const root = rootIdent(x);
  return root ? keyOf(ctx, root) : null;
}

function rootIdent(e: ast.Expr): ast.Ident | null {
  let x = unparenExpr(e);
  while (x.kind === 'SelectorExpr') x = unparenExpr(x.x);
  return x.kind === 'Ident' ? x : null;
}

/** Keys of what the loop itself assigns. */
function writtenIn(ctx: RuleContext, loop: Loop): Set<string | null> {
  const out = new Set<string | null>();
  const add = (e: ast.Expr) => {
    const k = keyOf(ctx, e);
    if (k !== null) out.add(k);
  };
  inspect(loop, (n) => {
    if (n.kind === 'AssignStmt') for (const l of n.lhs) add(l);
    else if (n.kind === 'IncDecStmt') add(n.x);
    else if (n.kind === 'UnaryExpr' && n.op === Tok.AND) add(n.x); // &x handed out
    return true;
  });
  return out;
}

interface Write {
  key: string;
  node: ast.Node;
  fn: ast.FuncDecl | ast.FuncLit | null;
  fnLabel: string;
  binding: Binding | null;
}

/** The statements collectWrites looks at. */
const WRITE_KINDS = kindSet(['AssignStmt', 'IncDecStmt']);

function collectWrites(ctx: RuleContext): Write[] {
  const out: Write[] = [];
  ctx.pkg.eachNodeOfKinds(WRITE_KINDS, (n) => {
    const targets = n.kind === 'AssignStmt' && n.tok !== Tok.DEFINE ? n.lhs : n.kind === 'IncDecStmt' ? [n.x] : [];
    for (const t of targets) {
      const key = keyOf(ctx, t);
      if (key === null) continue;
      const fn = ctx.pkg.enclosingFunction(n);
      const x = unparenExpr(t);
      out.push({
        key,
        node: n,
        fn,
        fnLabel: fn === null ? 'package scope' : fn.kind === 'FuncDecl' ? fn.name.name : 'a function literal',
        binding: x.kind === 'Ident' ? (ctx.pkg.bindingOf(x) ?? null) : null,
      });
    }
  });
  return out;
}

/**
 * Since the loop calls nothing, whatever changes the variable while it spins runs on another
 * goroutine: a write in another function, or in a function literal (for locals, the literal must
 * capture it).
 */
function concurrentWrite(w: Write, loop: Loop, loopFn: ast.FuncDecl | ast.FuncLit | null, operand: ast.Expr): boolean {
  if (w.fn === null) return false;
  if (w.node.pos >= loop.pos && w.node.end <= loop.end) return false;
  if (w.fn === loopFn) return false;
  const x = unparenExpr(operand);
  if (x.kind === 'Ident' && w.binding && w.binding.role !== 'package') return w.fn.kind === 'FuncLit';
  return true;
}

/** `i < 1e9`, `n < 100000000`: a constant bound of at least a million. */
function bigBound(cond: ast.Expr): boolean {
  let big = false;
  inspect(cond, (n) => {
    if (n.kind === 'BasicLit') {
      const v = Number(n.value.replace(/_/g, ''));
      if (Number.isFinite(v) && v >= 1e6) big = true;
    }
    return true;
  });
  return big;
}

function text(ctx: RuleContext, e: ast.Node): string {
  const f = ctx.pkg.fileOfNode(e);
  return f ? f.src.slice(e.pos, e.end) : '?';
}

function lineOf(ctx: RuleContext, from: ast.Node, to: ast.Node): string {
  const a = ctx.pkg.fileOfNode(from);
  const b = ctx.pkg.fileOfNode(to);
  if (!b) return 'elsewhere';
  const line = b.lines.position(to.pos).line;
  return a === b ? `line ${line}` : `${b.path.slice(b.path.lastIndexOf('/') + 1)}:${line}`;
}
