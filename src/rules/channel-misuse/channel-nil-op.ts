import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { type ChanUse, chanUses } from '../../model/chanuse.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { lineOf } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-nil-op',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'send, receive, range or close on a channel variable that is always nil',
    docs: {
      why:
        'The zero value of a channel is nil. A send or receive on a nil channel blocks forever, a `for range` over it ' +
        'never starts and never ends, and `close` of it panics (`close of nil channel`). Declaring `var ch chan T` ' +
        'without `make` is an easy slip: the code compiles and the goroutine that uses the channel simply hangs (or, ' +
        'when every goroutine does, the program dies with "all goroutines are asleep - deadlock!").\n\n' +
        'Reported for local variables and unexported package variables that are never assigned anything (no `make`, no ' +
        'assignment, address never taken). Nil channels in select cases are left alone: disabling a case with a nil ' +
        'channel is an idiom.',
      bad: `package p

func collect(n int, work func(int) int) []int {
	var results chan int
	for i := 0; i < n; i++ {
		go func(i int) { results <- work(i) }(i)
	}
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	return out
}
`,
      good: `package p

func collect(n int, work func(int) int) []int {
	results := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) { results <- work(i) }(i)
	}
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, <-results)
	}
	return out
}
`,
      fix: 'Create the channel with `make(chan T)` (or `make(chan T, n)`) before using it.',
      seeAlso: ['runtime: close of nil channel', 'https://go.dev/ref/spec#Channel_types'],
    },
    messages: {
      send: 'send on nil channel blocks forever: {ch} is never assigned a channel (declared at line {line})',
      recv: 'receive from nil channel blocks forever: {ch} is never assigned a channel (declared at line {line})',
      range: 'range over nil channel blocks forever: {ch} is never assigned a channel (declared at line {line})',
      close: 'close of nil channel panics: {ch} is never assigned a channel (declared at line {line})',
    },
    help: {
      send: 'Initialise {ch} with make(chan ...) before the goroutines use it.',
      recv: 'Initialise {ch} with make(chan ...) before the goroutines use it.',
      range: 'Initialise {ch} with make(chan ...) before the goroutines use it.',
      close: 'Initialise {ch} with make(chan ...), or do not close it.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '对始终为 nil 的 channel 变量做发送、接收、range 或 close',
        why: 'channel 的零值是 nil。向 nil channel 发送或从中接收会永久阻塞，对它的 `for range` 永远不会开始也不会结束，对它 `close` 会 panic（`close of nil channel`）。只写了 `var ch chan T` 而没有 `make` 是很容易犯的疏忽：代码能编译，使用这个 channel 的 goroutine 却会直接卡住（如果所有 goroutine 都卡住，程序就会以 "all goroutines are asleep - deadlock!" 终止）。\n\n对从未被赋值（没有 `make`、没有赋值、也从未取地址）的局部变量和未导出的包级变量报告。select case 中的 nil channel 不报告：用 nil channel 禁用某个 case 是一种惯用法。',
        fix: '在使用之前用 `make(chan T)`（或 `make(chan T, n)`）创建 channel。',
        messages: {
          send: '向 nil channel 发送会永久阻塞：{ch} 从未被赋予 channel（在第 {line} 行声明）',
          recv: '从 nil channel 接收会永久阻塞：{ch} 从未被赋予 channel（在第 {line} 行声明）',
          range: 'range nil channel 会永久阻塞：{ch} 从未被赋予 channel（在第 {line} 行声明）',
          close: '关闭 nil channel 会 panic：{ch} 从未被赋予 channel（在第 {line} 行声明）',
        },
        help: {
          send: '在 goroutine 使用 {ch} 之前用 make(chan ...) 初始化它。',
          recv: '在 goroutine 使用 {ch} 之前用 make(chan ...) 初始化它。',
          range: '在 goroutine 使用 {ch} 之前用 make(chan ...) 初始化它。',
          close: '用 make(chan ...) 初始化 {ch}，或者不要关闭它。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['chan'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    for (const b of nilChannelVars(pkg)) {
      const uses = b.owner ? chanUses(pkg, b) : packageUses(pkg, b);
      if (!uses.every((u) => ['send', 'recv', 'range', 'close', 'deferClose', 'inspect'].includes(u.kind))) continue;
      for (const u of uses) report(ctx, b, u);
    }
  },
});

function report(ctx: RuleContext, b: Binding, u: ChanUse): void {
  if (u.select !== null || u.kind === 'inspect') return;
  const messageId = u.kind === 'deferClose' ? 'close' : u.kind;
  const node = u.kind === 'range' ? (u.node as ast.RangeStmt).x : u.node;
  ctx.report({
    node,
    file: ctx.pkg.fileOfNode(u.node),
    messageId,
    data: { ch: b.name, line: lineOf(ctx.pkg, b.ident!) },
    related: [{ node: b.ident!, message: `${b.name} is declared here without make(chan ...)` }],
  });
}

/** `var ch chan T` (or `= nil`): local variables, and unexported package variables. */
function nilChannelVars(pkg: PackageModel): Binding[] {
  const ti = TypeInfo.of(pkg);
  const out: Binding[] = [];
  for (const n of pkg.valueSpecs) {
    if (!n.type || ti.underlying(ti.typeFromExpr(n.type)).k !== 'chan') continue;
    if (n.values.length > 0 && !n.values.every(isNil)) continue;
    for (const id of n.names) {
      const b = pkg.bindingOf(id);
      if (!b || b.kind !== 'var' || id.name === '_') continue;
      if (b.owner === null && /^[A-Z]/.test(id.name)) continue; // exported: other packages may assign it
      out.push(b);
    }
  }
  return out;
}

function isNil(e: ast.Expr): boolean {
  const x = unparenExpr(e);
  return x.kind === 'Ident' && x.name === 'nil';
}

/** Uses of a package-level variable in every file of the package. */
function packageUses(pkg: PackageModel, b: Binding): ChanUse[] {
  // package variables have no owner function: classify each reference as chanUses would
  const out: ChanUse[] = [];
  for (const fn of pkg.functions) {
    if (fn.kind !== 'FuncDecl' || !fn.body) continue;
    out.push(...chanUses(pkg, b, fn));
  }
  // references outside function bodies (other package-level initialisers) count as escapes
  for (const id of pkg.identsOf(b)) {
    if (id === b.ident) continue;
    let fn = pkg.enclosingFunction(id);
    while (fn !== null && fn.kind === 'FuncLit') fn = pkg.enclosingFunction(fn);
    if (fn === null) out.push({ kind: 'escape' } as ChanUse);
  }
  return out;
}
