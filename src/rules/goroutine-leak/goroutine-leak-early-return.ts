import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import type { LocalChan } from '../../model/chanscope.js';
import { functionLeaks, MANY, type SendGroup } from '../../model/leaks.js';
import { processLifetime } from '../../model/lifetime.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { enclosingCommClause, funcName, lineOf, skippedFile } from './leak-report.js';

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
        'Sends that select on a done channel or a context, or have a default case, can give up and are not reported.',
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
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body || skippedFile(ctx.pkg, fn) || processLifetime(ctx.pkg, fn)) continue;
      for (const group of functionLeaks(ctx.pkg, fn).sendGroups) {
        if (group.leaks.length > 0) report(ctx, fn, group);
      }
    }
  },
});

function report(ctx: RuleContext, fn: FuncNode, group: SendGroup): void {
  const pkg = ctx.pkg;
  const sends = group.senders.flatMap((s) => s.sends).sort((a, b) => a.pos - b.pos);
  const send = sends[0];
  if (!send) return;
  const channels = [...group.channels].sort((a, b) => a.origin.make.pos - b.origin.make.pos);
  const ch = channels.map((c) => c.binding.name).join('/');
  const name = funcName(fn);
  const stream = group.senders.length === 1 && !group.senders[0]!.party.inLoop && group.senders[0]!.maxSends >= MANY;
  const many = group.leaks.some((l) => l.pending >= 2) || group.senders.some((s) => s.party.inLoop);
  const exits = [...group.leaks].sort((a, b) => a.node.pos - b.node.pos);
  const first = exits[0]!;
  const related: RelatedSpec[] = exits.slice(0, 3).map((e) => ({
    node: e.node,
    message: exitMessage(fn, e.node, e.kind, name, ch),
  }));
  for (const c of group.channels) related.push({ node: c.origin.make, message: bufferMessage(c) });
  for (const s of group.senders) {
    if (s.party.entry.kind === 'FuncDecl' || s.party.inLoop)
      related.push({
        node: s.party.go,
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
