import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { isNoReturnStmt } from '../../model/calls.js';
import { type LocalChan, localChans } from '../../model/chanscope.js';
import { runFlow } from '../../model/flow.js';
import { exitsOfLoop } from '../../model/leaks.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { funcName, lineOf } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-self-deadlock',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'send or receive that can never complete because no other goroutine has the channel',
    docs: {
      why:
        'A send on an unbuffered channel waits for a receiver in another goroutine; a send on a full buffered channel ' +
        'waits for one to make room; a receive on an empty channel waits for a sender. When the channel was made in this ' +
        'function and no goroutine, call, struct or return ever got it, nobody else can do that: the operation blocks ' +
        'forever. In main that is "fatal error: all goroutines are asleep - deadlock!"; anywhere else the goroutine hangs ' +
        'silently.\n\n' +
        'Reported at the first operation that must block: `ch := make(chan int, 1); ch <- 1; ch <- 2` is reported at ' +
        'the second send, not the first. Channels inspected with len/cap, used in select cases, shared with goroutines ' +
        'or handed to other code are not judged.',
      bad: `package p

func sum(xs []int) int {
	partial := make(chan int)
	s := 0
	for _, x := range xs {
		s += x
	}
	partial <- s
	return <-partial
}
`,
      good: `package p

func sum(xs []int) int {
	partial := make(chan int, 1)
	s := 0
	for _, x := range xs {
		s += x
	}
	partial <- s
	return <-partial
}
`,
      fix: 'Start the goroutine that receives (or sends) before the operation, give the channel enough buffer for what this goroutine sends before receiving, or do not use a channel within a single goroutine.',
      seeAlso: ['runtime: fatal error: all goroutines are asleep - deadlock!', 'GCatch BMOC'],
    },
    messages: {
      sendUnbuffered: 'send blocks forever: {ch} is unbuffered and no other goroutine can receive from it',
      sendFull: 'send blocks forever: the buffer of {ch} (capacity {cap}) is already full here and no other goroutine can receive from it',
      recv: 'receive blocks forever: {ch} is empty here and no other goroutine can send on it or close it',
      range: 'range over {ch} never ends: nothing can close {ch} while {fn} ranges over it, and no other goroutine has it',
    },
    help: {
      sendUnbuffered: 'Receive in another goroutine (start it before the send), or make {ch} buffered.',
      sendFull: 'Make the buffer of {ch} large enough, or receive before sending more.',
      recv: 'Send on {ch} from another goroutine, or close {ch} before receiving.',
      range: 'Close {ch} before ranging over it, or range over a slice instead.',
    },
    fix: 'none',
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      for (const c of localChans(ctx.pkg, fn)) {
        if (c.open || c.parties.size > 0 || c.origin.capacity === null) continue;
        if (!c.direct.every((u) => ['send', 'recv', 'range', 'close', 'deferClose'].includes(u.kind))) continue;
        if (!c.direct.some((u) => u.kind === 'send' || u.kind === 'recv' || u.kind === 'range')) continue;
        // select cases correlate channels (`case <-a: b <- v`), which a per-channel count cannot follow
        if (c.direct.some((u) => u.select !== null)) continue;
        check(ctx, fn, c);
      }
    }
  },
});

interface Buffer {
  /** Fewest and most values buffered on the paths reaching here. */
  lo: number;
  hi: number;
  /** Closed on some path. */
  closed: boolean;
}

function check(ctx: RuleContext, fn: FuncNode, c: LocalChan): void {
  const pkg = ctx.pkg;
  const cap = c.origin.capacity!;
  const isChan = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && pkg.bindingOf(x) === c.binding;
  };
  let blocked: { node: ast.Node; messageId: string; state: Buffer } | null = null;
  const block = (node: ast.Node, messageId: string, state: Buffer): void => {
    if (blocked === null || node.pos < blocked.node.pos) blocked = { node, messageId, state };
  };
  const send = (s: Buffer): Buffer => ({ lo: Math.min(cap, s.lo + 1), hi: Math.min(cap, s.hi + 1), closed: s.closed });
  const recv = (s: Buffer): Buffer => ({ lo: Math.max(0, s.lo - 1), hi: Math.max(0, s.hi - 1), closed: s.closed });
  runFlow<Buffer>(
    fn.body!,
    { lo: 0, hi: 0, closed: false },
    {
      simple(node, s) {
        if (node.kind === 'DeferStmt' || node.kind === 'GoStmt') return s;
        if (node.parent?.kind === 'RangeStmt' && node.parent.x === node && isChan(node as ast.Expr)) {
          if (!s.closed && rangeCannotEnd(pkg, node.parent, isChan)) block(node.parent, 'range', s);
          return s;
        }
        let st = s;
        inspect(node, (m) => {
          if (m.kind === 'FuncLit') return false;
          if (m.kind === 'SendStmt' && isChan(m.chan)) {
            if (!st.closed && st.lo >= cap) block(m, cap === 0 ? 'sendUnbuffered' : 'sendFull', st);
            st = send(st);
          } else if (m.kind === 'UnaryExpr' && m.op === Tok.ARROW && isChan(m.x)) {
            if (!st.closed && st.hi === 0) block(m, 'recv', st);
            st = recv(st);
          } else if (
            m.kind === 'CallExpr' &&
            m.args.length === 1 &&
            isChan(m.args[0]!) &&
            unparenExpr(m.fun).kind === 'Ident' &&
            (unparenExpr(m.fun) as ast.Ident).name === 'close'
          ) {
            st = { ...st, closed: true };
          }
          return true;
        });
        return st;
      },
      join: (a, b) => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), closed: a.closed || b.closed }),
      equal: (a, b) => a.lo === b.lo && a.hi === b.hi && a.closed === b.closed,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      iterate: (loop, s) => (loop.kind === 'RangeStmt' && isChan(loop.x) ? recv(s) : s),
    },
  );
  const b = blocked as { node: ast.Node; messageId: string; state: Buffer } | null;
  if (!b) return;
  const ch = c.binding.name;
  const node = b.node.kind === 'RangeStmt' ? b.node.x : b.node;
  const related: RelatedSpec[] = [
    {
      node: c.origin.make,
      message: cap === 0 ? `${ch} is made unbuffered here and never shared` : `${ch} is made here with capacity ${cap} and never shared`,
    },
  ];
  if (b.messageId === 'sendFull') {
    const earlier = c.direct.filter((u) => u.kind === 'send' && u.node.pos < b.node.pos).slice(0, cap);
    for (const u of earlier) related.push({ node: u.node, message: `this send fills the buffer (line ${lineOf(pkg, u.node)})` });
  }
  ctx.report({ node, file: pkg.fileOfNode(node), messageId: b.messageId, data: { ch, cap, fn: funcName(fn) }, related });
}

/** A range over the channel whose body cannot close it and has no way out. */
function rangeCannotEnd(pkg: PackageModel, loop: ast.RangeStmt, isChan: (e: ast.Expr) => boolean): boolean {
  if (exitsOfLoop(pkg, loop).length > 0) return false;
  let closes = false;
  inspect(loop.body, (n) => {
    if (n.kind === 'CallExpr' && n.args.length === 1 && isChan(n.args[0]!)) closes = true;
    return !closes;
  });
  return !closes;
}
