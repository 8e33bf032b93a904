import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { callsNamed, functionsCallingMethods, isNoReturnStmt } from '../../model/calls.js';
import { type FlowDomain, runFlow } from '../../model/flow.js';
import { callsIn, lockRef } from '../../model/locks.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { makeChanCapacity, TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isNamed } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { skipFile, where } from './lock-text.js';
import { syncKey } from '../../model/waitgroups.js';

const SEMAPHORE = 'golang.org/x/sync/semaphore';

/** A permit acquisition: held from the then-branch (`if s.TryAcquire(1) {`), or after a failure branch. */
interface Acquire {
  call: ast.CallExpr;
  sem: ast.Expr;
  key: string;
  classKey: string;
  /** The if statement whose branch decides whether the permit is held, if any. */
  gate: ast.IfStmt | null;
  /** 'then': held inside gate.body; 'else': held everywhere but gate.body; 'now': held from here. */
  when: 'then' | 'else' | 'now';
}

/** Permits possibly held, by semaphore instance: 'pending' until the gate's branch is known. */
type State = ReadonlyMap<string, { acq: Acquire; pending: boolean }>;

export default defineRule({
  meta: {
    id: 'lock-semaphore-leak',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'semaphore permit acquired and not released on some path',
    docs: {
      why:
        'A golang.org/x/sync/semaphore.Weighted permit is held until Release: nothing frees it when the function ' +
        'returns. Each path that acquires and forgets to release shrinks the semaphore for good, and once the last ' +
        'permit is gone every Acquire blocks forever and every TryAcquire fails — a back-pressure gate that ' +
        'silently becomes a wall after N requests.\n\n' +
        'Reported at the acquisition when nothing in the package ever releases that semaphore, and at the return ' +
        'when the function releases the permit itself on other paths but not on this one. A successful ' +
        'acquisition is followed into the branch where it succeeded (`if sem.TryAcquire(1) {`, after `if err := ' +
        'sem.Acquire(ctx, 1); err != nil { return err }`). Not reported: deferred releases, permits handed to a ' +
        'goroutine or a callback that releases them, and functions that pass the semaphore on.\n\n' +
        'The same holds for a buffered channel used as a counting semaphore (`sem <- struct{}{}` to acquire, ' +
        '`<-sem` to release): a return between the two that the function\'s other paths release on keeps the ' +
        'slot for good, and once the buffer is full every acquiring send blocks forever.',
      bad: `package p

import (
	"golang.org/x/sync/semaphore"
)

type Event struct{ ID int }

var (
	sem = semaphore.NewWeighted(16)
	buf = make(chan Event, 512)
)

func Offer(evt Event) bool {
	if sem.TryAcquire(1) {
		select {
		case buf <- evt:
			return true
		default:
		}
	}
	return false
}
`,
      good: `package p

import (
	"golang.org/x/sync/semaphore"
)

type Event struct{ ID int }

var (
	sem = semaphore.NewWeighted(16)
	buf = make(chan Event, 512)
)

func Offer(evt Event) bool {
	if !sem.TryAcquire(1) {
		return false
	}
	select {
	case buf <- evt:
		return true // the consumer releases the permit
	default:
		sem.Release(1)
		return false
	}
}

func Consume(handle func(Event)) {
	for evt := range buf {
		handle(evt)
		sem.Release(1)
	}
}
`,
      fix: 'Release on every path: `defer sem.Release(n)` right after a successful acquisition, or release in the branch that gives up (a `select` default, an error return).',
      seeAlso: ['https://pkg.go.dev/golang.org/x/sync/semaphore', 'seed catalog S002-9 (gRPC back-pressure)'],
    },
    messages: {
      never: '{sem}.{method} takes a permit that is never released: nothing in the package calls {sem}.Release, so {after}',
      chanReturns: 'returns holding the slot that `{acquire}` took ({acquiredAt}; released by `<-{sem}` at {releasedAt} on the other paths): each such return loses a slot; {after}',
      returns: 'returns holding the permit {sem}.{method} took ({acquiredAt}; released at {releasedAt} on the other paths): {after}',
    },
    help: {
      never: 'Release the permit when the work it guards is done (`defer {sem}.Release(n)`), also on the paths that give up.',
      chanReturns: 'Receive from {sem} before this return, or `defer func() { <-{sem} }()` right after the send.',
      returns: 'Call {sem}.Release before this return, or `defer {sem}.Release(n)` right after the acquisition succeeds.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '获取了信号量许可，却在某条路径上没有释放',
        why: 'golang.org/x/sync/semaphore.Weighted 的许可在调用 Release 之前一直被占用：函数返回时不会自动释放。每条获取了许可却忘记释放的路径都会让信号量永久变小，最后一个许可用完之后，每次 Acquire 都会永远阻塞、每次 TryAcquire 都会失败——一道背压闸门在处理了 N 个请求后悄悄变成了一堵墙。\n\n当包中没有任何代码释放这个信号量时，在获取处报告；当函数在其他路径上自己释放许可、而这条路径没有释放时，在 return 处报告。成功的获取会被跟踪到成功的分支中（`if sem.TryAcquire(1) {`，以及 `if err := sem.Acquire(ctx, 1); err != nil { return err }` 之后）。不报告的情况：defer 的释放、交给负责释放的 goroutine 或回调的许可，以及把信号量继续传下去的函数。\n\n用作计数信号量的带缓冲 channel（`sem <- struct{}{}` 获取，`<-sem` 释放）也是一样：函数在其他路径上释放、却在两者之间返回的路径会永久占用一个名额，缓冲区满了之后，每次获取用的发送都会永远阻塞。',
        fix: '在每条路径上释放：获取成功后立即 `defer sem.Release(n)`，或者在放弃的分支（`select` 的 default、错误返回）中释放。',
        messages: {
          never: '{sem}.{method} 获取的许可从不释放：包中没有任何地方调用 {sem}.Release，所以{after}',
          chanReturns: '返回时仍占用 `{acquire}` 获取的名额（{acquiredAt}；其他路径在 {releasedAt} 通过 `<-{sem}` 释放）：每次这样返回都会丢失一个名额；{after}',
          returns: '返回时仍持有 {sem}.{method} 获取的许可（{acquiredAt}；其他路径在 {releasedAt} 释放）：{after}',
        },
        help: {
          never: '在许可保护的工作完成时释放它（`defer {sem}.Release(n)`），放弃的路径上也要释放。',
          chanReturns: '在这个 return 之前从 {sem} 接收一次，或者在发送之后立即 `defer func() { <-{sem} }()`。',
          returns: '在这个 return 之前调用 {sem}.Release，或者在获取成功后立即 `defer {sem}.Release(n)`。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    let released: Set<string> | null = null;
    // a channel slot needs a send in the function, a semaphore an Acquire call
    const sending = new Set<FuncNode | null>(pkg.nodesOfKind('SendStmt').map((s) => pkg.enclosingFunction(s)));
    const acquiring = functionsCallingMethods(pkg, ['Acquire', 'TryAcquire']);
    for (const fn of pkg.functions) {
      if (!fn.body || (!sending.has(fn) && !acquiring.has(fn)) || skipFile(pkg.fileOfNode(fn))) continue;
      if (sending.has(fn)) reportChannelSlotLeaks(ctx, fn);
      if (!acquiring.has(fn)) continue;
      const acquires = acquisitionsIn(pkg, fn);
      if (acquires.length === 0) continue;
      released ??= releasedClasses(pkg);
      for (const acq of acquires) {
        if (released.has(acq.classKey) || (acq.classKey.startsWith('var:') && isParamKey(pkg, fn, acq) && released.size > 0)) continue;
        if (handsOff(pkg, fn, acq)) continue;
        const method = acq.call.fun.kind === 'SelectorExpr' ? acq.call.fun.sel.name : 'Acquire';
        const semText = text(pkg, acq.sem);
        ctx.report({
          node: acq.call,
          messageId: 'never',
          data: { sem: semText, method, after: afterText(pkg, acq, method) },
        });
      }
      reportPathLeaks(ctx, fn, acquires);
    }
  },
});

function text(pkg: PackageModel, e: ast.Node): string {
  const f = pkg.fileOfNode(e);
  return f ? f.src.slice(e.pos, e.end) : '?';
}

function afterText(pkg: PackageModel, acq: Acquire, method: string): string {
  const cap = capacityOf(pkg, acq.sem);
  const n = cap === null ? 'the permits' : `the ${cap} permits`;
  return method === 'TryAcquire'
    ? `once ${n} are used up every TryAcquire fails`
    : `once ${n} are used up every Acquire blocks forever`;
}

/** The literal size given to semaphore.NewWeighted for a package variable or local, if known. */
function capacityOf(pkg: PackageModel, sem: ast.Expr): number | null {
  const x = unparenExpr(sem);
  const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  if (b?.source.k !== 'init') return null;
  const init = unparenExpr(b.source.expr);
  if (init.kind !== 'CallExpr' || TypeInfo.of(pkg).qualifiedCallee(init) !== `${SEMAPHORE}.NewWeighted`) return null;
  const arg = init.args[0];
  if (!arg) return null;
  // makeChanCapacity reads the literal second argument of make; reuse it on a synthetic view
  const n = unparenExpr(arg);
  return n.kind === 'BasicLit' && n.litKind === Tok.INT ? Number(n.value.replace(/_/g, '')) : makeChanCapacity({ ...init, args: [init, arg] });
}

export function isSemaphore(pkg: PackageModel, e: ast.Expr): boolean {
  return isNamed(deref(TypeInfo.of(pkg).typeOf(e)), SEMAPHORE, 'Weighted');
}

/** `s.Method(...)` on a semaphore: the semaphore expression. */
function semCall(pkg: PackageModel, call: ast.CallExpr, ...methods: string[]): ast.Expr | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || !methods.includes(fun.sel.name)) return null;
  return isSemaphore(pkg, fun.x) ? fun.x : null;
}

