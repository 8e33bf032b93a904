import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { callsNamed, isNoReturnStmt } from '../../model/calls.js';
import { atLeast } from '../../model/goversion.js';
import { enclosingFunc } from '../../model/obligations.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';

export default defineRule({
  meta: {
    id: 'time-after-in-loop',
    family: 'timer',
    severity: 'warning',
    category: 'performance',
    title: 'time.After in a select inside a loop makes a timer per iteration',
    docs: {
      why:
        'time.After(d) creates a new timer each time it is evaluated. In a `for { select { ... } }` loop, every ' +
        'iteration that ends through another case leaves that timer behind, and before Go 1.23 a timer is not freed ' +
        'until it fires: with a long d and a busy channel, thousands of live timers pile up (memory, and work for the ' +
        'runtime timer heap). Since Go 1.23 unreferenced timers are collected at once, so only the allocation per ' +
        'iteration remains.\n\n' +
        'Severity follows the go.mod version and the loop: a warning before Go 1.23 when another case keeps the loop ' +
        'going (timers pile up); info when the other cases all leave the loop or wait for a stop signal ' +
        '(ctx.Done(), a quit channel: at most one timer lingers) or the timer lasts at most 50ms, or on Go 1.23+ ' +
        'when they do not; nothing on ' +
        'Go 1.23+ otherwise. A select whose only case is the timer, a timer renewed only after it fired ' +
        '(`case <-lease: lease = time.After(d)`), time.After outside loops and tests are not reported.',
      bad: `package p

import (
	"log"
	"time"
)

func consume(events <-chan string, quit <-chan struct{}) {
	for {
		select {
		case e := <-events:
			log.Print(e)
		case <-time.After(time.Minute):
			log.Print("no events for a minute")
		case <-quit:
			return
		}
	}
}
`,
      good: `package p

import (
	"log"
	"time"
)

func consume(events <-chan string, quit <-chan struct{}) {
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case e := <-events:
			log.Print(e)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(time.Minute)
		case <-idle.C:
			log.Print("no events for a minute")
			idle.Reset(time.Minute)
		case <-quit:
			return
		}
	}
}
`,
      fix:
        'Create one timer before the loop (`t := time.NewTimer(d)` with `defer t.Stop()`) and Reset it each iteration, ' +
        'or, when the duration bounds the whole loop, compute `timeout := time.After(d)` once before it (or use ' +
        'context.WithTimeout).',
      seeAlso: ['https://pkg.go.dev/time#After', 'https://go.dev/doc/go1.23#timer-changes'],
    },
    messages: {
      lingers: 'time.After in a loop: every iteration that ends through another case leaves a timer behind, not freed until it fires ({d})',
      allocates: 'time.After makes a new timer on every iteration of this loop{note}',
    },
    help: {
      lingers:
        'Create one timer before the loop (`t := time.NewTimer({d})`, `defer t.Stop()`) and Reset it each iteration; if {d} bounds the whole loop, compute time.After({d}) once before it.',
      allocates:
        'Create one timer before the loop and Reset it each iteration, or compute time.After({d}) once before the loop if it bounds the whole loop.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '循环内 select 中的 time.After 每次迭代都创建一个定时器',
        why: 'time.After(d) 每次求值都会创建一个新的定时器。在 `for { select { ... } }` 循环中，每一次经由其他 case 结束的迭代都会留下一个定时器，而在 Go 1.23 之前，定时器要等到触发后才会被释放：d 很长而 channel 又很忙时，会堆积成千上万个存活的定时器（占内存，也给运行时的定时器堆增加负担）。从 Go 1.23 起，不再被引用的定时器会被立即回收，只剩下每次迭代一次的内存分配。\n\n严重级别取决于 go.mod 中的版本和循环本身：Go 1.23 之前，如果其他 case 会让循环继续下去（定时器会堆积），报 warning；如果其他 case 都会离开循环或者在等待停止信号（ctx.Done()、quit channel：最多留下一个定时器），或者定时器不超过 50ms，或者在 Go 1.23+ 上其他 case 不会离开循环，报 info；其余 Go 1.23+ 的情况不报告。只有定时器一个 case 的 select、只在触发后才续期的定时器（`case <-lease: lease = time.After(d)`）、循环外的 time.After 以及测试都不报告。',
        fix: '在循环之前创建一个定时器（`t := time.NewTimer(d)` 并 `defer t.Stop()`），每次迭代 Reset 它；如果这个时长限定的是整个循环，就在循环之前只计算一次 `timeout := time.After(d)`（或者使用 context.WithTimeout）。',
        messages: {
          lingers: '循环中的 time.After：每一次经由其他 case 结束的迭代都会留下一个定时器，要到触发时（{d}）才会释放',
          allocates: 'time.After 在这个循环的每次迭代中都创建一个新的定时器{note}',
        },
        help: {
          lingers: '在循环之前创建一个定时器（`t := time.NewTimer({d})`，`defer t.Stop()`），每次迭代 Reset 它；如果 {d} 限定的是整个循环，就在循环之前只计算一次 time.After({d})。',
          allocates: '在循环之前创建一个定时器并在每次迭代时 Reset 它；如果它限定的是整个循环，就在循环之前只计算一次 time.After({d})。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['After'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const ti = TypeInfo.of(pkg);
    const modern = atLeast(ctx.goVersion, 23);
    for (const call of callsNamed(pkg, { selector: ['After'] })) {
      if (ti.qualifiedCallee(call) !== 'time.After') continue;
      const file = pkg.fileOfNode(call);
      if (!file || file.isTest || file.isGenerated) continue;
      const fn = enclosingFunc(call);
      if (!fn) continue;
      const use = selectUse(pkg, call, fn);
      if (!use) continue;
      const others = use.select.body.list.filter((c): c is ast.CommClause => c.kind === 'CommClause' && c !== use.clause);
      if (others.length === 0) continue; // the timer always wins: one timer per iteration, each fires
      // timers pile up only while another case keeps the loop going (a stop signal fires once),
      // and hardly at all when each lives a few milliseconds
      const pileUp =
        !shortDuration(pkg, call.args[0]) &&
        others.some(
          (c) => !leavesLoop(pkg, c, use.loop) && !isStopSignal(c) && !(fallsOut(c) && selectThenLeaves(pkg, use.select, use.loop)),
        );
      const d = call.args[0] ? file.src.slice(call.args[0].pos, call.args[0].end) : 'd';
      if (pileUp && !modern) {
        ctx.report({ node: call, messageId: 'lingers', data: { d }, related: [{ node: loopHeader(use.loop), message: 'the loop' }] });
      } else if (pileUp || !modern) {
        const note = modern ? ' (Go 1.23+ frees the ones that lose the select)' : '; one that loses the select stays alive until it fires';
        ctx.report({
          node: call,
          messageId: 'allocates',
          data: { d, note },
          severity: 'info',
          related: [{ node: loopHeader(use.loop), message: 'the loop' }],
        });
      }
    }
  },
});

interface SelectUse {
  select: ast.SelectStmt;
  clause: ast.CommClause;
  loop: ast.ForStmt | ast.RangeStmt;
}

/**
 * The select case that receives from this time.After call — directly (`case <-time.After(d):`)
 * or through a variable assigned in the same loop body — and the loop that re-evaluates it.
 */
function selectUse(pkg: PackageModel, call: ast.CallExpr, fn: FuncNode): SelectUse | null {
  const loop = innermostLoop(call, fn);
  if (!loop) return null;
  let p = call.parent;
  while (p?.kind === 'ParenExpr') p = p.parent;
  if (p?.kind === 'UnaryExpr' && p.op === Tok.ARROW) {
    const clause = commClauseOf(p);
    return clause && clause.parent?.parent?.kind === 'SelectStmt' ? { select: clause.parent.parent, clause, loop } : null;
  }
  // timeout := time.After(d) inside the loop, then `case <-timeout:`
  if (p?.kind !== 'AssignStmt' || p.rhs.length !== 1 || p.lhs.length !== 1) return null;
  const assign = p;
  const lhs = unparenExpr(p.lhs[0]!);
  const b = lhs.kind === 'Ident' ? pkg.bindingOf(lhs) : undefined;
  if (!b || b.owner !== fn) return null;
  let found: SelectUse | null = null;
  inspect(loop.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW && n.x.kind === 'Ident' && pkg.bindingOf(n.x) === b) {
      const clause = commClauseOf(n);
      // `case <-lease: ...; lease = time.After(d)`: renewed after it fired, one timer at a time
      const renewedAfterFiring = clause !== null && assign.pos >= clause.pos && assign.end <= clause.end;
      if (clause && clause.parent?.parent?.kind === 'SelectStmt' && !renewedAfterFiring)
        found = { select: clause.parent.parent, clause, loop };
    }
    return true;
  });
  return found;
}

