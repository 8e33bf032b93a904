import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { continueTarget, LockFlow, type LockTrace } from '../../model/lockflow.js';
import { type Hold, lockOp, type LockSet } from '../../model/locks.js';
import type { FuncNode } from '../../model/scope.js';
import { inspect } from '../../parse/walk.js';
import { baseBindingId, isSyncLockCall, skipFile, unlockedByGoroutine, where } from './lock-text.js';

export default defineRule({
  meta: {
    id: 'lock-missing-unlock',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'function returns with a mutex still locked on some path',
    docs: {
      why:
        'A function that locks a mutex and unlocks it by hand (not with defer) must unlock it on every way out. ' +
        'An early return — usually an error path added later — leaves the mutex locked, and the next goroutine ' +
        'that calls Lock blocks forever: the service stops answering, with every request stuck in ' +
        '`sync.(*Mutex).Lock`. A `continue` that skips the Unlock in a loop deadlocks on the next iteration.\n\n' +
        'Reported at the return (or the end of the function, or the `continue`) when the mutex is held on every ' +
        'path to it and the function unlocks that mutex itself on its other paths. Not reported: deferred ' +
        'unlocks (also through a helper or a deferred closure), lock helpers that return with the lock held on ' +
        'purpose (every path holds it, the name says lock/acquire, or a comment says the caller unlocks), returning ' +
        'the locked object or an unlock function, locks handed to a goroutine that unlocks them, and panics.',
      bad: `package p

import (
	"errors"
	"sync"
)

type Inventory struct {
	mu    sync.Mutex
	stock map[string]int
}

func (inv *Inventory) Take(item string, n int) error {
	inv.mu.Lock()
	if inv.stock[item] < n {
		return errors.New("out of stock")
	}
	inv.stock[item] -= n
	inv.mu.Unlock()
	return nil
}
`,
      good: `package p

import (
	"errors"
	"sync"
)

type Inventory struct {
	mu    sync.Mutex
	stock map[string]int
}

func (inv *Inventory) Take(item string, n int) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.stock[item] < n {
		return errors.New("out of stock")
	}
	inv.stock[item] -= n
	return nil
}
`,
      fix: 'Use `defer mu.Unlock()` right after Lock, or unlock before every return (and before `continue`).',
      seeAlso: ['GCatch forgetunlock', 'https://go.dev/ref/spec#Defer_statements'],
    },
    messages: {
      returns: 'returns with {lock} still {held} (locked at {lockedAt}; unlocked at {unlockedAt} on the other paths): {next}',
      ends: 'the function ends with {lock} still {held} (locked at {lockedAt}; unlocked at {unlockedAt} on the other paths): {next}',
      continues: 'continues with {lock} still {held} (locked at {lockedAt}): the next iteration locks it again and blocks forever',
    },
    help: {
      returns: 'Unlock before this return, or replace the manual unlocks with `defer {lock}.Unlock()` right after Lock.',
      ends: 'Unlock before the end of the function, or use `defer {lock}.Unlock()` right after Lock.',
      continues: 'Unlock before `continue`, or move the loop body into a function that defers the unlock.',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '函数在某条路径上返回时 mutex 仍处于加锁状态',
        why: '一个手动（而不是用 defer）加锁和解锁 mutex 的函数，必须在每一个出口都解锁。提前 return——通常是后来补上的错误处理路径——会让 mutex 一直锁着，下一个调用 Lock 的 goroutine 就会永远阻塞：服务不再响应，所有请求都卡在 `sync.(*Mutex).Lock`。循环中跳过 Unlock 的 `continue` 会在下一次迭代时死锁。\n\n当到达某个 return（或函数末尾、或 `continue`）的每条路径上都持有这个 mutex，而函数在其他路径上会自己解锁时，在该处报告。不报告的情况：defer 解锁（包括通过辅助函数或 defer 的闭包）；有意持锁返回的加锁辅助函数（每条路径都持锁、名字中有 lock/acquire，或注释说明由调用方解锁）；返回被加锁的对象或解锁函数；把锁交给会解锁的 goroutine；以及 panic。',
        fix: '在 Lock 之后紧跟 `defer mu.Unlock()`，或者在每个 return（以及 `continue`）之前解锁。',
        messages: {
          returns: '返回时 {lock} 仍处于{held}状态（在 {lockedAt} 加锁；其他路径上在 {unlockedAt} 解锁）：{next}',
          ends: '函数结束时 {lock} 仍处于{held}状态（在 {lockedAt} 加锁；其他路径上在 {unlockedAt} 解锁）：{next}',
          continues: 'continue 时 {lock} 仍处于{held}状态（在 {lockedAt} 加锁）：下一次迭代会再次加锁并永远阻塞',
        },
        help: {
          returns: '在这个 return 之前解锁，或者把手动解锁改成在 Lock 之后紧跟 `defer {lock}.Unlock()`。',
          ends: '在函数结束之前解锁，或者在 Lock 之后紧跟 `defer {lock}.Unlock()`。',
          continues: '在 `continue` 之前解锁，或者把循环体提取成一个 defer 解锁的函数。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const flow = LockFlow.of(pkg);
    for (const fn of pkg.functions) {
      const file = pkg.fileOfNode(fn);
      if (skipFile(file) || !fn.body) continue;
      if (flow.neverHolds(fn)) continue; // every lock set below would be empty
      const trace = flow.trace(fn);
      const releases = flow.releases(trace);
      if (releases.size === 0) continue;
      const deferred = flow.deferredReleases(fn);
      const candidates = (state: LockSet): (Hold & { at: ast.CallExpr })[] =>
        state.filter(
          (h): h is Hold & { at: ast.CallExpr } =>
            !h.deferred &&
            h.at !== null &&
            h.at.pos >= fn.body!.pos &&
            h.at.end <= fn.body!.end &&
            releases.has(h.ref.instanceKey) &&
            !deferred.has(h.ref.instanceKey) &&
            (lockOp(pkg, h.at) === null || isSyncLockCall(pkg, h.at)),
        );
      const acquisitions = acquisitionPositions(ctx, trace);
      const heldOnEntry = (key: string): boolean => {
        // the first thing the function does with the lock is release it: the caller holds it
        const firstRelease = releases.get(key)![0]!.pos;
        return !(acquisitions.get(key) ?? []).some((p) => p < firstRelease);
      };
      const handedOff = new Map<string, boolean>();
      const isHandedOff = (key: string): boolean => {
        let v = handedOff.get(key);
        if (v === undefined)
          handedOff.set(
            key,
            (v = heldOnEntry(key) || diesWithCall(ctx, fn, key) || unlockedByGoroutine(pkg, fn, key) || unlockedByClosure(ctx, fn, key)),
          );
        return v;
      };
      const intended = intendedToReturnLocked(ctx, fn);
      for (const exit of trace.exits) {
        if (exit.kind === 'panic' || intended) continue;
        for (const h of candidates(exit.state)) {
          if (isHandedOff(h.ref.instanceKey)) continue;
          if (exit.at.kind === 'ReturnStmt' && (returnsLockOwner(ctx, exit.at, h.ref.instanceKey) || commentSaysLocked(ctx, exit.at)))
            continue;
          const unlock = releases.get(h.ref.instanceKey)![0]!;
          const data = {
            lock: h.ref.display,
            lockedAt: where(ctx, exit.at, h.at),
            unlockedAt: where(ctx, exit.at, unlock),
            ...heldWords(h),
          };
          const related = [
            { node: h.at, message: `${h.ref.display} is locked here` },
            { node: unlock, message: 'and unlocked here on the other paths' },
          ];
          if (exit.at.kind === 'ReturnStmt') {
            ctx.report({
              pos: exit.at.pos,
              end: exit.at.pos + 'return'.length,
              file,
              messageId: 'returns',
              data,
              related,
              fixes: unlockBefore(ctx, exit.at, unlock),
            });
          } else if (exit.at.kind === 'BlockStmt' && exit.at.rbrace >= 0) {
            ctx.report({ pos: exit.at.rbrace, end: exit.at.rbrace + 1, file, messageId: 'ends', data, related });
          }
        }
      }
      reportContinues(ctx, trace, candidates, isHandedOff);
    }
  },
});

function reportContinues(
  ctx: RuleContext,
  trace: LockTrace,
  candidates: (state: LockSet) => (Hold & { at: ast.CallExpr })[],
  isHandedOff: (key: string) => boolean,
): void {
  for (const [stmt, state] of trace.before) {
    if (stmt.kind !== 'BranchStmt') continue;
    const loop = continueTarget(stmt);
    if (!loop) continue;
    for (const h of candidates(state)) {
      // taken in this loop's body: the next iteration takes it again
      if (h.at.pos < loop.body.pos || h.at.end > loop.body.end || isHandedOff(h.ref.instanceKey)) continue;
      ctx.report({
        node: stmt,
        messageId: 'continues',
        data: { lock: h.ref.display, lockedAt: where(ctx, stmt, h.at), ...heldWords(h) },
        related: [{ node: h.at, message: `${h.ref.display} is locked here, at the start of each iteration` }],
      });
    }
  }
}

const LOCKING_WORDS = new Set(['lock', 'rlock', 'locked', 'acquire', 'grab', 'hold', 'enter', 'begin', 'start']);

function heldWords(h: Hold): { held: string; next: string } {
  return h.mode === 'r'
    ? { held: 'read-locked', next: `the read lock is never released, so the next ${h.ref.display}.Lock() blocks forever` }
    : { held: 'locked', next: `the next ${h.ref.display}.Lock() blocks forever` };
}

/** Where the function takes each lock itself (Lock/RLock or a helper that locks), by instance key. */
function acquisitionPositions(ctx: RuleContext, trace: LockTrace): Map<string, number[]> {
  const flow = LockFlow.of(ctx.pkg);
  const out = new Map<string, number[]>();
  for (const call of trace.beforeCall.keys()) {
    for (const a of flow.acquisitionsOf(call)) {
      const list = out.get(a.ref.instanceKey);
      if (list) list.push(call.pos);
      else out.set(a.ref.instanceKey, [call.pos]);
    }
  }
  return out;
}

/**
 * The mutex belongs to a value this function made and no goroutine it starts can see: nobody
 * can lock it after the function returns (a test's scratch buffer left in write mode).
 */
function diesWithCall(ctx: RuleContext, fn: FuncNode, key: string): boolean {
  const id = baseBindingId(key);
  if (id === null || !fn.body) return false;
  let local = false;
  let spawns = false;
  inspect(fn.body, (n) => {
    if (n.kind === 'GoStmt') spawns = true;
    if (n.kind === 'Ident') {
      const b = ctx.pkg.bindingOf(n) as { id?: number; owner?: FuncNode | null; role?: string } | undefined;
      if (b?.id === id && b.owner === fn && b.role === 'local') local = true;
    }
    return !spawns;
  });
  return local && !spawns;
}

const RETURNS_LOCKED_DOC =
  /caller (must|should|is responsible)[^.]*\b(unlock|release)|return(s|ing)?\b[^.]*\b(locked|held)\b|leav(es|ing)\b[^.]*\b(locked|held)\b|unlocked by the caller|must be unlocked/i;

/** Lock helpers and functions documented to return with the lock held. */
function intendedToReturnLocked(ctx: RuleContext, fn: FuncNode): boolean {
  if (fn.kind !== 'FuncDecl') return false;
  const words = fn.name.name.split(/(?=[A-Z])|_/).map((w) => w.toLowerCase());
  if (words.some((w) => LOCKING_WORDS.has(w))) return true;
  const doc = docComment(ctx, fn);
  return RETURNS_LOCKED_DOC.test(doc);
}

function docComment(ctx: RuleContext, fn: ast.FuncDecl): string {
  const file = ctx.pkg.fileOfNode(fn);
  if (!file) return '';
  const lines: string[] = [];
  let expect = file.lines.line(fn.pos) - 1;
  for (let i = file.ast.comments.length - 1; i >= 0; i--) {
    const c = file.ast.comments[i]!;
    if (c.end > fn.pos) continue;
    const line = file.lines.line(c.end);
    if (line !== expect) {
      if (line < expect) break;
      continue;
    }
    lines.unshift(c.text);
    expect = file.lines.line(c.pos) - 1;
  }
  return lines.join('\n');
}

/** A comment on the return's line or the line above it that talks about the lock. */
function commentSaysLocked(ctx: RuleContext, ret: ast.ReturnStmt): boolean {
  const file = ctx.pkg.fileOfNode(ret);
  if (!file) return false;
  const line = file.lines.line(ret.pos);
  return file.ast.comments.some((c) => {
    const l = file.lines.line(c.pos);
    // `// want` is a test expectation (analysistest), not documentation
    return (l === line || l === line - 1) && !/^\/\/\s*want\s/.test(c.text) && /caller|unlock|locked|held|holding/i.test(c.text);
  });
}

/** `return c` where the held lock is c.mu: the caller gets the object locked. */
function returnsLockOwner(ctx: RuleContext, ret: ast.ReturnStmt, key: string): boolean {
  const id = baseBindingId(key);
  if (id === null) return false;
  let found = false;
  for (const r of ret.results) {
    inspect(r, (n) => {
      if (n.kind === 'Ident' && (ctx.pkg.bindingOf(n) as { id?: number } | undefined)?.id === id) found = true;
      return !found;
    });
  }
  return found;
}

/** A function literal of `fn` (not run on the spot) that unlocks the lock: an unlock func handed to the caller. */
function unlockedByClosure(ctx: RuleContext, fn: FuncNode, key: string): boolean {
  const flow = LockFlow.of(ctx.pkg);
  let found = false;
  inspect(fn.body!, (n) => {
    if (found) return false;
    if (n.kind !== 'FuncLit') return true;
    const p = n.parent;
    if (p?.kind === 'CallExpr' && p.fun === n && p.parent?.kind !== 'DeferStmt' && p.parent?.kind !== 'GoStmt') return true;
    inspect(n.body, (m) => {
      if (m.kind === 'CallExpr' && flow.releasedBy(m).includes(key)) found = true;
      return !found;
    });
    return false;
  });
  return found;
}

/** Suggestion: the same unlock call, right before the return. */
function unlockBefore(ctx: RuleContext, ret: ast.ReturnStmt, unlock: ast.CallExpr): FixSpec[] {
  const file = ctx.pkg.fileOfNode(ret);
  if (!file) return [];
  const lineStart = file.src.lastIndexOf('\n', ret.pos - 1) + 1;
  const indent = file.src.slice(lineStart, ret.pos);
  if (!/^[ \t]*$/.test(indent)) return [];
  const call = file.src.slice(unlock.pos, unlock.end);
  return [
    { title: `call ${call} before returning`, safe: false, edits: [{ pos: lineStart, end: lineStart, text: `${indent}${call}\n`, file }] },
  ];
}