/** Acquisitions whose success the function can see, with the branch where the permit is held. */
function acquisitionsIn(pkg: PackageModel, fn: FuncNode): Acquire[] {
  const out: Acquire[] = [];
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind !== 'CallExpr') return true;
    const sem = semCall(pkg, n, 'Acquire', 'TryAcquire');
    if (!sem) return true;
    const ref = lockRef(pkg, sem, false);
    const base = { call: n, sem, key: ref.instanceKey, classKey: ref.typeKey };
    const gate = gateOf(pkg, n);
    if (gate) out.push({ ...base, ...gate });
    return true;
  });
  return out;
}

/**
 * Where an acquisition is known to hold a permit: `if s.TryAcquire(n) && ... {` (then),
 * `if !s.TryAcquire(n) {` / `if err := s.Acquire(ctx, n); err != nil {` (else), a statement
 * `s.Acquire(ctx, n)` whose error is ignored (now). Null for shapes we do not follow.
 */
function gateOf(pkg: PackageModel, call: ast.CallExpr): { gate: ast.IfStmt | null; when: Acquire['when'] } | null {
  const isTry = call.fun.kind === 'SelectorExpr' && call.fun.sel.name === 'TryAcquire';
  let e: ast.Node = call;
  let negated = false;
  for (let p = e.parent; p; e = p, p = p.parent) {
    if (p.kind === 'ParenExpr') continue;
    if (p.kind === 'BinaryExpr' && p.op === Tok.LAND && !negated) continue;
    if (p.kind === 'UnaryExpr' && p.op === Tok.NOT && !negated) {
      negated = true;
      continue;
    }
    if (p.kind === 'BinaryExpr' && p.op === Tok.LOR && negated) continue;
    break;
  }
  const parent = e.parent;
  if (isTry) {
    if (parent?.kind === 'IfStmt' && parent.cond === e) return { gate: parent, when: negated ? 'else' : 'then' };
    return null;
  }
  if (negated) return null;
  // Acquire(ctx, n) error
  if (parent?.kind === 'ExprStmt' && e === call) return { gate: null, when: 'now' };
  if (parent?.kind === 'AssignStmt' && parent.rhs.length === 1 && parent.lhs.length === 1 && e === call) {
    const lhs = unparenExpr(parent.lhs[0]!);
    if (lhs.kind === 'Ident' && lhs.name === '_') return { gate: null, when: 'now' };
    const check = parent.parent?.kind === 'IfStmt' && parent.parent.init === parent ? parent.parent : nextIf(parent);
    if (check && lhs.kind === 'Ident' && isErrCheck(pkg, check.cond, lhs)) return { gate: check, when: 'else' };
  }
  return null;
}