function commClauseOf(recv: ast.UnaryExpr): ast.CommClause | null {
  let p = recv.parent;
  if (p?.kind === 'ExprStmt' || p?.kind === 'AssignStmt') p = p.parent;
  return p?.kind === 'CommClause' && p.comm !== null && p.comm.pos <= recv.pos && recv.end <= p.comm.end ? p : null;
}

function innermostLoop(node: ast.Node, fn: FuncNode): ast.ForStmt | ast.RangeStmt | null {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'FuncLit') return null;
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && node.pos >= n.body.pos) return n;
  }
  return null;
}

/** A case whose body ends the loop: return, break/goto out of it, panic or exit. */
function leavesLoop(pkg: PackageModel, clause: ast.CommClause, loop: ast.ForStmt | ast.RangeStmt): boolean {
  const last = clause.body[clause.body.length - 1];
  if (!last) return false;
  if (last.kind === 'ReturnStmt') return true;
  if (last.kind === 'ExprStmt') return isNoReturnStmt(pkg, last);
  if (last.kind === 'BranchStmt') {
    if (last.tok === Tok.GOTO) return true;
    const label = loop.parent?.kind === 'LabeledStmt' ? loop.parent.label.name : null;
    return last.tok === Tok.BREAK && last.label !== null && last.label.name === label;
  }
  return false;
}

