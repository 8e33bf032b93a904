import { defineRule, type RelatedSpec } from '../../engine/rule.js';
import { funcName, where } from './lock-text.js';
import { reacquisitions } from './reacquire.js';

export default defineRule({
  meta: {
    id: 'lock-double-lock',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'mutex locked again by the goroutine that already holds it',
    docs: {
      why:
        'sync.Mutex and sync.RWMutex are not reentrant: a goroutine that calls Lock on a mutex it already holds ' +
        'waits for itself forever. The same happens when a method that holds the lock calls another method of the ' +
        'type that takes the lock too (a public `Len()` called from a locked `Add()`), and when a goroutine holding ' +
        'the read lock asks for the write lock (RLock then Lock: Lock waits for every reader, itself included). The ' +
        'goroutine and every other one that needs the mutex hang; if no goroutine is left the runtime aborts with ' +
        '"all goroutines are asleep - deadlock!".\n\n' +
        'Reported when the mutex is held on every path to the second acquisition — in the same function, or in the ' +
        'package function it calls before that function releases the lock. Read-lock after read-lock is the ' +
        'lock-recursive-rlock rule. Not reported: hand-over-hand locking through a variable that moves ' +
        '(`n = n.next`), different instances of a type (`a.mu` and `b.mu`), locks released before the call, ' +
        'TryLock, and `...Locked` helpers that expect the caller to hold the lock.',
      bad: `package p

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}

func (r *Registry) Add(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[name]++
	return r.Len()
}
`,
      good: `package p

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lenLocked()
}

// lenLocked requires r.mu held.
func (r *Registry) lenLocked() int { return len(r.items) }

func (r *Registry) Add(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[name]++
	return r.lenLocked()
}
`,
      fix:
        'Do not take the lock twice: split the method into a locking wrapper and an unexported `...Locked` ' +
        'variant that requires the lock held, and call the variant from code that already holds it; or release ' +
        'the lock before the call.',
      seeAlso: ['GCatch doublelock', 'https://pkg.go.dev/sync#Mutex'],
    },
    messages: {
      again:
        '{lock} is locked again while this goroutine already holds it (locked at {heldAt}): mutexes are not reentrant, this blocks forever',
      viaCall: '{callee} locks {lock} again ({siteAt}) while this goroutine holds it (locked at {heldAt}): this call blocks forever',
      upgrade:
        '{lock}.Lock() while this goroutine holds its read lock (RLock at {heldAt}): Lock waits for every reader, this one included — deadlock',
      upgradeViaCall:
        '{callee} takes the write lock {lock} ({siteAt}) while this goroutine holds its read lock (RLock at {heldAt}): deadlock',
    },
    help: {
      again: 'Remove the second {lock}.Lock(), or unlock before it.',
      viaCall: 'Call a variant of {callee} that expects {lock} held (e.g. a ...Locked method), or release {lock} before the call.',
      upgrade: 'Release the read lock before taking the write lock, then re-check what you read: RWMutex cannot be upgraded.',
      upgradeViaCall: 'Release the read lock before the call, or call a variant that expects the lock held.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '已经持有 mutex 的 goroutine 再次对它加锁',
        why: 'sync.Mutex 和 sync.RWMutex 都不可重入：goroutine 对自己已经持有的 mutex 调用 Lock，会永远等待自己。同样的情况也发生在：持有锁的方法调用了同一类型中也要加这把锁的另一个方法（在已加锁的 `Add()` 中调用公开的 `Len()`），以及持有读锁的 goroutine 去申请写锁（先 RLock 再 Lock：Lock 要等所有读者释放，包括它自己）。这个 goroutine 以及所有需要这个 mutex 的 goroutine 都会卡住；如果已经没有其他 goroutine，运行时会以 "all goroutines are asleep - deadlock!" 中止。\n\n当第二次加锁之前的每条路径上都持有这个 mutex 时报告——无论是在同一个函数中，还是在它释放锁之前调用的包内函数中。读锁之后再加读锁由 lock-recursive-rlock 规则负责。不报告的情况：通过不断移动的变量做交替加锁（`n = n.next`）、同一类型的不同实例（`a.mu` 和 `b.mu`）、调用之前已释放的锁、TryLock，以及约定调用方已持锁的 `...Locked` 辅助函数。',
        fix: '不要加两次锁：把方法拆成一个负责加锁的外层函数和一个要求已持锁的未导出 `...Locked` 版本，已经持锁的代码调用后者；或者在调用之前释放锁。',
        messages: {
          again: '当前 goroutine 已经持有 {lock}（在 {heldAt} 加锁），这里又对它加锁：mutex 不可重入，会永远阻塞',
          viaCall: '当前 goroutine 持有 {lock}（在 {heldAt} 加锁）时，{callee} 再次对它加锁（{siteAt}）：这个调用会永远阻塞',
          upgrade: '当前 goroutine 持有 {lock} 的读锁（在 {heldAt} RLock）时调用了 {lock}.Lock()：Lock 要等所有读者释放，包括它自己——死锁',
          upgradeViaCall: '当前 goroutine 持有 {lock} 的读锁（在 {heldAt} RLock）时，{callee} 申请了它的写锁（{siteAt}）：死锁',
        },
        help: {
          again: '去掉第二次 {lock}.Lock()，或者在它之前先解锁。',
          viaCall: '调用 {callee} 的一个要求已持有 {lock} 的版本（例如 ...Locked 方法），或者在调用之前释放 {lock}。',
          upgrade: '先释放读锁再加写锁，然后重新检查之前读到的内容：RWMutex 不能升级。',
          upgradeViaCall: '在调用之前释放读锁，或者调用一个要求已持锁的版本。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    for (const r of reacquisitions(ctx)) {
      const { call, hold, acq } = r;
      if (acq.mode === 'r' && hold.mode === 'r') continue; // lock-recursive-rlock
      const upgrade = hold.mode === 'r' && acq.mode === 'w';
      const direct = acq.via.length === 0;
      const data = {
        lock: acq.ref.display,
        heldAt: where(ctx, call, hold.at),
        siteAt: where(ctx, call, acq.site),
        callee: direct ? '' : `${funcName(acq.via[0]!)}()`,
      };
      const related: RelatedSpec[] = [{ node: hold.at, message: `${hold.ref.display} is ${hold.mode === 'r' ? 'read-' : ''}locked here` }];
      if (!direct) related.push({ node: acq.site, message: `${funcName(acq.via[acq.via.length - 1]!)} locks it here` });
      const messageId = upgrade ? (direct ? 'upgrade' : 'upgradeViaCall') : direct ? 'again' : 'viaCall';
      ctx.report({ node: call, messageId, data, related });
    }
  },
});
