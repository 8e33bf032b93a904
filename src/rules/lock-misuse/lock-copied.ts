import { defineRule, type RuleContext } from '../../engine/rule.js';
import { typeString } from '../../model/types.js';
import { type CopySite, copySites, describeCopy, describeLock } from './copies.js';
import { funcName, skipFile } from './lock-text.js';

export default defineRule({
  meta: {
    id: 'lock-copied',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'value containing a mutex (or another sync or atomic type) copied',
    docs: {
      why:
        'A sync.Mutex, RWMutex, Once, Cond, Map, Pool or sync/atomic value is its own state: a copy is a second, ' +
        'independent lock that protects nothing the original protects. A method with a value receiver on a type ' +
        'that embeds a mutex locks a fresh copy on every call — the code looks synchronised and races. A copy ' +
        'made while the original is locked starts locked and blocks its first user forever; a copied Once may run ' +
        'its function again; a copied atomic counter counts on its own.\n\n' +
        'Reported, as go vet copylocks does, for value receivers and parameters, assignments, range variables, ' +
        'returns, composite literal elements and call arguments that copy such a value. Unlike vet, copies of a ' +
        'value that nobody can have used yet are not reported: a zero value or literal made in the function and ' +
        'not handed out before the copy (`var c Config; c.Name = n; return c`), constructor results and ' +
        'literals, and copies whose lock is replaced right after (`c := *orig; c.mu = sync.Mutex{}`). Copies of a ' +
        'bare sync.WaitGroup are the waitgroup-by-value rule.',
      bad: `package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}
`,
      good: `package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func NewCounter() Counter {
	var c Counter
	c.n = map[string]int{}
	return c
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}
`,
      fix: 'Use pointers: a pointer receiver (`func (c *Counter)`), `*T` parameters and results, range over indexes (`for i := range xs { x := &xs[i] }`), and store `*T` in slices and maps.',
      seeAlso: ['go vet copylocks', 'https://pkg.go.dev/sync#Mutex (must not be copied after first use)'],
    },
    messages: {
      recv: '{fn} has a value receiver: each call works on a copy of {what}, so the lock excludes nobody',
      param: 'parameter {name} of {fn} is passed by value: it receives a copy of {what}, and locks the copy',
      assign: 'assignment copies {what}: the copy is a separate lock (and starts locked if the original was)',
      range: 'range variable {name} copies each {what}',
      return: 'return copies {what}: the caller gets a separate lock',
      call: 'call of {name} copies {what}',
      literal: 'composite literal copies {what}',
    },
    help: {
      recv: 'Use a pointer receiver.',
      param: 'Take a pointer: *{type}.',
      assign: 'Copy a pointer, or copy the fields you need (not the lock).',
      range: 'Range over indexes and take the element address: for i := range xs { x := &xs[i] }.',
      return: 'Return a pointer, or build a new value with its own zero lock.',
      call: 'Pass a pointer.',
      literal: 'Store a pointer, or leave the lock field out (its zero value is an unlocked lock).',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '复制了包含 mutex（或其他 sync、atomic 类型）的值',
        why: 'sync.Mutex、RWMutex、Once、Cond、Map、Pool 以及 sync/atomic 的值本身就是状态：复制出来的是另一把独立的锁，它保护不了原来那把锁保护的任何东西。嵌入了 mutex 的类型如果用值接收者定义方法，每次调用锁住的都是一份新副本——代码看上去有同步，实际上有数据竞争。在原值加锁期间做的副本一开始就是锁住的，第一个使用者会永远阻塞；复制的 Once 可能再次执行函数；复制的 atomic 计数器各数各的。\n\n与 go vet copylocks 一样，对复制这类值的值接收者和参数、赋值、range 变量、return、复合字面量元素以及调用实参报告。与 vet 不同，不报告还不可能被别人用过的值的副本：在函数中新建且复制前未交出去的零值或字面量（`var c Config; c.Name = n; return c`）、构造函数的结果和字面量，以及复制后立即替换掉锁的副本（`c := *orig; c.mu = sync.Mutex{}`）。单独的 sync.WaitGroup 被复制由 waitgroup-by-value 规则负责。',
        fix: '使用指针：指针接收者（`func (c *Counter)`）、`*T` 类型的参数和返回值、按下标 range（`for i := range xs { x := &xs[i] }`），在切片和 map 中存 `*T`。',
        messages: {
          recv: '{fn} 使用值接收者：每次调用操作的都是 {what} 的副本，这把锁谁也挡不住',
          param: '{fn} 的参数 {name} 按值传递：它拿到的是 {what} 的副本，锁住的也是副本',
          assign: '赋值复制了 {what}：副本是另一把锁（如果原值正被锁住，副本一开始就是锁住的）',
          range: 'range 变量 {name} 复制了每个 {what}',
          return: 'return 复制了 {what}：调用方拿到的是另一把锁',
          call: '调用 {name} 时复制了 {what}',
          literal: '复合字面量复制了 {what}',
        },
        help: {
          recv: '改用指针接收者。',
          param: '改为接收指针：*{type}。',
          assign: '复制指针，或者只复制需要的字段（不要复制锁）。',
          range: '按下标 range 并取元素地址：for i := range xs { x := &xs[i] }。',
          return: '返回指针，或者构造一个带有自己的零值锁的新值。',
          call: '传指针。',
          literal: '存指针，或者不写锁字段（它的零值就是一把未加锁的锁）。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const site of copySites(ctx.pkg)) {
      if (site.waitGroup) continue; // waitgroup-by-value
      reportCopy(ctx, site);
    }
  },
});

function reportCopy(ctx: RuleContext, site: CopySite): void {
  const file = ctx.pkg.fileOfNode(site.node);
  if (skipFile(file)) return;
  ctx.report({
    node: site.node,
    file,
    messageId: site.kind,
    data: {
      fn: site.fn ? funcName(site.fn) : 'package',
      name: site.name,
      type: typeString(site.type),
      what: describeCopy(site.type, site.lock),
    },
    related: site.lock.field ? [{ node: site.lock.field, message: `the ${describeLock(site.lock)} is declared here` }] : [],
  });
}