/** The case ends by falling out of the select (or an unlabeled break), not with continue. */
function fallsOut(clause: ast.CommClause): boolean {
  const last = clause.body[clause.body.length - 1];
  return !(last?.kind === 'BranchStmt' && (last.tok === Tok.CONTINUE || last.tok === Tok.GOTO || last.label !== null));
}

/** After the select (falling out of the case), the code returns before the loop repeats. */
function selectThenLeaves(pkg: PackageModel, select: ast.SelectStmt, loop: ast.ForStmt | ast.RangeStmt): boolean {
  let node: ast.Node = select;
  while (node !== loop.body) {
    const parent: ast.Node | undefined = node.parent;
    if (!parent) return false;
    const list =
      parent.kind === 'BlockStmt' ? parent.list : parent.kind === 'CaseClause' || parent.kind === 'CommClause' ? parent.body : null;
    if (list) {
      const next = list[list.indexOf(node as ast.Stmt) + 1];
      if (next) return next.kind === 'ReturnStmt' || (next.kind === 'ExprStmt' && isNoReturnStmt(pkg, next));
    } else if (parent.kind !== 'IfStmt' && parent.kind !== 'LabeledStmt') {
      return false; // inside a nested loop, switch or select: it continues there
    }
    node = parent;
  }
  return false;
}

const UNITS: Record<string, number> = { Nanosecond: 1e-9, Microsecond: 1e-6, Millisecond: 1e-3, Second: 1, Minute: 60, Hour: 3600 };

/** A constant duration of at most 50ms (`10 * time.Millisecond`): each timer is gone almost at once. */
function shortDuration(pkg: PackageModel, e: ast.Expr | undefined): boolean {
  const seconds = e ? durationSeconds(pkg, e) : null;
  return seconds !== null && seconds <= 0.05;
}

function durationSeconds(pkg: PackageModel, e: ast.Expr): number | null {
  const x = unparenExpr(e);
  if (x.kind === 'BasicLit' && x.litKind === Tok.INT) return Number(x.value.replace(/_/g, '')) * 1e-9;
  if (x.kind === 'SelectorExpr' && x.x.kind === 'Ident' && pkg.bindingOf(x.x)?.importPath === 'time') return UNITS[x.sel.name] ?? null;
  if (x.kind === 'BinaryExpr' && x.op === Tok.MUL) {
    const a = factor(pkg, x.x);
    const b = factor(pkg, x.y);
    if (a === null || b === null) return null;
    return a.unit !== b.unit ? a.value * b.value : null;
  }
  return null;
}

function factor(pkg: PackageModel, e: ast.Expr): { value: number; unit: boolean } | null {
  const x = unparenExpr(e);
  if (x.kind === 'BasicLit' && (x.litKind === Tok.INT || x.litKind === Tok.FLOAT))
    return { value: Number(x.value.replace(/_/g, '')), unit: false };
  if (x.kind === 'SelectorExpr') {
    const s = durationSeconds(pkg, x);
    return s === null ? null : { value: s, unit: true };
  }
  return null;
}

const STOP_NAME = /stop|done|quit|shutdown|exit|clos|cancel|die|dying|term|kill|halt|abort/i;

/** `case <-ctx.Done():`, `case <-s.quit:`: a signal that fires once, after which the loop ends. */
function isStopSignal(clause: ast.CommClause): boolean {
  const comm = clause.comm;
  const x = comm?.kind === 'ExprStmt' ? comm.x : comm?.kind === 'AssignStmt' ? comm.rhs[0] : undefined;
  const recv = x ? unparenExpr(x) : undefined;
  if (recv?.kind !== 'UnaryExpr' || recv.op !== Tok.ARROW) return false;
  let ch = unparenExpr(recv.x);
  if (ch.kind === 'CallExpr') {
    const fun = unparenExpr(ch.fun);
    return fun.kind === 'SelectorExpr' && fun.sel.name === 'Done' && ch.args.length === 0;
  }
  if (ch.kind === 'SelectorExpr') ch = ch.sel;
  return ch.kind === 'Ident' && STOP_NAME.test(ch.name);
}

function loopHeader(loop: ast.ForStmt | ast.RangeStmt): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: loop.pos, end: loop.body.pos, parent: loop };
}
