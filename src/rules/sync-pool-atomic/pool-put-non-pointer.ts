import { defineRule } from '../../engine/rule.js';
import { exprText } from '../../model/facts.js';
import { pools } from '../../model/pools.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { type LType, typeString } from '../../model/types.js';

export default defineRule({
  meta: {
    id: 'pool-put-non-pointer',
    family: 'sync-pool-atomic',
    severity: 'info',
    category: 'performance',
    title: 'non-pointer value put into a sync.Pool',
    docs: {
      why:
        'Put takes an `any`. A value that is not pointer-shaped (a slice header, a string, a struct, an integer) is ' +
        'copied to the heap to fit in the interface, so every Put allocates: the pool then costs an allocation per ' +
        'cycle instead of saving one (staticcheck SA6002). Pointers, maps, channels and functions fit in an interface ' +
        'without allocating.',
      bad: `package p

import "sync"

var scratch = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

func encode(v string) int {
	b := scratch.Get().([]byte)[:0]
	b = append(b, v...)
	n := len(b)
	scratch.Put(b)
	return n
}
`,
      good: `package p

import "sync"

var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func encode(v string) int {
	bp := scratch.Get().(*[]byte)
	b := append((*bp)[:0], v...)
	n := len(b)
	*bp = b
	scratch.Put(bp)
	return n
}
`,
      fix: 'Pool pointers: `*[]byte` instead of `[]byte` (store `&b`, and write the grown slice back through the pointer), `*T` instead of a struct value.',
      seeAlso: ['staticcheck SA6002', 'https://github.com/golang/go/issues/23199'],
    },
    messages: {
      value: '{arg} is a {type}, not a pointer: converting it to the interface Put takes allocates on every call, which defeats the pool',
    },
    help: { value: 'pool a pointer instead ({hint})' },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '把非指针值放进 sync.Pool',
        why: 'Put 的参数是 `any`。不是指针形态的值（slice header、string、结构体、整数）为了装进接口会被复制到堆上，所以每次 Put 都会分配内存：这个池每个周期反而多花一次分配，而不是省下一次（staticcheck SA6002）。指针、map、channel 和函数装进接口时不需要分配。',
        fix: '池里放指针：用 `*[]byte` 代替 `[]byte`（存 `&b`，并通过指针写回扩容后的 slice），用 `*T` 代替结构体值。',
        messages: {
          value: '{arg} 是 {type}，不是指针：把它转换成 Put 接受的接口类型时每次调用都会分配内存，池也就失去了意义',
        },
        help: {
          value: '改为在池中存放指针（{hint}）',
        },
      },
    },
    since: '0.1.0',
    mentions: ['.Put('],
  },
  checkPackage(ctx) {
    const ti = TypeInfo.of(ctx.pkg);
    for (const put of pools(ctx.pkg).puts) {
      const t = ti.typeOf(put.arg);
      const kind = nonPointerKind(ti, t);
      if (!kind) continue;
      ctx.report({
        node: put.arg,
        messageId: 'value',
        data: { arg: exprText(unparenExpr(put.arg)), type: kind, hint: `a *${typeString(t)}` },
      });
    }
  },
});

/** What kind of non-pointer value a type is, or null for pointer-shaped or unknown types. */
function nonPointerKind(ti: TypeInfo, t: LType): string | null {
  const u = ti.underlying(t);
  switch (u.k) {
    case 'slice':
      return `slice (${typeString(t)})`;
    case 'array':
      return `array (${typeString(t)})`;
    case 'struct':
      return `struct value (${typeString(t)})`;
    case 'basic':
      if (u.name === 'error' || u.name === 'any') return null;
      return typeString(t);
    default:
      return null;
  }
}
