import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { atomics } from '../../model/atomics.js';
import { exprText } from '../../model/facts.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { where } from '../map-concurrency/race-report.js';


export default defineRule({
  meta: {
    id: 'atomic-mixed-access',
    family: 'sync-pool-atomic',
    severity: 'error',
    category: 'correctness',
    title: 'variable accessed both atomically and with plain loads or stores',
    docs: {
      why:
        'Atomic operations only order memory against other atomic operations on the same variable. A plain read or ' +
        'write of a variable that other goroutines update with sync/atomic is a data race: the compiler may keep the ' +
        'value in a register or tear it, the reader may never see the update, and the race detector reports it (it ' +
        'instruments plain reads too). Reading through `*(*uint32)(unsafe.Pointer(&x))` is still a plain load. ' +
        'Nothing is reported when every access is atomic, when plain reads hold the lock every atomic writer holds, ' +
        'or when the plain access happens before the goroutines start or after they are joined.',
      bad: `package p

import (
	"sync/atomic"
	"time"
)

var served uint64

func handle() { atomic.AddUint64(&served, 1) }

func report(log func(uint64)) {
	for range time.Tick(time.Second) {
		log(served)
	}
}

func Start(log func(uint64)) {
	go report(log)
	for i := 0; i < 10; i++ {
		go handle()
	}
}
`,
      good: `package p

import (
	"sync/atomic"
	"time"
)

var served uint64

func handle() { atomic.AddUint64(&served, 1) }

func report(log func(uint64)) {
	for range time.Tick(time.Second) {
		log(atomic.LoadUint64(&served))
	}
}

func Start(log func(uint64)) {
	go report(log)
	for i := 0; i < 10; i++ {
		go handle()
	}
}
`,
      fix: 'Access the variable only through sync/atomic (atomic.LoadT/StoreT), or better, declare it as atomic.Int64/atomic.Uint32/... (Go 1.19+) so that plain access does not compile.',
      seeAlso: ['the race detector (go test -race)', 'https://go.dev/ref/mem', 'seed 001 §2.3 and §4.1'],
    },
    messages: {
      read: 'mixed atomic and plain access: {x} is read here with a plain load, but {other} updates it atomically ({func}); the plain read is a data race',
      write: 'mixed atomic and plain access: {x} is written here with a plain store, but {other} accesses it atomically ({func}); the plain write is a data race',
      unsafe: 'mixed atomic and plain access: reading {x} through an unsafe.Pointer cast is still a plain load, but {other} updates it atomically ({func}); it is a data race',
    },
    help: {
      read: 'use atomic.Load{T}(&{x}), or declare {x} as atomic.{T} so that every access is atomic',
      write: 'use atomic.Store{T}(&{x}, v), or declare {x} as atomic.{T} so that every access is atomic',
      unsafe: 'use atomic.Load{T}(&{x}) instead of the cast, or declare {x} as atomic.{T}',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '同一个变量既有原子访问又有普通读写',
        why: '原子操作只与同一变量上的其他原子操作建立顺序。一个被其他 goroutine 用 sync/atomic 更新的变量，如果再用普通方式读或写，就是数据竞争：编译器可能把值留在寄存器里或把它撕裂，读者可能永远看不到更新，race detector 也会报告（它同样检测普通读）。通过 `*(*uint32)(unsafe.Pointer(&x))` 读取仍然是普通读。\n\n以下情况不报告：所有访问都是原子的；普通读持有每个原子写者都持有的那把锁；普通访问发生在 goroutine 启动之前或 join 之后。',
        fix: '只通过 sync/atomic 访问这个变量（atomic.LoadT/StoreT），更好的做法是把它声明为 atomic.Int64/atomic.Uint32/…（Go 1.19+），这样普通访问根本无法编译。',
        messages: {
          read: '原子访问与普通访问混用：{x} 在这里被普通读取，而 {other} 以原子方式更新它（{func}）；这次普通读是数据竞争',
          write: '原子访问与普通访问混用：{x} 在这里被普通写入，而 {other} 以原子方式访问它（{func}）；这次普通写是数据竞争',
          unsafe: '原子访问与普通访问混用：通过 unsafe.Pointer 转换读取 {x} 仍然是普通读，而 {other} 以原子方式更新它（{func}）；这是数据竞争',
        },
        help: {
          read: '使用 atomic.Load{T}(&{x})，或把 {x} 声明为 atomic.{T}，让每次访问都是原子的',
          write: '使用 atomic.Store{T}(&{x}, v)，或把 {x} 声明为 atomic.{T}，让每次访问都是原子的',
          unsafe: '用 atomic.Load{T}(&{x}) 代替指针转换，或把 {x} 声明为 atomic.{T}',
        },
      },
    },
    since: '0.1.0',
    mentions: ['atomic.'],
  },
  checkPackage(ctx) {
    for (const m of atomics(ctx.pkg).mixed) {
      const x = accessedText(m.plain.target, m.place.name);
      const t = m.atomic.name.replace(/^(Load|Store|Add|Swap|CompareAndSwap|And|Or)/, '');
      const messageId = m.plain.unsafe ? 'unsafe' : m.plain.kind === 'write' ? 'write' : 'read';
      ctx.report({
        node: m.plain.node,
        messageId,
        data: { x, other: where(ctx, m.plain.node, m.atomic.node), func: `atomic.${m.atomic.name}`, T: t },
        related: [
          { node: m.atomic.node, message: `${x} is accessed atomically here` },
          ...m.because.filter((b) => b.node.pos !== m.atomic.node.pos).slice(0, 2),
        ],
      });
    }
  },
});

/** How the code names the accessed memory (`h.stats.requests`), or the place's name for casts and derefs. */
function accessedText(target: ast.Expr, fallback: string): string {
  const x = unparenExpr(target);
  return x.kind === 'Ident' || x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' ? exprText(x) : fallback;
}
