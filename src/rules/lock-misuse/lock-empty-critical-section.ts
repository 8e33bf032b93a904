import type * as ast from '../../parse/ast.js';
import { defineRule, type FileContext, type FixSpec } from '../../engine/rule.js';
import { locate, locationKey } from '../../model/accesses.js';
import { LockFlow } from '../../model/lockflow.js';
import { lockOp, type LockOp } from '../../model/locks.js';
import type { PackageModel } from '../../model/package.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isMutex } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { isSyncLockCall, skipFile } from './lock-text.js';

export default defineRule({
  meta: {
    id: 'lock-empty-critical-section',
    family: 'lock-misuse',
    severity: 'warning',
    category: 'suspicious',
    title: 'mutex unlocked right after it is locked (empty critical section)',
    docs: {
      why:
        'A Lock directly followed by the matching Unlock protects nothing: the code that was meant to run under ' +
        'the lock runs after it, unprotected. It is usually a `defer` that was forgotten (`mu.Lock(); ' +
        'mu.Unlock()` instead of `mu.Lock(); defer mu.Unlock()`), leaving the function body racing with every ' +
        'other holder of the mutex.\n\n' +
        'An empty critical section is also a legitimate barrier — "wait until whoever holds the lock is done" — ' +
        'which the standard library uses with a comment saying so. Reported only when the code after the pair ' +
        'touches what the mutex guards: fields or variables accessed with that mutex held elsewhere in the package ' +
        '(or, when the package shows no such access, fields of the object that owns the mutex). Not reported: a ' +
        'pair with a comment on, between or right above its lines; a pair with nothing after it in its block; a ' +
        'pair followed by a signal (send, close, Done) or preceded by a state change that stops new holders (an ' +
        'atomic store, a cancel or close call) — the "wait for in-flight holders" barrier.',
      bad: `package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	c.mu.Unlock()
	c.n[key]++
}
`,
      good: `package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}

// Wait returns once every Inc that started before it has finished.
func (c *Counter) Wait() {
	// Acquire and release the lock as a barrier for in-flight increments.
	c.mu.Lock()
	c.mu.Unlock()
}
`,
      fix: 'If the code after the pair should be protected, defer the unlock (the suggested fix). If the pair is a barrier, say so in a comment.',
      seeAlso: ['staticcheck SA2001', 'gocritic badLock'],
    },
    messages: {
      empty: '{lock} is unlocked right after it is locked: the code after it runs without the lock (did you mean `defer {unlock}`?)',
    },
    help: {
      empty:
        'Use `defer {unlock}` if the rest of the function needs the lock; if the pair is a deliberate barrier, add a comment saying so.',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: 'mutex 加锁后立即解锁（空临界区）',
        why: 'Lock 之后紧跟对应的 Unlock，什么也保护不了：本应在锁内运行的代码跑到了锁外面，毫无保护。这通常是漏写了 `defer`（写成了 `mu.Lock(); mu.Unlock()` 而不是 `mu.Lock(); defer mu.Unlock()`），导致函数体与这个 mutex 的其他持有者发生竞争。\n\n空临界区也可以是一种合法的屏障——“等到当前持锁者用完”——标准库就这么用过，并且会写注释说明。只有当这对加解锁之后的代码访问了这个 mutex 所保护的东西时才报告：包内其他地方在持有这个 mutex 时访问的字段或变量（如果包内看不到这样的访问，则是拥有这个 mutex 的对象的字段）。不报告的情况：这对加解锁所在行、中间或紧上方有注释；所在代码块中它之后没有任何语句；之后紧跟一个信号（send、close、Done），或者之前有阻止新持有者进入的状态变更（原子写入、cancel 或 close 调用）——即“等待正在进行的持有者”式的屏障。',
        fix: '如果这对加解锁之后的代码需要保护，就用 defer 解锁（建议的修复）。如果它是有意的屏障，写注释说明。',
        messages: {
          empty: '{lock} 加锁后立即解锁：之后的代码在没有锁的情况下运行（是不是想写 `defer {unlock}`？）',
        },
        help: {
          empty: '如果函数的其余部分需要这把锁，使用 `defer {unlock}`；如果这对加解锁是有意的屏障，加一条注释说明。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  create(ctx) {
    if (skipFile(ctx.file)) return {};
    return {
      BlockStmt(block) {
        checkList(ctx, block.list);
      },
      CaseClause(clause) {
        checkList(ctx, clause.body);
      },
      CommClause(clause) {
        checkList(ctx, clause.body);
      },
    };
  },
});

function checkList(ctx: FileContext, list: readonly ast.Stmt[]): void {
  for (let i = 0; i + 1 < list.length; i++) {
    const lock = opOf(ctx, list[i]!);
    const unlock = opOf(ctx, list[i + 1]!);
    if (!lock || !unlock || !isSyncLockCall(ctx.pkg, lock.call)) continue;
    const pairs = (lock.kind === 'lock' && unlock.kind === 'unlock') || (lock.kind === 'rlock' && unlock.kind === 'runlock');
    if (!pairs || lock.ref.instanceKey !== unlock.ref.instanceKey) continue;
    // nothing after the pair to protect: a barrier by construction
    if (i + 2 >= list.length) continue;
    if (commented(ctx, list, i, lock) || signals(list[i + 2]!) || (i > 0 && stopsNewHolders(ctx, list[i - 1]!))) continue;
    const touched = guardedAfter(ctx, lock, list.slice(i + 2));
    if (!touched) continue;
    const unlockText = ctx.file.src.slice(unlock.call.pos, unlock.call.end);
    ctx.report({
      node: lock.call,
      messageId: 'empty',
      data: { lock: lock.ref.display, unlock: unlockText },
      related: [
        { node: unlock.call, message: 'unlocked here, before anything ran under the lock' },
        { node: touched, message: `${ctx.file.src.slice(touched.pos, touched.end)} is then used without the lock` },
      ],
      fixes: deferFix(list[i + 1]!, unlockText),
    });
  }
}

/**
 * The first access in `rest` to something the mutex guards: a field or variable accessed with
 * a lock of the same class held somewhere in the package, or — when the package shows none —
 * a field of the object the mutex belongs to (`c.n` after `c.mu`) or a package variable after a
 * package-level mutex.
 */
function guardedAfter(ctx: FileContext, lock: LockOp, rest: readonly ast.Stmt[]): ast.Node | null {
  const guarded = guardedSets(ctx.pkg).get(lock.ref.typeKey);
  const fun = unparenExpr(lock.call.fun);
  const owner = fun.kind === 'SelectorExpr' ? unparenExpr(fun.x) : null;
  const ownerBase = owner?.kind === 'SelectorExpr' ? unparenExpr(owner.x) : null;
  const ownerId =
    ownerBase?.kind === 'Ident' ? ctx.pkg.bindingOf(ownerBase) : owner?.kind === 'Ident' ? ctx.pkg.bindingOf(owner) : undefined;
  const packageLock = owner?.kind === 'Ident' && ownerId?.role === 'package';
  let found: ast.Node | null = null;
  for (const stmt of rest) {
    inspect(stmt, (n) => {
      if (found || n.kind === 'FuncLit') return false;
      const key = accessKey(ctx.pkg, n);
      if (key === null || key === lock.ref.typeKey) return true;
      if (guarded && guarded.size > 0) {
        if (guarded.has(key)) found = n;
      } else if (n.kind === 'SelectorExpr' && !packageLock) {
        const base = unparenExpr(n.x);
        if (base.kind === 'Ident' && ownerId !== undefined && ctx.pkg.bindingOf(base) === ownerId && ownerBase !== null) found = n;
      } else if (n.kind === 'Ident' && packageLock && key.startsWith('var:')) {
        found = n;
      }
      return found === null;
    });
    if (found) return found;
  }
  return null;
}

/** Key of a field or package-variable access (`field:T.f`, `var:12`), or null for anything else. */
function accessKey(pkg: PackageModel, n: ast.Node): string | null {
  if (n.kind === 'SelectorExpr') {
    if (n.parent?.kind === 'CallExpr' && n.parent.fun === n) return null; // a method call
    if (isMutex(deref(TypeInfo.of(pkg).typeOf(n)))) return null;
    const loc = locate(pkg, n);
    return loc?.k === 'field' ? locationKey(loc) : null;
  }
  if (n.kind === 'Ident') {
    if (n.parent?.kind === 'SelectorExpr' && n.parent.sel === n) return null;
    const b = pkg.bindingOf(n);
    if (b?.kind !== 'var' || b.role !== 'package' || isMutex(deref(TypeInfo.of(pkg).bindingType(b)))) return null;
    return `var:${b.id}`;
  }
  return null;
}

/** Per lock class (type key): the fields and package variables accessed while it is held, package-wide. */
function guardedSets(pkg: PackageModel): Map<string, Set<string>> {
  return pkg.analysis('rule:lock-guarded-sets', (p) => {
    const flow = LockFlow.of(p);
    const out = new Map<string, Set<string>>();
    for (const fn of p.functions) {
      if (!fn.body) continue;
      inspect(fn.body, (n) => {
        if (n.kind === 'FuncLit') return false;
        const key = accessKey(p, n);
        if (key === null) return true;
        for (const h of flow.at(fn, n)) {
          if (h.at === null) continue;
          let set = out.get(h.ref.typeKey);
          if (!set) out.set(h.ref.typeKey, (set = new Set()));
          set.add(key);
        }
        return true;
      });
    }
    return out;
  });
}

/** A state change that keeps new holders out: an atomic store/CAS/swap, a close, or a cancel/stop call. */
function stopsNewHolders(ctx: FileContext, prev: ast.Stmt): boolean {
  if (prev.kind !== 'ExprStmt' && prev.kind !== 'AssignStmt' && prev.kind !== 'IfStmt') return false;
  const head = prev.kind === 'ExprStmt' ? prev.x : prev.kind === 'AssignStmt' ? prev.rhs[0] : prev.cond;
  let call = head ? unparenExpr(head) : null;
  if (call?.kind === 'UnaryExpr' && call.op === Tok.NOT) call = unparenExpr(call.x);
  if (call?.kind !== 'CallExpr') return false;
  const fun = unparenExpr(call.fun);
  const name = fun.kind === 'SelectorExpr' ? fun.sel.name : fun.kind === 'Ident' ? fun.name : '';
  const q = TypeInfo.of(ctx.pkg).qualifiedCallee(call);
  if (q?.startsWith('sync/atomic.')) return /^(Store|Swap|CompareAndSwap)/.test(name);
  if (fun.kind === 'SelectorExpr' && /^(Store|Swap|CompareAndSwap)$/.test(name)) {
    const t = deref(TypeInfo.of(ctx.pkg).typeOf(fun.x));
    if (t.k === 'named' && t.pkg === 'sync/atomic') return true;
  }
  return name === 'close' || /^(cancel|stop|shutdown|close|setDone|markDone)/i.test(name);
}

function opOf(ctx: FileContext, stmt: ast.Stmt): LockOp | null {
  if (stmt.kind !== 'ExprStmt' || stmt.x.kind !== 'CallExpr') return null;
  return lockOp(ctx.pkg, stmt.x);
}

/**
 * A comment that explains the pair: on its lines or right above it, or a few lines above it
 * when it names the mutex or talks about waiting (`// Hold the W-closemu lock ... to ensure no
 * other connection has an active query.` a statement earlier).
 */
function commented(ctx: FileContext, list: readonly ast.Stmt[], i: number, lock: LockOp): boolean {
  const lines = ctx.file.lines;
  const lockLine = lines.line(list[i]!.pos);
  const to = lines.line(list[i + 1]!.end);
  const blockStart = i > 0 ? lines.line(list[0]!.pos) - 1 : lockLine - 1;
  const name = lock.ref.display.slice(lock.ref.display.lastIndexOf('.') + 1);
  return ctx.file.ast.comments.some((c) => {
    const l = lines.line(c.pos);
    if (l > to || /^\/\/\s*want\s/.test(c.text)) return false;
    if (l >= lockLine - 1) return true;
    return l >= Math.max(blockStart, lockLine - 6) && (c.text.includes(name) || /lock|barrier|wait|in-?flight|drain|finish/i.test(c.text));
  });
}

/** The pair is followed by a signal (send, close, Done): a barrier passed before signalling. */
function signals(next: ast.Stmt): boolean {
  if (next.kind === 'SendStmt') return true;
  if (next.kind !== 'ExprStmt' || next.x.kind !== 'CallExpr') return false;
  const fun = next.x.fun;
  if (fun.kind === 'Ident') return fun.name === 'close';
  return fun.kind === 'SelectorExpr' && (fun.sel.name === 'Done' || fun.sel.name === 'Signal' || fun.sel.name === 'Broadcast');
}

function deferFix(unlockStmt: ast.Stmt, unlockText: string): FixSpec[] {
  return [{ title: `defer ${unlockText}`, safe: false, edits: [{ pos: unlockStmt.pos, end: unlockStmt.pos, text: 'defer ' }] }];
}