function nextIf(stmt: ast.Stmt): ast.IfStmt | null {
  const p = stmt.parent;
  const list = p?.kind === 'BlockStmt' ? p.list : p?.kind === 'CaseClause' || p?.kind === 'CommClause' ? p.body : null;
  const next = list?.[list.indexOf(stmt) + 1];
  return next?.kind === 'IfStmt' && !next.init ? next : null;
}

/** `err != nil` on the variable the acquisition's error went to. */
function isErrCheck(pkg: PackageModel, cond: ast.Expr, err: ast.Ident): boolean {
  const c = unparenExpr(cond);
  if (c.kind !== 'BinaryExpr' || c.op !== Tok.NEQ) return false;
  const x = unparenExpr(c.x);
  const y = unparenExpr(c.y);
  return x.kind === 'Ident' && y.kind === 'Ident' && y.name === 'nil' && pkg.bindingOf(x) === pkg.bindingOf(err);
}

/** Semaphore classes released somewhere in the package (directly or in any function literal). */
function releasedClasses(pkg: PackageModel): Set<string> {
  return pkg.analysis('rule:semaphore-released', (p) => {
    const out = new Set<string>();
    for (const call of callsNamed(p, { selector: ['Release'] })) {
      const sem = semCall(p, call, 'Release');
      if (sem) out.add(lockRef(p, sem, false).typeKey);
    }
    return out;
  });
}

