import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec } from '../../engine/rule.js';
import { mapRaces } from '../../model/mapraces.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { inspect } from '../../parse/walk.js';
import { sourceText } from './race-report.js';

export default defineRule({
  meta: {
    id: 'map-write-under-rlock',
    family: 'map-concurrency',
    severity: 'error',
    category: 'correctness',
    title: 'map written while holding only a read lock',
    docs: {
      why:
        'RLock lets any number of goroutines in at once: it protects reads from writers, not writers from each ' +
        'other. A map written under RLock is written concurrently as soon as two callers arrive together, which ' +
        'aborts the process with `fatal error: concurrent map writes`.',
      bad: `package p

import "sync"

type cache struct {
	mu   sync.RWMutex
	data map[string][]byte
}

func (c *cache) getOrLoad(key string, load func() []byte) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	v := load()
	c.data[key] = v
	return v
}
`,
      good: `package p

import "sync"

type cache struct {
	mu   sync.RWMutex
	data map[string][]byte
}

func (c *cache) getOrLoad(key string, load func() []byte) []byte {
	c.mu.RLock()
	v, ok := c.data[key]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	v = load()
	c.data[key] = v
	return v
}
`,
      fix: 'Take the write lock (Lock) around the write; to upgrade after a read, release the read lock, take the write lock and check again.',
    },
    messages: {
      write: '{map} is written while holding only the read lock {lock}: other readers hold it at the same time, so these writes race',
    },
    help: { write: 'writes need {lock}.Lock(); RLock only keeps writers out. To upgrade, RUnlock, then Lock and re-check the map' },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '只持有读锁时写 map',
        why: 'RLock 允许任意多个 goroutine 同时进入：它保护读者不受写者干扰，而不是让写者彼此互斥。在 RLock 下写 map，只要有两个调用方同时到达就会并发写入，进程随即以 `fatal error: concurrent map writes` 中止。',
        fix: '写入时持有写锁（Lock）；如果要在读之后升级，先释放读锁，再加写锁，然后重新检查。',
        messages: {
          write: '只持有读锁 {lock} 时写了 {map}：其他读者可以同时持有这把读锁，所以这些写入之间存在竞争',
        },
        help: {
          write: '写入需要 {lock}.Lock()；RLock 只能把写者挡在外面。要“升级”，先 RUnlock，再 Lock，然后重新检查 map',
        },
      },
    },
    since: '0.1.0',
    mentions: ['map'],
  },
  checkPackage(ctx) {
    for (const w of mapRaces(ctx.pkg).writesUnderReadLock) {
      const fixes: FixSpec[] = [];
      if (w.at) {
        const fix = upgradeFix(w.at, w.access.fn.body);
        if (fix) fixes.push(fix);
      }
      ctx.report({
        node: w.access.node,
        messageId: 'write',
        data: { map: sourceText(ctx, w.access.target), lock: w.lock },
        related: w.at ? [{ node: w.at, message: `read lock ${w.lock} taken here` }] : [],
        fixes,
      });
    }
  },
});

/** Suggests turning the RLock/RUnlock calls on the same mutex in this function into Lock/Unlock. */
function upgradeFix(rlock: ast.CallExpr, body: ast.BlockStmt | null): FixSpec | null {
  const fun = unparenExpr(rlock.fun);
  if (fun.kind !== 'SelectorExpr' || fun.sel.name !== 'RLock' || !body) return null;
  const mutex = exprKey(fun.x);
  const edits = [{ pos: fun.sel.pos, end: fun.sel.end, text: 'Lock' }];
  inspect(body, (n) => {
    if (n.kind === 'FuncLit' && n.parent?.kind !== 'CallExpr') return false;
    if (n.kind === 'CallExpr') {
      const f = unparenExpr(n.fun);
      if (f.kind === 'SelectorExpr' && f.sel.name === 'RUnlock' && exprKey(f.x) === mutex)
        edits.push({ pos: f.sel.pos, end: f.sel.end, text: 'Unlock' });
    }
    return true;
  });
  return edits.length > 1 ? { title: `take the write lock: ${mutex}.Lock() and ${mutex}.Unlock()`, safe: false, edits } : null;
}

function exprKey(e: ast.Expr): string {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') return x.name;
  if (x.kind === 'SelectorExpr') return `${exprKey(x.x)}.${x.sel.name}`;
  return '?';
}
