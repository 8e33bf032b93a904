import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import type { LocalChan } from '../../model/chanscope.js';
import { functionLeaks, MANY, type SendGroup } from '../../model/leaks.js';
import { processLifetime } from '../../model/lifetime.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { enclosingCommClause, funcName, goSpan, lineOf, skippedFile } from './leak-report.js';

export default defineRule({
  meta: {
    id: 'goroutine-leak-early-return',
    family: 'goroutine-leak',
    severity: 'warning',
    category: 'correctness',
    title: 'goroutine blocked forever on a send its starter stopped waiting for',
    docs: {
      why:
        'The most common goroutine leak in real Go code: a function starts a goroutine that delivers its result on an ' +
        'unbuffered channel, then waits in a select with a timeout or `ctx.Done()` (or returns on an error first). When ' +
        'the function leaves without receiving, nobody will ever receive: the goroutine blocks on its send forever, with ' +
        'everything it references. One leaks per timed-out call, until the process runs out of memory. The same happens ' +
        'when several goroutines send and the receiving loop returns on the first error.\n\n' +
        'Reported when the channel is made by the function, only the function receives from it (it is not passed ' +
        'anywhere else), and some exit of the function is reached with more sends pending than the channel can buffer. ' +
        'Sends that select on a done channel or a context, or have a default case, can give up and are not reported. ' +
        'Tests are analysed too (a test that leaks on its passing path leaks in every CI run), except on paths where the ' +
        'test has already reported its failure (t.Error, t.Fatal).',
      bad: `package p

import (
	"context"
	"net/http"
)

func fetch(ctx context.Context, url string) (*http.Response, error) {
	ch := make(chan *http.Response)
	go func() {
		resp, _ := http.Get(url)
		ch <- resp
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
`,
      good: `package p

import (
	"context"
	"net/http"
)

func fetch(ctx context.Context, url string) (*http.Response, error) {
	ch := make(chan *http.Response, 1) // the goroutine can always deliver, even after we stop waiting
	go func() {
		resp, _ := http.Get(url)
		ch <- resp
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
`,
      fix:
        'Give the channel a buffer for every send the goroutines make (`make(chan T, 1)` for one result — the safe fix ' +
        'does this when one goroutine sends once, as its last action), or let the senders give up: `select { case ch <- v: ' +
        'case <-ctx.Done(): }`. For several goroutines, buffer `len(items)` or use errgroup with a context.',
      seeAlso: ['GCatch/GFix (blocking misuse of channels)', 'https://go.dev/blog/pipelines', 'goroutine-leak-never-closed'],
    },
    messages: {
      single: 'goroutine leak: this send on {ch} blocks forever when {fn} returns at line {line} without receiving',
      many: 'goroutine leak: sends on {ch} block forever for every goroutine {fn} has not received from when it returns at line {line}',
      stream: 'goroutine leak: this send on {ch} blocks forever once {fn} stops receiving and returns at line {line}',
    },
    help: {
      single: 'Make {ch} buffered (`make(chan {elem}, 1)`) so the goroutine can always deliver, or select on ctx.Done() next to the send.',
      many: 'Buffer {ch} for all senders (`make(chan {elem}, n)`), or make each send select on ctx.Done()/a done channel that {fn} closes.',
      stream: 'Let the producer stop: select on ctx.Done() or on a done channel that {fn} closes (`defer close(done)`) next to the send.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: 'goroutine 永久阻塞在发送上：启动它的函数已经不再等待',
        why: '真实 Go 代码中最常见的 goroutine 泄漏：一个函数启动 goroutine，由它通过无缓冲 channel 交付结果，然后在带超时或 `ctx.Done()` 的 select 中等待（或者先因为出错而 return）。函数不接收就离开之后，再也没有人会接收：goroutine 带着它引用的一切永远阻塞在发送上。每次超时的调用泄漏一个，直到进程耗尽内存。多个 goroutine 发送、而接收循环在第一个错误时就 return，也是同样的情况。\n\n当 channel 由该函数创建、只有该函数从中接收（没有传到别处），并且函数的某个出口被执行到时，待发送的数量超过了 channel 的缓冲，就会报告。在 select 中同时监听 done channel 或 context、或者带 default 分支的发送可以放弃，不报告。测试也会分析（在通过路径上泄漏的测试在每次 CI 运行中都会泄漏），但测试已经报告失败（t.Error、t.Fatal）之后的路径除外。',
        fix: '给 channel 足够容纳 goroutine 所有发送的缓冲（一个结果就用 `make(chan T, 1)`——当一个 goroutine 只发送一次、且这是它的最后一个动作时，安全修复会这样做），或者让发送方可以放弃：`select { case ch <- v: case <-ctx.Done(): }`。多个 goroutine 时，缓冲设为 `len(items)`，或者使用带 context 的 errgroup。',
        messages: {
          single: 'goroutine 泄漏：{fn} 在第 {line} 行不接收就返回时，这个对 {ch} 的发送会永远阻塞',
          many: 'goroutine 泄漏：{fn} 在第 {line} 行返回时，所有还没被接收的 goroutine 对 {ch} 的发送都会永远阻塞',
          stream: 'goroutine 泄漏：一旦 {fn} 停止接收并在第 {line} 行返回，这个对 {ch} 的发送就会永远阻塞',
        },
        help: {
          single: '把 {ch} 改成带缓冲的（`make(chan {elem}, 1)`），让 goroutine 总能交付结果；或者在发送旁边 select ctx.Done()。',
          many: '给 {ch} 足够容纳所有发送者的缓冲（`make(chan {elem}, n)`），或者让每次发送都 select ctx.Done() 或一个由 {fn} 关闭的 done channel。',
          stream: '让生产者能够停下：在发送旁边 select ctx.Done()，或者一个由 {fn} 关闭的 done channel（`defer close(done)`）。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['chan'],
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      // most functions start no senders: ask the cheap question first
      const groups = functionLeaks(ctx.pkg, fn).sendGroups.filter((g) => g.leaks.length > 0);
      if (groups.length === 0 || skippedFile(ctx.pkg, fn) || processLifetime(ctx.pkg, fn)) continue;
      for (const group of groups) report(ctx, fn, group);
    }
  },
});

function report(ctx: RuleContext, fn: FuncNode, group: SendGroup): void {
  const pkg = ctx.pkg;
  const exits = [...group.leaks].sort((a, b) => a.node.pos - b.node.pos);
  const first = exits[0]!;
  const send = blockedSend(group, first.pending);
  if (!send) return;
  const channels = [...group.channels].sort((a, b) => a.origin.make.pos - b.origin.make.pos);
  const ch = channels.map((c) => c.binding.name).join('/');
  const name = funcName(fn);
  const stream = group.senders.length === 1 && !group.senders[0]!.party.inLoop && group.senders[0]!.maxSends >= MANY;
  const many = group.leaks.some((l) => l.pending >= 2) || group.senders.some((s) => s.party.inLoop);
  const related: RelatedSpec[] = exits.slice(0, 3).map((e) => ({
    node: e.node,
    message: exitMessage(fn, e.node, e.kind, name, ch),
  }));
  for (const c of group.channels) related.push({ node: c.origin.make, message: bufferMessage(c) });
  for (const s of group.senders) {
    if (s.party.entry.kind === 'FuncDecl' || s.party.inLoop)
      related.push({
        node: goSpan(s.party.go),
        message: s.party.inLoop ? 'one goroutine is started per iteration here' : 'the goroutine is started here',
      });
  }
  ctx.report({
    node: send,
    file: pkg.fileOfNode(send),
    messageId: stream ? 'stream' : many ? 'many' : 'single',
    data: { ch, fn: name, line: lineOf(pkg, first.node), elem: elemText(ctx, group.channels[0]!) },
    related,
    fixes: bufferFix(ctx, group),
  });
}

/**
 * The send left blocked: with one goroutine sending several values in sequence of which the
 * function received some, the later ones (`maxch <- t; ...; ch <- err` with only maxch received
 * blocks at the send on ch); otherwise the first send.
 */
function blockedSend(group: SendGroup, pending: number): ast.SendStmt | undefined {
  const sends = group.senders.flatMap((s) => s.sends).sort((a, b) => a.pos - b.pos);
  const only = group.senders.length === 1 ? group.senders[0]! : null;
  if (only && only.maxSends > 1 && only.maxSends < MANY && pending < only.maxSends) {
    const later = sends.find((s) => (only.sentBefore.get(s) ?? 0) >= only.maxSends - pending);
    if (later) return later;
  }
  return sends[0];
}

function exitMessage(fn: FuncNode, exit: ast.Node, kind: 'return' | 'end', name: string, ch: string): string {
  if (kind === 'end') return `${name} ends here without receiving from ${ch}`;
  const clause = enclosingCommClause(exit, fn);
  return clause
    ? `${name} stops waiting here and returns without receiving from ${ch}`
    : `${name} returns here without receiving from ${ch}`;
}

function bufferMessage(c: LocalChan): string {
  const cap = c.origin.capacity;
  return cap === 0
    ? `${c.binding.name} is unbuffered: each send waits for a receiver`
    : `${c.binding.name} buffers only ${cap} value${cap === 1 ? '' : 's'}`;
}

function elemText(ctx: RuleContext, c: LocalChan): string {
  const t = c.origin.make.args[0];
  if (!t) return 'T';
  const ct = unparenExpr(t);
  const file = ctx.pkg.fileOfNode(c.origin.make);
  return ct.kind === 'ChanType' && file ? file.src.slice(ct.value.pos, ct.value.end) : 'T';
}

/**
 * `make(chan T)` → `make(chan T, 1)`, the GFix repair. Behaviour-preserving when one goroutine
 * (not started in a loop) makes at most one send over all the group's channels, as its last
 * action: the send then completes at once instead of waiting for a receiver that may never come,
 * and nothing after it in the goroutine could observe the difference.
 */
function bufferFix(ctx: RuleContext, group: SendGroup): FixSpec[] {
  if (group.capacity !== 0 || group.senders.length !== 1) return [];
  const sender = group.senders[0]!;
  if (sender.party.inLoop || sender.maxSends !== 1 || sender.maxSends >= MANY) return [];
  if (!sender.sends.every((s) => inTailPosition(s, sender.party.entry))) return [];
  const edits = [];
  for (const c of group.channels) {
    const make = c.origin.make;
    const file = ctx.pkg.fileOfNode(make);
    if (!file || make.args.length !== 1) return [];
    edits.push({ pos: make.rparen, end: make.rparen, text: ', 1', file });
  }
  const names = group.channels.map((c) => c.binding.name).join(' and ');
  return [{ title: `buffer ${names} with capacity 1 so the goroutine never blocks on its send`, safe: true, edits }];
}

/** The statement is the last thing its function does on its path (only a bare return may follow it). */
function inTailPosition(stmt: ast.Stmt, fn: FuncNode): boolean {
  let n: ast.Node = stmt;
  while (n !== fn.body) {
    const p: ast.Node | undefined = n.parent;
    if (!p) return false;
    let list: readonly ast.Stmt[] | null = null;
    switch (p.kind) {
      case 'BlockStmt': {
        const owner = p.parent;
        if (owner?.kind !== 'SwitchStmt' && owner?.kind !== 'TypeSwitchStmt' && owner?.kind !== 'SelectStmt') list = p.list;
        break;
      }
      case 'CaseClause':
      case 'CommClause':
        list = p.body;
        break;
      case 'IfStmt':
      case 'SwitchStmt':
      case 'TypeSwitchStmt':
      case 'SelectStmt':
      case 'LabeledStmt':
        break;
      default:
        return false;
    }
    if (list) {
      const i = list.indexOf(n as ast.Stmt);
      if (i < 0) return false;
      const rest = list.slice(i + 1).filter((s) => s.kind !== 'EmptyStmt');
      if (rest.length > 0) return rest[0]!.kind === 'ReturnStmt' && (rest[0] as ast.ReturnStmt).results.length === 0;
    }
    n = p;
  }
  return true;
}