/** The semaphore is reached through a parameter of the function: the caller may release it. */
function isParamKey(pkg: PackageModel, fn: FuncNode, acq: Acquire): boolean {
  let root = unparenExpr(acq.sem);
  while (root.kind === 'SelectorExpr' || root.kind === 'StarExpr') root = unparenExpr(root.x);
  const b = root.kind === 'Ident' ? pkg.bindingOf(root) : undefined;
  return b?.owner === fn && (b.role === 'param' || b.role === 'recv');
}

/** The function gives the permit to somebody else: a goroutine or closure that releases, or passes the semaphore on. */
function handsOff(pkg: PackageModel, fn: FuncNode, acq: Acquire): boolean {
  let found = false;
  inspect(fn.body!, (n) => {
    if (found) return false;
    if (n.kind === 'FuncLit' && releasesIn(pkg, n.body, acq)) found = true;
    if (n.kind === 'CallExpr' && n.pos > acq.call.end && passesSem(pkg, n, acq)) found = true;
    return !found;
  });
  return found;
}

function releasesIn(pkg: PackageModel, node: ast.Node, acq: Acquire): boolean {
  let found = false;
  inspect(node, (n) => {
    if (found) return false;
    if (n.kind === 'CallExpr') {
      const sem = semCall(pkg, n, 'Release');
      if (sem && lockRef(pkg, sem, false).typeKey === acq.classKey) found = true;
    }
    return true;
  });
  return found;
}

/** A call that takes the semaphore (or the object holding it) as an argument or releases it in a package callee. */
function passesSem(pkg: PackageModel, call: ast.CallExpr, acq: Acquire): boolean {
  const semText = text(pkg, acq.sem);
  if (call.args.some((a) => text(pkg, a) === semText || semText.startsWith(text(pkg, a) + '.'))) return true;
  const callee = TypeInfo.of(pkg).callee(call);
  return callee?.body !== undefined && callee.body !== null && releasesIn(pkg, callee.body, acq);
}

/** Returns that leave a permit held when the function releases it itself on other paths. */
function reportPathLeaks(ctx: RuleContext, fn: FuncNode, acquires: Acquire[]): void {
  const pkg = ctx.pkg;
  const releases = new Map<string, ast.CallExpr>();
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit' || n.kind === 'DeferStmt') return false;
    if (n.kind === 'CallExpr') {
      const sem = semCall(pkg, n, 'Release');
      if (sem) {
        const key = lockRef(pkg, sem, false).instanceKey;
        if (!releases.has(key)) releases.set(key, n);
      }
    }
    return true;
  });
  const mine = acquires.filter((a) => releases.has(a.key) && !handsOffBeyondReleases(pkg, fn, a));
  if (mine.length === 0) return;
  const byCall = new Map(mine.map((a) => [a.call, a]));
  const reported = new Set<ast.Node>();
  const domain: FlowDomain<State> = {
    simple(node, s) {
      s = resolve(s, node);
      if (node.kind === 'DeferStmt') return dropReleased(pkg, s, node);
      if (node.kind === 'GoStmt') return dropReleased(pkg, s, node);
      // work handed to a consumer elsewhere in the package that releases the permit
      if (node.kind === 'SendStmt' && s.size > 0) return releasedOutside(pkg, fn, s);
      for (const call of callsIn(node)) {
        const acq = byCall.get(call);
        if (acq) {
          const next = new Map(s);
          next.set(acq.key, { acq, pending: acq.when !== 'now' });
          s = next;
          continue;
        }
        const sem = semCall(pkg, call, 'Release');
        if (sem) s = without(s, lockRef(pkg, sem, false).instanceKey);
      }
      return s;
    },
    join(a, b) {
      if (a === b) return a;
      const out = new Map<string, { acq: Acquire; pending: boolean }>();
      for (const [k, v] of a) {
        const o = b.get(k);
        if (o && o.pending === v.pending) out.set(k, v);
      }
      return out;
    },
    equal(a, b) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (b.get(k)?.pending !== v.pending) return false;
      return true;
    },
    noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
  };
  runFlow<State>(fn.body!, new Map(), domain, {
    exit(at, state, kind) {
      if (kind !== 'return' || at.kind !== 'ReturnStmt' || reported.has(at)) return;
      for (const { acq, pending } of state.values()) {
        if (pending) continue;
        reported.add(at);
        const method = acq.call.fun.kind === 'SelectorExpr' ? acq.call.fun.sel.name : 'Acquire';
        const release = releases.get(acq.key)!;
        ctx.report({
          pos: at.pos,
          end: at.pos + 'return'.length,
          file: pkg.fileOfNode(at),
          messageId: 'returns',
          data: {
            sem: text(pkg, acq.sem),
            method,
            acquiredAt: where(ctx, at, acq.call),
            releasedAt: where(ctx, at, release),
            after: afterText(pkg, acq, method).replace(/^once/, 'each such return loses a permit; once'),
          },
          related: [
            { node: acq.call, message: 'the permit is acquired here' },
            { node: release, message: 'and released here on the other paths' },
          ],
        });
        break;
      }
    },
  });
}

