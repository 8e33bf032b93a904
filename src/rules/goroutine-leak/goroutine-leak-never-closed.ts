import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { deferAfter } from '../../model/deferfix.js';
import { functionLeaks, type WaitGroup, type Waiter } from '../../model/leaks.js';
import { processLifetime } from '../../model/lifetime.js';
import type { FuncNode } from '../../model/scope.js';
import { funcName, lineOf, loopHeader, skippedFile } from './leak-report.js';

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
        'closed by other goroutines are not judged.',
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
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body || skippedFile(ctx.pkg, fn) || processLifetime(ctx.pkg, fn)) continue;
      for (const group of functionLeaks(ctx.pkg, fn).waitGroups) report(ctx, fn, group);
    }
  },
});

function report(ctx: RuleContext, fn: FuncNode, group: WaitGroup): void {
  const pkg = ctx.pkg;
  const ch = group.chan.binding.name;
  const data = { ch, fn: funcName(fn), line: 0 };
  const made: RelatedSpec = { node: group.chan.origin.make, message: `${ch} is made here and never leaves ${funcName(fn)}` };
  for (const w of group.neverServed) {
    const messageId = w.kind === 'range' ? 'rangeNever' : w.kind === 'recv' ? 'recvNever' : 'quitNever';
    const related: RelatedSpec[] = [made];
    const sends = [...group.chan.direct, ...[...group.chan.parties.values()].flatMap((p) => p.uses)].filter((u) => u.kind === 'send');
    for (const u of sends.slice(0, 2)) related.push({ node: u.node, message: `values are sent here, but ${ch} is never closed` });
    ctx.report({ node: waitSpan(w), file: pkg.fileOfNode(w.wait), messageId, data, related, fixes: closeFix(ctx, fn, group) });
  }
  if (group.leaks.length === 0) return;
  const exits = [...group.leaks].sort((a, b) => a.node.pos - b.node.pos);
  for (const w of group.waiters) {
    if (group.neverServed.includes(w)) continue;
    const messageId = w.kind === 'range' ? 'rangeExit' : w.kind === 'recv' ? 'recvExit' : 'quitExit';
    const related: RelatedSpec[] = exits.slice(0, 3).map((e) => ({
      node: e.node,
      message:
        e.kind === 'end'
          ? `${funcName(fn)} ends here with the goroutine still waiting on ${ch}`
          : `${funcName(fn)} returns here with the goroutine still waiting on ${ch}`,
    }));
    for (const u of group.chan.direct) {
      if (u.kind === 'close') related.push({ node: u.node, message: `${ch} is closed here, on other paths only` });
    }
    related.push({ node: w.party.go, message: 'the goroutine is started here' });
    ctx.report({
      node: waitSpan(w),
      file: pkg.fileOfNode(w.wait),
      messageId,
      data: { ...data, line: lineOf(pkg, exits[0]!.node) },
      related,
    });
  }
}

function waitSpan(w: Waiter): ast.Node {
  return w.kind === 'range' ? loopHeader(w.wait as ast.RangeStmt) : w.wait;
}

/**
 * `defer close(ch)` after the make, when the function is the only one that sends on the
 * channel: its sends all happen before it returns, so the close cannot make a send panic. A
 * suggestion, not a safe fix: the waiting goroutine now runs the code after its wait.
 */
function closeFix(ctx: RuleContext, fn: FuncNode, group: WaitGroup): FixSpec[] {
  const c = group.chan;
  const goroutineSends = [...c.parties.values()].some((p) =>
    p.uses.some((u) => u.kind === 'send' || u.kind === 'close' || u.kind === 'deferClose'),
  );
  if (goroutineSends) return [];
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
