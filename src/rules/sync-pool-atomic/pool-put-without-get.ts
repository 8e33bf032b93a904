import { defineRule } from '../../engine/rule.js';
import { originOf, pools, putValue } from '../../model/pools.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import type { FuncNode } from '../../model/scope.js';
import { Tok } from '../../parse/token.js';

export default defineRule({
  meta: {
    id: 'pool-put-without-get',
    family: 'sync-pool-atomic',
    severity: 'warning',
    category: 'performance',
    title: 'fresh value put into a pool that the function never takes from',
    docs: {
      why:
        'A pool saves allocations only when the code that needs an object takes it from the pool. A function that ' +
        'allocates a fresh map or buffer on every call and then Puts it feeds a pool it never reuses: every call still ' +
        'allocates, the pool only holds objects until the next garbage collection drops them, and whoever does Get ' +
        'receives another request\'s leftovers. The pattern usually comes from reading "use sync.Pool for short-lived ' +
        'objects" as "Put short-lived objects".',
      bad: `package p

import (
	"net/http"
	"sync"
)

var headerPool = sync.Pool{New: func() any { return make(map[string][]string) }}

func handler(w http.ResponseWriter, r *http.Request) {
	m := make(map[string][]string)
	for k, v := range r.Header {
		m[k] = v
	}
	w.WriteHeader(len(m))
	headerPool.Put(m)
}
`,
      good: `package p

import (
	"net/http"
	"sync"
)

var headerPool = sync.Pool{New: func() any { return make(map[string][]string) }}

func handler(w http.ResponseWriter, r *http.Request) {
	m := headerPool.Get().(map[string][]string)
	for k, v := range r.Header {
		m[k] = v
	}
	w.WriteHeader(len(m))
	clear(m)
	headerPool.Put(m)
}
`,
      fix: 'Take the object from the pool where it is needed (`m := pool.Get().(T)`), reset it, and Put it back when done; or drop the pool if nothing reuses it.',
      seeAlso: ['seed 002 §2.4 (S002-5): header map Put per request, never Get'],
    },
    messages: {
      unused: '{value} is made here on every call and put into {pool}, but this function never takes anything from {pool}: this Put feeds a pool nobody reuses here',
      never: '{value} is made here on every call and put into {pool}, which nothing in this package ever takes from: the pool only holds it until the next GC',
    },
    help: {
      unused: 'take the value from the pool instead of making it ({pool}.Get().(T)), reset it, and put it back when done',
      never: 'remove the pool, or take values from it where they are needed',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '把新分配的值放进一个本函数从不取用的池',
        why: '只有需要对象的代码从池里取对象时，池才能节省分配。一个每次调用都新建 map 或缓冲区、然后 Put 进池的函数，喂养的是一个自己从不复用的池：每次调用照样分配，池只是把对象保留到下一次 GC 被丢弃，而真正 Get 的人拿到的是别的请求留下的数据。这种写法通常来自把“短生命周期对象用 sync.Pool”误读成“把短生命周期对象 Put 进去”。',
        fix: '在需要对象的地方从池里取（`m := pool.Get().(T)`），重置它，用完再 Put 回去；如果没有任何代码复用，就去掉这个池。',
        messages: {
          unused: '{value} 在每次调用时新建并放进 {pool}，但这个函数从不从 {pool} 取对象：这次 Put 喂养的池在这里没有被复用',
          never: '{value} 在每次调用时新建并放进 {pool}，而这个包中没有任何代码从 {pool} 取对象：池只会把它保留到下一次 GC',
        },
        help: {
          unused: '从池里取值而不是新建（{pool}.Get().(T)），重置后使用，用完再放回',
          never: '去掉这个池，或者在需要这些值的地方从池里取',
        },
      },
    },
    since: '0.1.0',
    mentions: ['.Put('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const p = pools(pkg);
    const ti = TypeInfo.of(pkg);
    /** Functions that take from a pool, directly or through a getter. */
    const takes = (fn: FuncNode, pool: string): boolean =>
      p.gets.some((g) => g.pool === pool && within(g.fn, fn)) ||
      pkg.calls.some((c) => {
        if (c.pos < fn.pos || c.end > fn.end) return false;
        const callee = ti.callee(c);
        return callee !== null && p.getters.get(callee) === pool;
      });
    for (const put of p.puts) {
      const arg = unparenExpr(put.arg);
      const { binding: v } = putValue(pkg, arg);
      const named = arg.kind === 'Ident' || (arg.kind === 'UnaryExpr' && arg.op === Tok.AND && unparenExpr(arg.x).kind === 'Ident');
      if (!v || !named) continue;
      const origin = originOf(pkg, p, v);
      if (origin?.k !== 'fresh') continue;
      const outer = outermost(put.fn);
      if (takes(outer, put.pool)) continue;
      const anywhere = p.gets.some((g) => g.pool === put.pool) || [...p.getters.values()].includes(put.pool);
      ctx.report({
        node: put.call,
        messageId: anywhere ? 'unused' : 'never',
        data: { value: v.name, pool: put.poolText },
        related: [{ node: origin.at, message: `${v.name} is allocated here, not taken from the pool` }],
      });
    }
  },
});

function within(inner: FuncNode, outer: FuncNode): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** The declared function a literal sits in (a Put in a deferred closure belongs to it). */
function outermost(fn: FuncNode): FuncNode {
  let f: FuncNode = fn;
  for (let n = fn.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncDecl' || n.kind === 'FuncLit') f = n;
  return f;
}