/** Like handsOff, but a release in the function's own body does not count. */
function handsOffBeyondReleases(pkg: PackageModel, fn: FuncNode, acq: Acquire): boolean {
  let found = false;
  inspect(fn.body!, (n) => {
    if (found) return false;
    if (n.kind === 'FuncLit' && releasesIn(pkg, n.body, acq)) found = true;
    if (n.kind === 'CallExpr' && n.pos > acq.call.end && passesSem(pkg, n, acq) && !semCall(pkg, n, 'Release')) found = true;
    return !found;
  });
  return found;
}

/** Settles pending permits once control is inside or past the branch that decides them. */
function resolve(s: State, node: ast.Node): State {
  let out: Map<string, { acq: Acquire; pending: boolean }> | null = null;
  for (const [k, v] of s) {
    if (!v.pending || !v.acq.gate) continue;
    const gate = v.acq.gate;
    if (node.pos < gate.body.pos) continue; // still evaluating the condition
    const inBody = node.pos >= gate.body.pos && node.end <= gate.body.end;
    const held = v.acq.when === 'then' ? inBody : !inBody;
    out ??= new Map(s);
    if (held) out.set(k, { acq: v.acq, pending: false });
    else out.delete(k);
  }
  return out ?? s;
}

function without(s: State, key: string): State {
  if (!s.has(key)) return s;
  const out = new Map(s);
  out.delete(key);
  return out;
}

/** A deferred or started function that releases: the permit is taken care of. */
function dropReleased(pkg: PackageModel, s: State, stmt: ast.DeferStmt | ast.GoStmt): State {
  for (const [k, v] of s) if (releasesIn(pkg, stmt.call, v.acq)) s = without(s, k);
  return s;
}

/** Drops the permits that some other function of the package releases (the receiver of what was sent). */
function releasedOutside(pkg: PackageModel, fn: FuncNode, s: State): State {
  for (const [k, v] of s) {
    const elsewhere = pkg.functions.some((f) => f !== fn && f.body && releasesIn(pkg, f.body, v.acq));
    if (elsewhere) s = without(s, k);
  }
  return s;
}

/** `<-sem` as a statement (a receive whose value is dropped): a channel semaphore release. */
function slotRelease(node: ast.Node): ast.Expr | null {
  if (node.kind !== 'ExprStmt') return null;
  const x = unparenExpr(node.x);
  return x.kind === 'UnaryExpr' && x.op === Tok.ARROW ? x.x : null;
}

/** Channel keys a node releases a slot of (also inside deferred or started function literals). */
function slotReleasesIn(pkg: PackageModel, node: ast.Node): Set<string> {
  const out = new Set<string>();
  inspect(node, (n) => {
    const ch = slotRelease(n);
    if (ch) out.add(syncKey(pkg, ch));
    return true;
  });
  return out;
}

/**
 * Buffered channels used as semaphores in one function: `sem <- token` statements acquire,
 * `<-sem` statements release. A return holding a slot that other paths release is a leak.
 */
