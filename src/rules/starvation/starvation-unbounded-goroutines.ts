import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { isChanType } from '../../model/channels.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';

/** Methods that hand out the next item of a stream whose length nobody bounds. */
const NEXT_ITEM = /^(Scan|Next|Recv|RecvMsg|Receive|ReceiveMessage|ReadMessage|FetchMessage|ReadMsg|Pop|Dequeue|Poll)$/;
/** Calls that take a slot from a limiter before the goroutine starts. */
const LIMITER = /^(Acquire|TryAcquire|Wait|Take|Reserve)$/;

export default defineRule({
  meta: {
    id: 'starvation-unbounded-goroutines',
    family: 'starvation',
    severity: 'warning',
    category: 'performance',
    title: 'one goroutine started per item of an unbounded stream, with no limit',
    docs: {
      why:
        'A loop that reads items from a source nobody bounds — a channel, a bufio.Scanner, sql.Rows, a message ' +
        'queue or RPC stream (`Recv`, `ReadMessage`, `FetchMessage`) — and starts a goroutine for each one runs as ' +
        'many goroutines at once as the producer delivers items. A burst or a slow downstream turns into tens of ' +
        'thousands of runnable goroutines: memory grows by their stacks, every goroutine competes for the same Ps so ' +
        'each item waits longer (scheduling latency grows with the run queues), and the database or service they all ' +
        'call gets the whole burst at once. Nothing pushes back on the producer, because the loop never waits.\n\n' +
        'Not reported when the loop takes a slot before starting the goroutine (a send on a semaphore channel, ' +
        '`sem.Acquire`, a rate limiter\'s Wait), when the iteration waits for the goroutine it started (`<-done`, ' +
        '`wg.Wait()` after the go statement), when the function uses errgroup\'s SetLimit, and for loops over ' +
        'slices, maps and counters (their size is known). Accept loops are not reported: one goroutine per ' +
        'connection is Go\'s server model (net/http does it); bound them at the listener (netutil.LimitListener).',
      bad: `package consumer

type Message struct{ Body []byte }

func Consume(msgs <-chan Message, handle func(Message)) {
	for m := range msgs {
		go handle(m)
	}
}
`,
      good: `package consumer

import "sync"

type Message struct{ Body []byte }

func Consume(msgs <-chan Message, handle func(Message)) {
	const workers = 16
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range msgs {
				handle(m)
			}
		}()
	}
	wg.Wait()
}
`,
      fix:
        'Bound the concurrency: a fixed pool of workers ranging over the same channel, a semaphore channel ' +
        '(`sem <- struct{}{}` before `go`, `<-sem` when the goroutine ends), golang.org/x/sync/semaphore, or ' +
        'errgroup.Group with SetLimit. The producer then waits when all workers are busy, which is the back-pressure ' +
        'the unbounded version lacks.',
      seeAlso: ['https://pkg.go.dev/golang.org/x/sync/errgroup#Group.SetLimit', 'https://pkg.go.dev/golang.org/x/sync/semaphore', 'goroutine-leak-no-exit'],
    },
    messages: {
      perItem:
        'a new goroutine for every item from {source}, with no limit: a burst of input starts as many goroutines as items, and nothing slows the producer down',
    },
    help: {
      perItem: 'Use a fixed number of workers reading {source}, or take a semaphore slot (sem <- struct{}{}) before go and release it when the goroutine ends.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '对无界数据流的每一项都启动一个 goroutine，没有任何限制',
        why: '一个从无人限定长度的来源（channel、bufio.Scanner、sql.Rows、消息队列或 RPC 流：`Recv`、`ReadMessage`、`FetchMessage`）读取数据、并为每一项启动一个 goroutine 的循环，同时运行的 goroutine 数量等于生产者送来的数据项数量。一次流量突发或下游变慢，就会变成成千上万个可运行的 goroutine：内存随它们的栈增长，所有 goroutine 争抢同样的 P，每一项都要等更久（调度延迟随运行队列增长），它们共同调用的数据库或服务会一次性承受整个突发。生产者不会受到任何反压，因为这个循环从不等待。\n\n不报告的情况：循环在启动 goroutine 之前先获取一个名额（向信号量 channel 发送、`sem.Acquire`、限流器的 Wait）、同一次迭代中等待它启动的 goroutine（go 语句之后的 `<-done`、`wg.Wait()`）、函数使用了 errgroup 的 SetLimit，以及遍历 slice、map 和计数器的循环（它们的长度已知）。Accept 循环不报告：每个连接一个 goroutine 是 Go 的服务器模型（net/http 就是这样做的）；应在 listener 上做限制（netutil.LimitListener）。',
        fix: '限制并发度：固定数量的 worker 从同一个 channel 读取、信号量 channel（`go` 之前 `sem <- struct{}{}`，goroutine 结束时 `<-sem`）、golang.org/x/sync/semaphore，或者带 SetLimit 的 errgroup.Group。这样当所有 worker 都忙时生产者会等待，这正是无界版本所缺少的反压。',
        messages: {
          perItem: '对 {source} 的每一项都新建一个 goroutine，没有任何限制：一次输入突发会启动与数据项同样多的 goroutine，而且没有任何东西让生产者慢下来',
        },
        help: {
          perItem: '用固定数量的 worker 读取 {source}，或者在 go 之前先获取一个信号量名额（sem <- struct{}{}），goroutine 结束时再释放。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['go '],
  },
  create(ctx) {
    return {
      GoStmt(stmt) {
        const loop = enclosingLoop(stmt);
        if (!loop) return;
        const source = streamOf(ctx, loop);
        if (source === null) return;
        if (limited(ctx, loop, stmt)) return;
        ctx.report({ node: { ...stmt, end: stmt.pos + 2 } as ast.Node, messageId: 'perItem', data: { source }, related: [{ node: loop, message: `the loop over ${source}` }] });
      },
    };
  },
});

/** The innermost loop around the go statement in the same function. */
function enclosingLoop(stmt: ast.GoStmt): ast.ForStmt | ast.RangeStmt | null {
  for (let n = stmt.parent; n !== undefined; n = n.parent) {
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return null;
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return n;
  }
  return null;
}

/** What the loop reads its items from, when nothing bounds it; null otherwise. */
function streamOf(ctx: RuleContext, loop: ast.ForStmt | ast.RangeStmt): string | null {
  const src = (n: ast.Node) => ctx.pkg.fileOfNode(n)?.src.slice(n.pos, n.end) ?? '?';
  if (loop.kind === 'RangeStmt') return isChanType(ctx.pkg, loop.x) ? src(loop.x) : null;
  if (loop.cond !== null) {
    const c = unparenExpr(loop.cond);
    return c.kind === 'CallExpr' && nextItemCall(c) ? src(c) : null;
  }
  if (loop.init !== null || loop.post !== null) return null;
  // for { item, err := stream.Recv() ... }: the first statements fetch the next item
  for (const s of loop.body.list.slice(0, 2)) {
    if (s.kind !== 'AssignStmt') continue;
    for (const r of s.rhs) {
      const x = unparenExpr(r);
      if (x.kind === 'CallExpr' && nextItemCall(x)) return src(x);
      if (x.kind === 'UnaryExpr' && x.op === Tok.ARROW) return src(x.x);
    }
  }
  return null;
}

function nextItemCall(call: ast.CallExpr): boolean {
  const fun = unparenExpr(call.fun);
  return fun.kind === 'SelectorExpr' && NEXT_ITEM.test(fun.sel.name);
}

/** A semaphore send, an Acquire/Wait before the go statement, or errgroup's SetLimit in the function. */
function limited(ctx: RuleContext, loop: ast.ForStmt | ast.RangeStmt, stmt: ast.GoStmt): boolean {
  let found = false;
  inspect(loop.body, (n) => {
    if (found) return false;
    if (n.kind === 'FuncLit') return n === (stmt.call.fun as ast.Node) ? true : false;
    if (n.kind === 'SendStmt' && n.pos < stmt.pos) found = true;
    if (n.kind === 'CallExpr') {
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr' && LIMITER.test(fun.sel.name) && n.pos < stmt.pos) found = true;
    }
    // a goroutine that receives from a semaphore when it ends, filled elsewhere
    return true;
  });
  if (found) return true;
  // joined in the same iteration (go f(); <-done, or wg.Wait()): one goroutine at a time
  inspect(loop.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.pos < stmt.end) return true;
    if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW) found = true;
    if (n.kind === 'CallExpr') {
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr' && fun.sel.name === 'Wait') found = true;
    }
    return true;
  });
  if (found) return true;
  let fn: ast.Node | undefined = loop.parent;
  while (fn && fn.kind !== 'FuncDecl' && fn.kind !== 'FuncLit') fn = fn.parent;
  if (fn) {
    inspect(fn, (n) => {
      if (found) return false;
      if (n.kind === 'CallExpr') {
        const fun = unparenExpr(n.fun);
        if (fun.kind === 'SelectorExpr' && fun.sel.name === 'SetLimit') found = true;
      }
      return true;
    });
  }
  // a counter of in-flight goroutines checked in the loop (if active >= max { ... })
  return found || /\bsem\b|semaphore|limiter|inflight|inFlight/.test(ctx.pkg.fileOfNode(loop)?.src.slice(loop.pos, loop.end) ?? '');
}
