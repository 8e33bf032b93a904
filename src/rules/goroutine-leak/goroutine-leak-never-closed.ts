import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { deferAfter } from '../../model/deferfix.js';
import { functionLeaks, type WaitSet, type Waiter } from '../../model/leaks.js';
import { processLifetime } from '../../model/lifetime.js';
import type { FuncNode } from '../../model/scope.js';
import { funcName, goSpan, lineOf, loopHeader, skippedFile } from './leak-report.js';

export default defineRule({
  meta: {
    id: 'goroutine-leak-never-closed',
    family: 'goroutine-leak',
    severity: 'warning',
    category: 'correctness',
    title: 'goroutine waits on a channel that is never closed (or sent to) on some path',
    docs: {
      why:
        'A goroutine that ranges over a channel runs until the channel is closed; one that receives from a `done` or ' +
        '`quit` channel waits until something is sent or the channel is closed. When the channel is made by the function ' +
        'that starts the goroutine and never leaves it, only that function (or goroutines it starts) can close it. If ' +
        'nobody does — or the function returns on an error path before it does — the goroutine waits forever: it is ' +
        'never scheduled again, never collected, and keeps everything it references alive. One leaks per call.\n\n' +
        'Reported at the wait (the `for range`, the receive, or the select case of a goroutine whose only way out is ' +
        'that channel), with the exits that leave it waiting. Channels passed to other functions, stored, returned or ' +
        'closed by other goroutines are not judged. A goroutine that receives in a loop needs an unknown number of ' +
        'values, and a loop of the function that sends serves an unknown number: exits after such a loop are not ' +
        'judged. Tests are analysed, except on paths where the test has already reported its failure.',
      bad: `package p

func process(items []string, handle func(string)) {
	work := make(chan string)
	go func() {
		for it := range work {
			handle(it)
		}
	}()
	for _, it := range items {
		work <- it
	}
}
`,
      good: `package p

func process(items []string, handle func(string)) {
	work := make(chan string)
	go func() {
		for it := range work {
			handle(it)
		}
	}()
	defer close(work) // the worker's range ends when process returns
	for _, it := range items {
		work <- it
	}
}
`,
      fix:
        'Close the channel when the producer is done — `defer close(ch)` right after starting the goroutine covers every ' +
        'path, including early returns — or give the goroutine another way out (a context, a stop channel).',
      seeAlso: ['goroutine-leak-early-return', 'context-not-propagated', 'https://go.dev/blog/pipelines'],
    },
    messages: {
      rangeNever: 'goroutine leak: this range over {ch} never ends, because nothing ever closes {ch}',
      recvNever: 'goroutine leak: this receive from {ch} blocks forever, because nothing ever sends on or closes {ch}',
      quitNever: 'goroutine leak: the goroutine only stops when it receives from {ch}, and nothing ever sends on or closes {ch}',
      rangeExit: 'goroutine leak: this range over {ch} never ends when {fn} returns at line {line}, which does not close {ch}',
      recvExit: 'goroutine leak: this receive from {ch} blocks forever when {fn} returns at line {line} without sending on or closing {ch}',
      quitExit:
        'goroutine leak: the goroutine only stops when it receives from {ch}, which {fn} does not close when it returns at line {line}',
    },
    help: {
      rangeNever: 'Close {ch} once the last value is sent: `defer close({ch})` in the function that sends.',
      recvNever: 'Close {ch} (or send on it) when the goroutine should stop: `defer close({ch})` in {fn}.',
      quitNever: 'Close {ch} when the goroutine should stop: `defer close({ch})` in {fn}, or stop it through a context.',
      rangeExit: 'Close {ch} on every path: `defer close({ch})` after starting the goroutine, instead of closing it at the end only.',
      recvExit: 'Signal the goroutine on every path: `defer close({ch})` after starting it.',
      quitExit: 'Close {ch} on every path: `defer close({ch})` after starting the goroutine.',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: 'goroutine 等待的 channel 在某些路径上从未被关闭（或发送）',
        why: 'range 一个 channel 的 goroutine 会一直运行到 channel 被关闭；从 `done` 或 `quit` channel 接收的 goroutine 会一直等到有值发送过来或 channel 被关闭。如果 channel 由启动 goroutine 的函数创建、并且从未离开这个函数，那么只有这个函数（或它启动的 goroutine）能关闭它。如果没人关闭——或者函数在关闭之前就因为错误路径 return 了——goroutine 就会永远等待：它再也不会被调度，也不会被回收，还让它引用的一切一直存活。每次调用泄漏一个。\n\n在等待处报告（`for range`、接收操作，或者只能通过该 channel 退出的 goroutine 中的 select case），并指出让它一直等待的出口。被传给其他函数、被保存、被返回或由其他 goroutine 关闭的 channel 不做判断。在循环中接收的 goroutine 需要的值的个数未知，函数中负责发送的循环能满足的个数也未知：这种循环之后的退出点不做判断。测试也会分析，但测试已经报告失败之后的路径除外。',
        fix: '在生产者结束时关闭 channel——在启动 goroutine 之后紧跟 `defer close(ch)` 可以覆盖包括提前 return 在内的所有路径——或者给 goroutine 另一条退出途径（context、停止 channel）。',
        messages: {
          rangeNever: 'goroutine 泄漏：对 {ch} 的 range 永远不会结束，因为没有任何代码关闭 {ch}',
          recvNever: 'goroutine 泄漏：从 {ch} 接收会永远阻塞，因为没有任何代码向 {ch} 发送或关闭它',
          quitNever: 'goroutine 泄漏：这个 goroutine 只有从 {ch} 收到值才会停止，而没有任何代码向 {ch} 发送或关闭它',
          rangeExit: 'goroutine 泄漏：{fn} 在第 {line} 行返回时没有关闭 {ch}，对 {ch} 的 range 永远不会结束',
          recvExit: 'goroutine 泄漏：{fn} 在第 {line} 行返回时既没有向 {ch} 发送也没有关闭它，从 {ch} 接收会永远阻塞',
          quitExit: 'goroutine 泄漏：这个 goroutine 只有从 {ch} 收到值才会停止，而 {fn} 在第 {line} 行返回时没有关闭 {ch}',
        },
        help: {
          rangeNever: '在最后一个值发送之后关闭 {ch}：在负责发送的函数中 `defer close({ch})`。',
          recvNever: '在 goroutine 应该停止时关闭 {ch}（或向它发送）：在 {fn} 中 `defer close({ch})`。',
          quitNever: '在 goroutine 应该停止时关闭 {ch}：在 {fn} 中 `defer close({ch})`，或者通过 context 停止它。',
          rangeExit: '在每条路径上都关闭 {ch}：启动 goroutine 之后紧跟 `defer close({ch})`，而不是只在末尾关闭。',
          recvExit: '在每条路径上都通知 goroutine：启动它之后紧跟 `defer close({ch})`。',
          quitExit: '在每条路径上都关闭 {ch}：启动 goroutine 之后紧跟 `defer close({ch})`。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['chan'],
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      const sets = functionLeaks(ctx.pkg, fn).waitSets;
      if (sets.length === 0 || skippedFile(ctx.pkg, fn) || processLifetime(ctx.pkg, fn)) continue;
      for (const set of sets) report(ctx, fn, set);
    }
  },
});

function report(ctx: RuleContext, fn: FuncNode, set: WaitSet): void {
  const pkg = ctx.pkg;
  const ch = set.chan.binding.name;
  const name = funcName(fn);
  const made: RelatedSpec = { node: set.chan.origin.make, message: `${ch} is made here and never leaves ${name}` };
  // one finding per channel, at the first goroutine left waiting; the others are related
  const others = (list: readonly Waiter[], first: Waiter): RelatedSpec[] =>
    list
      .filter((w) => w !== first)
      .slice(0, 3)
      .map((w) => ({ node: waitSpan(w), message: `another goroutine waits on ${ch} here` }));
  const never = [...set.neverServed].sort((a, b) => a.wait.pos - b.wait.pos);
  const w0 = never[0];
  if (w0) {
    const messageId = w0.kind === 'range' ? 'rangeNever' : w0.kind === 'recv' ? 'recvNever' : 'quitNever';
    const related: RelatedSpec[] = [made, ...others(never, w0)];
    const sends = [...set.chan.direct, ...[...set.chan.parties.values()].flatMap((p) => p.uses)].filter((u) => u.kind === 'send');
    for (const u of sends.slice(0, 2)) related.push({ node: u.node, message: `values are sent here, but ${ch} is never closed` });
    ctx.report({
      node: waitSpan(w0),
      file: pkg.fileOfNode(w0.wait),
      messageId,
      data: { ch, fn: name, line: 0 },
      related,
      fixes: closeFix(ctx, fn, set),
    });
  }
  if (set.leaks.length === 0) return;
  const exits = [...set.leaks].sort((a, b) => a.node.pos - b.node.pos);
  const waiting = set.waiters.filter((w) => !set.neverServed.includes(w)).sort((a, b) => a.wait.pos - b.wait.pos);
  const w = waiting[0];
  if (!w) return;
  const messageId = w.kind === 'range' ? 'rangeExit' : w.kind === 'recv' ? 'recvExit' : 'quitExit';
  const related: RelatedSpec[] = exits.slice(0, 3).map((e) => ({
    node: e.node,
    message:
      e.kind === 'end'
        ? `${name} ends here with the goroutine still waiting on ${ch}`
        : `${name} returns here with the goroutine still waiting on ${ch}`,
  }));
  for (const u of set.chan.direct) {
    if (u.kind === 'close') related.push({ node: u.node, message: `${ch} is closed here, on other paths only` });
  }
  related.push({ node: goSpan(w.party.go), message: 'the goroutine is started here' }, ...others(waiting, w));
  ctx.report({
    node: waitSpan(w),
    file: pkg.fileOfNode(w.wait),
    messageId,
    data: { ch, fn: name, line: lineOf(pkg, exits[0]!.node) },
    related,
    fixes: closeFix(ctx, fn, set),
  });
}

function waitSpan(w: Waiter): ast.Node {
  return w.kind === 'range' ? loopHeader(w.wait as ast.RangeStmt) : w.wait;
}

/**
 * `defer close(ch)` after the make, when the function is the only one that sends on the
 * channel and it never closes it itself: its sends all happen before it returns, so the close
 * cannot make a send panic, and it cannot close twice. A suggestion, not a safe fix: the waiting
 * goroutine now runs the code after its wait.
 */
function closeFix(ctx: RuleContext, fn: FuncNode, set: WaitSet): FixSpec[] {
  const c = set.chan;
  const goroutineSends = [...c.parties.values()].some((p) =>
    p.uses.some((u) => u.kind === 'send' || u.kind === 'close' || u.kind === 'deferClose'),
  );
  if (goroutineSends || c.direct.some((u) => u.kind === 'close' || u.kind === 'deferClose')) return [];
  let stmt: ast.Node | undefined = c.origin.make.parent;
  while (stmt && stmt.kind !== 'AssignStmt' && stmt.kind !== 'DeclStmt')
    stmt = stmt.kind === 'ValueSpec' || stmt.kind === 'GenDecl' ? stmt.parent : undefined;
  if (!stmt || (stmt.kind !== 'AssignStmt' && stmt.kind !== 'DeclStmt')) return [];
  const file = ctx.pkg.fileOfNode(stmt);
  const ins = file ? deferAfter(file, stmt, fn, `close(${c.binding.name})`) : null;
  if (!file || !ins) return [];
  return [
    {
      title: `defer close(${c.binding.name}) so the goroutine stops when ${funcName(fn)} returns`,
      safe: false,
      edits: [{ pos: ins.pos, end: ins.pos, text: ins.text, file }],
    },
  ];
}