function reportChannelSlotLeaks(ctx: RuleContext, fn: FuncNode): void {
  const pkg = ctx.pkg;
  const sends = new Map<string, ast.SendStmt>();
  const releases = new Map<string, ast.ExprStmt>();
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit' || n.kind === 'DeferStmt' || n.kind === 'GoStmt') return false;
    if (n.kind === 'SendStmt' && n.parent?.kind !== 'CommClause') {
      const k = syncKey(pkg, n.chan);
      if (!sends.has(k)) sends.set(k, n);
    }
    const ch = slotRelease(n);
    if (ch && n.kind === 'ExprStmt') {
      const k = syncKey(pkg, ch);
      if (!releases.has(k)) releases.set(k, n);
    }
    return true;
  });
  const keys = [...sends.keys()].filter((k) => releases.has(k) && releases.get(k)!.pos > sends.get(k)!.pos);
  if (keys.length === 0) return;
  // only buffered channels: an unbuffered send is a hand-off, not an acquisition
  // (a known capacity, or an empty-struct token of unknown capacity: the semaphore idiom)
  const tracked = new Set(
    keys.filter((k) => {
      const send = sends.get(k)!;
      const cap = capacityOfChan(pkg, send.chan);
      return cap === null ? isEmptyStructToken(send.value) : cap > 0;
    }),
  );
  if (tracked.size === 0) return;
  const reported = new Set<ast.Node>();
  type Held = ReadonlyMap<string, ast.SendStmt>;
  runFlow<Held>(
    fn.body!,
    new Map(),
    {
      simple(node, s) {
        if (node.kind === 'DeferStmt' || node.kind === 'GoStmt') {
          const rel = slotReleasesIn(pkg, node);
          if (rel.size === 0) return s;
          const out = new Map(s);
          for (const k of rel) out.delete(k);
          return out;
        }
        if (node.kind === 'SendStmt') {
          const k = syncKey(pkg, node.chan);
          if (!tracked.has(k) || node.parent?.kind === 'CommClause') return s;
          const out = new Map(s);
          out.set(k, node);
          return out;
        }
        const ch = slotRelease(node);
        if (ch) {
          const k = syncKey(pkg, ch);
          if (!s.has(k)) return s;
          const out = new Map(s);
          out.delete(k);
          return out;
        }
        return s;
      },
      join(a, b) {
        if (a === b) return a;
        const out = new Map<string, ast.SendStmt>();
        for (const [k, v] of a) if (b.has(k)) out.set(k, v);
        return out;
      },
      equal(a, b) {
        if (a.size !== b.size) return false;
        for (const k of a.keys()) if (!b.has(k)) return false;
        return true;
      },
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
    },
    {
      exit(at, state, kind) {
        if (kind !== 'return' || at.kind !== 'ReturnStmt' || reported.has(at)) return;
        for (const [k, send] of state) {
          reported.add(at);
          const release = releases.get(k)!;
          const cap = capacityOfChan(pkg, send.chan);
          ctx.report({
            pos: at.pos,
            end: at.pos + 'return'.length,
            file: pkg.fileOfNode(at),
            messageId: 'chanReturns',
            data: {
              acquire: text(pkg, send),
              sem: text(pkg, send.chan),
              acquiredAt: where(ctx, at, send),
              releasedAt: where(ctx, at, release),
              after: `once the ${cap === null ? '' : cap + ' '}slots are used up every send on ${text(pkg, send.chan)} blocks forever`.replace('the  slots', 'the slots'),
            },
            related: [
              { node: send, message: 'the slot is taken here' },
              { node: release, message: 'and given back here on the other paths' },
            ],
          });
          break;
        }
      },
    },
  );
}

/** The literal capacity of a channel made with make(chan T, n) for a variable or field initialised in sight, or null. */
function capacityOfChan(pkg: PackageModel, ch: ast.Expr): number | null {
  const x = unparenExpr(ch);
  const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  if (b?.source.k !== 'init') return null;
  const init = unparenExpr(b.source.expr);
  const isMake = init.kind === 'CallExpr' && init.fun.kind === 'Ident' && init.fun.name === 'make';
  return isMake ? makeChanCapacity(init) : null;
}

/** `struct{}{}`: the token of a channel semaphore. */
function isEmptyStructToken(e: ast.Expr): boolean {
  const x = unparenExpr(e);
  return x.kind === 'CompositeLit' && x.elts.length === 0 && x.type?.kind === 'StructType' && x.type.fields.list.length === 0;
}
