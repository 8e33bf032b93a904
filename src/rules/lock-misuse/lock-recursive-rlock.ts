import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec } from '../../engine/rule.js';
import { lockOp } from '../../model/locks.js';
import { funcName, where } from './lock-text.js';
import { reacquisitions } from './reacquire.js';

export default defineRule({
  meta: {
    id: 'lock-recursive-rlock',
    family: 'lock-misuse',
    severity: 'warning',
    category: 'correctness',
    title: 'read lock taken again by a goroutine that already holds it (deadlocks once a writer waits)',
    docs: {
      why:
        'A sync.RWMutex blocks new readers as soon as a writer is waiting in Lock, so that writers are not ' +
        'starved. A goroutine that holds the read lock and calls RLock again — directly, or through a method that ' +
        'read-locks the same mutex — works in tests and deadlocks in production the first time a writer arrives ' +
        'between the two RLocks: the writer waits for the first read lock, the second RLock waits for the writer. ' +
        'The sync documentation forbids recursive read locking for this reason.\n\n' +
        'Reported when the mutex is read-locked on every path to the second RLock and the package write-locks ' +
        'the same mutex somewhere (without a writer, nothing can come between the two).',
      bad: `package p

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

func (c *Config) GetOr(key, def string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.values[key]; ok {
		return c.Get(key)
	}
	return def
}

func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
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

func (c *Config) GetOr(key, def string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.values[key]; ok {
		return v
	}
	return def
}

func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
}
`,
      fix: 'Read the data directly under the lock you hold, or call an unexported variant that expects the read lock held; never RLock twice in one goroutine.',
      seeAlso: ['https://pkg.go.dev/sync#RWMutex', 'GoBench/GoKer RWR deadlocks (e.g. kubernetes#58107)'],
    },
    messages: {
      again:
        '{lock} is read-locked again while this goroutine holds its read lock (RLock at {heldAt}): a writer waiting in between (e.g. {writer}) deadlocks both',
      viaCall:
        '{callee} read-locks {lock} again ({siteAt}) while this goroutine holds its read lock (RLock at {heldAt}): a writer waiting in between (e.g. {writer}) deadlocks both',
    },
    help: {
      again: 'Remove the second RLock: the read lock you hold already protects the read.',
      viaCall: 'Call a variant of {callee} that expects {lock} held, or read the field directly.',
    },
    fix: 'none',
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    let writers: Map<string, ast.CallExpr> | null = null;
    for (const r of reacquisitions(ctx)) {
      const { call, hold, acq } = r;
      if (acq.mode !== 'r' || hold.mode !== 'r') continue;
      writers ??= writeLocks(pkg.calls, (c) => lockOp(pkg, c));
      const writer = writers.get(acq.ref.typeKey);
      if (!writer) continue;
      const direct = acq.via.length === 0;
      const related: RelatedSpec[] = [{ node: hold.at, message: `${hold.ref.display} is read-locked here` }];
      if (!direct) related.push({ node: acq.site, message: `${funcName(acq.via[acq.via.length - 1]!)} read-locks it again here` });
      related.push({ node: writer, message: 'a writer that can arrive between the two read locks' });
      ctx.report({
        node: call,
        messageId: direct ? 'again' : 'viaCall',
        data: {
          lock: acq.ref.display,
          heldAt: where(ctx, call, hold.at),
          siteAt: where(ctx, call, acq.site),
          callee: direct ? '' : `${funcName(acq.via[0]!)}()`,
          writer: where(ctx, call, writer),
        },
        related,
      });
    }
  },
});

/** The first write Lock of each mutex (by type-level key) in the package. */
function writeLocks(calls: readonly ast.CallExpr[], opOf: (c: ast.CallExpr) => ReturnType<typeof lockOp>): Map<string, ast.CallExpr> {
  const out = new Map<string, ast.CallExpr>();
  for (const c of calls) {
    const op = opOf(c);
    if (op?.kind === 'lock' && !out.has(op.ref.typeKey)) out.set(op.ref.typeKey, c);
  }
  return out;
}
