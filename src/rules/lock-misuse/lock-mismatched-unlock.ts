import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { functionsCallingMethods, isNoReturnStmt } from '../../model/calls.js';
import { type FlowDomain, runFlow } from '../../model/flow.js';
import { callsIn, lockOp, type LockOp } from '../../model/locks.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { isSyncLockCall, skipFile, where } from './lock-text.js';

/** A lock held on every path, with the modes it may be held in (`wr`: write on some paths, read on others). */
interface Held {
  modes: 'w' | 'r' | 'wr';
  at: ast.CallExpr;
}

type State = ReadonlyMap<string, Held>;

interface Mismatch {
  release: LockOp;
  held: Held;
  deferred: boolean;
}

export default defineRule({
  meta: {
    id: 'lock-mismatched-unlock',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'read lock released with Unlock, or write lock with RUnlock (fatal error)',
    docs: {
      why:
        'An RWMutex write-locked with Lock must be released with Unlock, and one read-locked with RLock with ' +
        'RUnlock. Mixing them is not a slow path: `RLock` then `Unlock` and `Lock` then `RUnlock` both stop the ' +
        'program with an unrecoverable `fatal error: sync: Unlock of unlocked RWMutex` (or `RUnlock of unlocked ' +
        'RWMutex`) — recover cannot catch it. The slip usually sits in a `defer` written by copy and paste from ' +
        'the other kind of method.\n\n' +
        'Reported when the mutex is held in one mode on every path to the unlock (or the deferred unlock) and the ' +
        'unlock is of the other mode. Not reported: functions that take the lock in either mode depending on a ' +
        'condition, locks taken by callers or helpers, and TryLock.',
      bad: `package p

import "sync"

type Config struct {
	mu     sync.RWMutex
	values map[string]string
}

func (c *Config) Get(key string) string {
	c.mu.RLock()
	defer c.mu.Unlock()
	return c.values[key]
}
`,
      good: `package p

import "sync"

type Config struct {
	mu     sync.RWMutex
	values map[string]string
}

func (c *Config) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.values[key]
}

func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
}
`,
      fix: 'Release with the method that matches the acquisition: RLock → RUnlock, Lock → Unlock. The fix renames the call.',
      seeAlso: ['gocritic badLock', 'semgrep-go wrong-lock-unlock', 'https://pkg.go.dev/sync#RWMutex'],
    },
    messages: {
      readThenUnlock:
        '{lock} is read-locked (RLock at {lockedAt}) but released with {call}: fatal error "sync: Unlock of unlocked RWMutex"',
      writeThenRUnlock:
        '{lock} is write-locked (Lock at {lockedAt}) but released with {call}: fatal error "sync: RUnlock of unlocked RWMutex"',
    },
    help: {
      readThenUnlock: 'Use {lock}.RUnlock() to release a read lock.',
      writeThenRUnlock: 'Use {lock}.Unlock() to release a write lock.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '读锁用 Unlock 释放，或写锁用 RUnlock 释放（fatal error）',
        why: '用 Lock 加写锁的 RWMutex 必须用 Unlock 释放，用 RLock 加读锁的必须用 RUnlock 释放。混用它们不只是走了慢路径：先 `RLock` 再 `Unlock`、或先 `Lock` 再 `RUnlock`，都会以无法恢复的 `fatal error: sync: Unlock of unlocked RWMutex`（或 `RUnlock of unlocked RWMutex`）终止程序——recover 捕获不到。这种疏忽通常出现在从另一种方法复制粘贴过来的 `defer` 里。\n\n当到达解锁（或 defer 的解锁）的每条路径上都以一种模式持有 mutex、而解锁用的是另一种模式时报告。不报告的情况：根据条件以任一模式加锁的函数、由调用方或辅助函数加的锁，以及 TryLock。',
        fix: '用与加锁相匹配的方法释放：RLock → RUnlock，Lock → Unlock。修复会改掉调用的方法名。',
        messages: {
          readThenUnlock: '{lock} 加的是读锁（在 {lockedAt} RLock），却用 {call} 释放：fatal error "sync: Unlock of unlocked RWMutex"',
          writeThenRUnlock: '{lock} 加的是写锁（在 {lockedAt} Lock），却用 {call} 释放：fatal error "sync: RUnlock of unlocked RWMutex"',
        },
        help: {
          readThenUnlock: '用 {lock}.RUnlock() 释放读锁。',
          writeThenRUnlock: '用 {lock}.Unlock() 释放写锁。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    const releasing = functionsCallingMethods(ctx.pkg, ['Unlock', 'RUnlock']);
    for (const fn of ctx.pkg.functions) {
      if (!releasing.has(fn) || skipFile(ctx.pkg.fileOfNode(fn)) || !fn.body) continue;
      for (const m of mismatches(ctx, fn)) report(ctx, m);
    }
  },
});

function report(ctx: RuleContext, m: Mismatch): void {
  const fun = unparenExpr(m.release.call.fun);
  if (fun.kind !== 'SelectorExpr') return;
  const file = ctx.pkg.fileOfNode(m.release.call);
  if (!file) return;
  const lockText = file.src.slice(fun.x.pos, fun.x.end);
  const readHeld = m.held.modes === 'r';
  const right = readHeld ? 'RUnlock' : 'Unlock';
  const call = `${m.deferred ? 'defer ' : ''}${lockText}.${fun.sel.name}()`;
  ctx.report({
    node: m.release.call,
    file,
    messageId: readHeld ? 'readThenUnlock' : 'writeThenRUnlock',
    data: { lock: lockText, lockedAt: where(ctx, m.release.call, m.held.at), call },
    related: [{ node: m.held.at, message: `${lockText} is ${readHeld ? 'read-' : 'write-'}locked here` }],
    fixes: [{ title: `use ${lockText}.${right}()`, safe: true, edits: [{ pos: fun.sel.pos, end: fun.sel.end, text: right, file }] }],
  });
}

/** Unlocks of the wrong mode, with the state converged over loops (the last observation of a call wins). */
function mismatches(ctx: RuleContext, fn: FuncNode): Mismatch[] {
  const pkg = ctx.pkg;
  const found = new Map<ast.CallExpr, Mismatch | null>();
  const opOf = (call: ast.CallExpr): LockOp | null => {
    const op = lockOp(pkg, call);
    return op && op.ref.rw && isSyncLockCall(pkg, call) ? op : null;
  };
  const check = (s: State, op: LockOp, deferred: boolean): void => {
    const held = s.get(op.ref.instanceKey);
    const wrong = held !== undefined && ((held.modes === 'r' && op.kind === 'unlock') || (held.modes === 'w' && op.kind === 'runlock'));
    found.set(op.call, wrong ? { release: op, held, deferred } : null);
  };
  const domain: FlowDomain<State> = {
    simple(node, s) {
      if (node.kind === 'GoStmt') return s;
      if (node.kind === 'DeferStmt') {
        const op = opOf(node.call);
        if (op && (op.kind === 'unlock' || op.kind === 'runlock')) check(s, op, true);
        const lit = unparenExpr(node.call.fun);
        if (lit.kind === 'FuncLit') {
          for (const stmt of lit.body.list) {
            const inner = stmt.kind === 'ExprStmt' && stmt.x.kind === 'CallExpr' ? opOf(stmt.x) : null;
            if (inner && (inner.kind === 'unlock' || inner.kind === 'runlock')) check(s, inner, true);
          }
        }
        return s;
      }
      for (const call of callsIn(node)) {
        const op = opOf(call);
        if (!op) continue;
        if (op.kind === 'lock' || op.kind === 'rlock') {
          const next = new Map(s);
          next.set(op.ref.instanceKey, { modes: op.kind === 'lock' ? 'w' : 'r', at: call });
          s = next;
        } else if (op.kind === 'unlock' || op.kind === 'runlock') {
          check(s, op, false);
          if (s.has(op.ref.instanceKey)) {
            const next = new Map(s);
            next.delete(op.ref.instanceKey);
            s = next;
          }
        }
      }
      return s;
    },
    join(a, b) {
      if (a === b) return a;
      const out = new Map<string, Held>();
      for (const [k, h] of a) {
        const o = b.get(k);
        if (o) out.set(k, { modes: h.modes === o.modes ? h.modes : 'wr', at: h.at });
      }
      return out;
    },
    equal(a, b) {
      if (a.size !== b.size) return false;
      for (const [k, h] of a) if (b.get(k)?.modes !== h.modes) return false;
      return true;
    },
    noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
  };
  runFlow<State>(fn.body!, new Map(), domain);
  return [...found.values()].filter((m): m is Mismatch => m !== null);
}
