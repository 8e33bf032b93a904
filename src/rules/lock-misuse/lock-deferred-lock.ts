import { defineRule } from '../../engine/rule.js';
import { lockOp } from '../../model/locks.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { skipFile } from './lock-text.js';

export default defineRule({
  meta: {
    id: 'lock-deferred-lock',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'deferred Lock right after Lock of the same mutex (meant Unlock)',
    docs: {
      why:
        'A `defer mu.Lock()` right after `mu.Lock()` is a typo for `defer mu.Unlock()`: the function returns with ' +
        'the mutex locked (locking it a second time on the way out, which blocks forever since the mutex is ' +
        'already held). The first call of the function hangs. `defer mu.RLock()` after `mu.RLock()` returns holding ' +
        'two read locks that nobody releases: the next writer blocks forever.\n\n' +
        'Reported when the deferred Lock/RLock is the statement right after the Lock/RLock of the same mutex ' +
        '(staticcheck SA2003). A deferred Lock after an Unlock (re-locking on the way out of a callback section) ' +
        'is not reported.',
      bad: `package p

import "sync"

var (
	mu    sync.Mutex
	count int
)

func inc() {
	mu.Lock()
	defer mu.Lock()
	count++
}
`,
      good: `package p

import "sync"

var (
	mu    sync.Mutex
	count int
)

func inc() {
	mu.Lock()
	defer mu.Unlock()
	count++
}
`,
      fix: 'Defer the unlock: `defer mu.Unlock()` (or `defer mu.RUnlock()` after RLock). The fix does this.',
      seeAlso: ['staticcheck SA2003', 'gocritic badLock'],
    },
    messages: {
      deferLock: '`defer {call}` right after {lock}.{locked}(): the deferred call locks again instead of unlocking; {effect}',
    },
    help: { deferLock: 'Write `defer {lock}.{unlock}()`.' },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: 'Lock 之后紧跟 defer 对同一个 mutex 的 Lock（本意是 Unlock）',
        why: '`mu.Lock()` 之后紧跟 `defer mu.Lock()` 是 `defer mu.Unlock()` 的笔误：函数返回时 mutex 仍然锁着（而且在退出时还会再加一次锁，由于 mutex 已被持有，这会永远阻塞）。函数第一次被调用就会卡住。`mu.RLock()` 之后的 `defer mu.RLock()` 会在返回时持有两个没人释放的读锁：下一个写者会永远阻塞。\n\n当 defer 的 Lock/RLock 是紧跟在同一个 mutex 的 Lock/RLock 之后的语句时报告（staticcheck SA2003）。在 Unlock 之后 defer Lock（退出回调区段时重新加锁）不报告。',
        fix: 'defer 解锁：`defer mu.Unlock()`（RLock 之后则是 `defer mu.RUnlock()`）。修复会这样做。',
        messages: {
          deferLock: '{lock}.{locked}() 之后紧跟 `defer {call}`：defer 的调用是再次加锁而不是解锁；{effect}',
        },
        help: {
          deferLock: '写成 `defer {lock}.{unlock}()`。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  create(ctx) {
    if (skipFile(ctx.file)) return {};
    const check = (list: readonly import('../../parse/ast.js').Stmt[]): void => {
      for (let i = 0; i + 1 < list.length; i++) {
        const first = list[i]!;
        const second = list[i + 1]!;
        if (first.kind !== 'ExprStmt' || first.x.kind !== 'CallExpr' || second.kind !== 'DeferStmt') continue;
        const lock = lockOp(ctx.pkg, first.x);
        const again = lockOp(ctx.pkg, second.call);
        if (!lock || !again || lock.ref.instanceKey !== again.ref.instanceKey) continue;
        if (!((lock.kind === 'lock' && again.kind === 'lock') || (lock.kind === 'rlock' && again.kind === 'rlock'))) continue;
        const fun = unparenExpr(second.call.fun);
        if (fun.kind !== 'SelectorExpr') continue;
        const unlock = again.kind === 'lock' ? 'Unlock' : 'RUnlock';
        const firstFun = unparenExpr(first.x.fun);
        const lockText = firstFun.kind === 'SelectorExpr' ? ctx.file.src.slice(firstFun.x.pos, firstFun.x.end) : lock.ref.display;
        ctx.report({
          node: second,
          messageId: 'deferLock',
          data: {
            call: ctx.file.src.slice(second.call.pos, second.call.end),
            lock: lockText,
            locked: fun.sel.name,
            unlock,
            effect:
              again.kind === 'lock'
                ? 'it blocks forever on the way out'
                : 'the read lock is never released, and the next Lock blocks forever',
          },
          related: [{ node: first.x, message: 'locked here' }],
          fixes: [{ title: `defer ${lockText}.${unlock}()`, safe: true, edits: [{ pos: fun.sel.pos, end: fun.sel.end, text: unlock }] }],
        });
      }
    };
    return {
      BlockStmt: (b) => check(b.list),
      CaseClause: (c) => check(c.body),
      CommClause: (c) => check(c.body),
    };
  },
});
