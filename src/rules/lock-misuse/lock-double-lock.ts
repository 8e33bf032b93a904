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
    since: '0.1.0',
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
