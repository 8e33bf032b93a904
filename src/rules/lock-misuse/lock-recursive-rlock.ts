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
    i18n: {
      'zh-CN': {
        title: '已经持有读锁的 goroutine 再次获取读锁（一旦有写者等待就会死锁）',
        why: '为了不让写者饿死，只要有写者在 Lock 中等待，sync.RWMutex 就会阻塞新的读者。持有读锁的 goroutine 再次调用 RLock——直接调用，或者通过一个对同一 mutex 加读锁的方法——在测试中没问题，到了生产环境，第一次有写者恰好在两次 RLock 之间到达时就会死锁：写者等第一个读锁释放，第二次 RLock 等写者。sync 的文档正是因此禁止递归加读锁。\n\n当到达第二次 RLock 的每条路径上都持有读锁、并且包内某处会对同一个 mutex 加写锁时报告（没有写者，就没有东西能插到两次读锁之间）。',
        fix: '在已持有的锁下直接读取数据，或者调用一个要求已持有读锁的未导出版本；同一个 goroutine 中绝不要 RLock 两次。',
        messages: {
          again: '当前 goroutine 已持有 {lock} 的读锁（在 {heldAt} RLock），这里又对它加读锁：中间插入一个等待的写者（例如 {writer}）就会让两者都死锁',
          viaCall: '当前 goroutine 持有 {lock} 的读锁（在 {heldAt} RLock）时，{callee} 再次对它加读锁（{siteAt}）：中间插入一个等待的写者（例如 {writer}）就会让两者都死锁',
        },
        help: {
          again: '去掉第二次 RLock：已经持有的读锁已经保护了这次读取。',
          viaCall: '调用 {callee} 的一个要求已持有 {lock} 的版本，或者直接读取字段。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
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
