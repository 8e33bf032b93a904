import type * as ast from '../../parse/ast.js';
import type { PackageModel } from '../../model/package.js';
import { defineRule } from '../../engine/rule.js';
import { newHoldsResource, pools } from '../../model/pools.js';
import { unparenExpr } from '../../model/typeinfo.js';

export default defineRule({
  meta: {
    id: 'pool-of-closeables',
    family: 'sync-pool-atomic',
    severity: 'warning',
    category: 'correctness',
    title: 'sync.Pool used for objects that need Close or Stop',
    docs: {
      why:
        'sync.Pool is a cache of memory, not of resources: it drops idle objects at any garbage collection, silently, ' +
        'without calling anything on them. Files, connections, tickers, players or anything else with a Close/Stop ' +
        'method are then never released (file descriptors, sockets, audio devices and goroutines leak), and the pool ' +
        'cannot bound how many exist at once either.',
      bad: `package p

import "sync"

type Player struct{ dev *device }

type device struct{ open bool }

func newPlayer() *Player { return &Player{dev: &device{open: true}} }

func (p *Player) Close() error { p.dev.release(); return nil }

func (d *device) release() { d.open = false }

var players = sync.Pool{New: func() any { return newPlayer() }}
`,
      good: `package p

type Player struct{ dev *device }

type device struct{ open bool }

func newPlayer() *Player { return &Player{dev: &device{open: true}} }

func (p *Player) Close() error { p.dev.release(); return nil }

func (d *device) release() { d.open = false }

// a bounded pool that owns its players and closes what it does not keep
type PlayerPool struct{ idle chan *Player }

func (pp *PlayerPool) Get() *Player {
	select {
	case p := <-pp.idle:
		return p
	default:
		return newPlayer()
	}
}

func (pp *PlayerPool) Put(p *Player) {
	select {
	case pp.idle <- p:
	default:
		p.Close()
	}
}
`,
      fix: 'Use a bounded pool that owns the objects and closes what it evicts: a buffered channel of idle objects, or a library pool with a close/evict hook. Keep sync.Pool for plain memory (buffers, structs without resources).',
      seeAlso: ['https://pkg.go.dev/sync#Pool ("any item stored in the Pool may be removed automatically at any time without notification")', 'seed 000 §4.1: PlayerPool'],
    },
    messages: {
      closeable: '{pool} holds {type}, which needs {method}(): sync.Pool drops idle objects at any GC without calling {method}, so what they hold leaks',
    },
    help: {
      closeable: 'use a bounded pool that calls {method}() on what it evicts (a buffered channel of idle objects), and keep sync.Pool for plain memory',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '用 sync.Pool 缓存需要 Close 或 Stop 的对象',
        why: 'sync.Pool 是内存的缓存，不是资源的缓存：它会在任意一次垃圾回收时悄悄丢弃空闲对象，不会调用它们的任何方法。文件、连接、ticker、播放器以及任何带 Close/Stop 方法的对象因此永远得不到释放（文件描述符、socket、音频设备和 goroutine 都会泄漏），而且池也无法限制同时存在的对象数量。',
        fix: '使用一个拥有这些对象并会关闭被淘汰对象的有界池：一个存放空闲对象的带缓冲 channel，或者带 close/evict 回调的池库。sync.Pool 只用于纯内存对象（缓冲区、不持有资源的结构体）。',
        messages: {
          closeable: '{pool} 存放的是 {type}，它需要 {method}()：sync.Pool 会在任意一次 GC 时丢弃空闲对象而不调用 {method}，对象持有的资源因此泄漏',
        },
        help: {
          closeable: '使用会对淘汰对象调用 {method}() 的有界池（存放空闲对象的带缓冲 channel），sync.Pool 只用于纯内存',
        },
      },
    },
    since: '0.1.0',
    mentions: ['sync.Pool', '.New ='],
  },
  checkPackage(ctx) {
    for (const n of pools(ctx.pkg).news) {
      if (!n.fn) continue;
      const held = newHoldsResource(ctx.pkg, n.fn);
      if (!held) continue;
      const poolName = n.pool.startsWith('var:') || n.pool.startsWith('field:') ? poolLabel(ctx.pkg, n.node) : 'this pool';
      ctx.report({
        node: n.node,
        messageId: 'closeable',
        data: { pool: poolName, type: held.type, method: held.method },
        related: [
          { node: held.at, message: `New hands out ${held.type} here` },
          ...(held.decl ? [{ node: held.decl.name, message: `${held.type}.${held.method} releases what it holds` }] : []),
        ],
      });
    }
  },
});

/** The name of the pool a New belongs to: the variable or field the literal initialises. */
function poolLabel(pkg: PackageModel, node: ast.Node): string {
  for (let n: ast.Node | undefined = node; n !== undefined; n = n.parent) {
    if (n.kind === 'ValueSpec') return n.names[0]?.name ?? 'this pool';
    if (n.kind === 'KeyValueExpr' && n.key.kind === 'Ident' && n.key !== node && n.key.name !== 'New') return n.key.name;
    if (n.kind === 'AssignStmt') {
      const l = n.lhs[0];
      if (l?.kind === 'Ident') return l.name;
      if (l?.kind === 'SelectorExpr') {
        if (l.sel.name !== 'New') return l.sel.name;
        const x = unparenExpr(l.x);
        return x.kind === 'Ident' ? x.name : x.kind === 'SelectorExpr' ? x.sel.name : 'this pool';
      }
    }
  }
  void pkg;
  return 'this pool';
}
