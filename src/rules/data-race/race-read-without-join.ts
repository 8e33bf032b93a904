import { defineRule } from '../../engine/rule.js';
import { varRaces } from '../../model/varraces.js';
import { where } from '../map-concurrency/race-report.js';
import { otherAccess, raceRelated } from './race-text.js';

export default defineRule({
  meta: {
    id: 'race-read-without-join',
    family: 'data-race',
    severity: 'error',
    category: 'correctness',
    title: 'result of a goroutine read before waiting for it',
    docs: {
      why:
        'A goroutine that stores its result in a variable (or a named result of the function that started it) ' +
        'publishes it only through a synchronisation: wg.Wait(), a receive from a channel it sends on or closes, a ' +
        'lock. Reading the variable after the go statement without one is a data race: the reader may see the old ' +
        'value, a half-written one, or, for named results, return before the goroutine has set them.',
      bad: `package p

func lookup(query func() string) (result string) {
	done := make(chan struct{})
	go func() {
		result = query()
		close(done)
	}()
	return result
}
`,
      good: `package p

func lookup(query func() string) (result string) {
	done := make(chan struct{})
	go func() {
		result = query()
		close(done)
	}()
	<-done
	return result
}
`,
      fix: 'Wait for the goroutine before reading what it writes: wg.Wait(), or receive from a channel it closes or sends on after the write; or have it send the value itself over a channel.',
      seeAlso: ['revive: datarace (named results captured by goroutines)', 'https://go.dev/ref/mem'],
    },
    messages: {
      read: 'data race: {name} is read here, but the goroutine started at {go} writes it (at {write}) and nothing waits for it in between',
      returned: 'data race: {name} is returned here, but the goroutine started at {go} writes it (at {write}) and nothing waits for it first',
    },
    help: {
      read: 'wait for the goroutine (wg.Wait() or a receive from a channel it closes after the write) before reading {name}',
      returned: 'wait for the goroutine before returning, or return the value it sends over a channel',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '在等待 goroutine 之前就读取了它的结果',
        why: '把结果存进变量（或启动它的函数的具名返回值）的 goroutine，只有经过同步才算把结果发布出去：wg.Wait()、从它发送或关闭的 channel 接收、加锁。在 go 语句之后没有任何同步就读取这个变量是数据竞争：读到的可能是旧值、写了一半的值；对于具名返回值，函数可能在 goroutine 设置它之前就已经返回。',
        fix: '先等待 goroutine 再读取它写的内容：wg.Wait()，或者从它在写入之后关闭或发送的 channel 接收；或者让它直接通过 channel 把值发送过来。',
        messages: {
          read: '数据竞争：这里读取了 {name}，但 {go} 处启动的 goroutine 会写它（在 {write}），两者之间没有任何等待',
          returned: '数据竞争：这里返回了 {name}，但 {go} 处启动的 goroutine 会写它（在 {write}），返回之前没有等待它',
        },
        help: {
          read: '读取 {name} 之前先等待 goroutine（wg.Wait()，或者从它在写入后关闭的 channel 接收）',
          returned: '返回之前先等待 goroutine，或者返回它通过 channel 发送的值',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const race of varRaces(ctx.pkg).races) {
      if (race.kind !== 'unjoined' || !race.root) continue;
      const write = otherAccess(race);
      ctx.report({
        node: race.node,
        messageId: race.access.implicit === 'return' || race.access.node.parent?.kind === 'ReturnStmt' ? 'returned' : 'read',
        data: { name: race.name, go: where(ctx, race.node, race.root.site), write: where(ctx, race.node, write.node) },
        related: raceRelated(race),
      });
    }
  },
});
