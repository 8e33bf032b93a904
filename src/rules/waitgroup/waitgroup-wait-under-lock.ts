import { defineRule } from '../../engine/rule.js';
import { LockFlow } from '../../model/lockflow.js';
import { isWaitGroupCall, syncKey, waitGroupOf, workerLockBeforeSignal, workersSignalling } from '../../model/waitgroups.js';
import { skipFile, text, where } from '../lock-misuse/lock-text.js';

export default defineRule({
  meta: {
    id: 'waitgroup-wait-under-lock',
    family: 'waitgroup',
    severity: 'error',
    category: 'correctness',
    title: 'wg.Wait while holding a lock that the workers take before Done',
    docs: {
      why:
        'Wait returns when every worker has called Done. If the waiting goroutine holds a mutex and a worker ' +
        'must lock that same mutex before it reaches Done, the worker waits for the lock and the holder waits for ' +
        'the worker: a deadlock that no timeout breaks (the runtime reports "all goroutines are asleep" only when ' +
        'nothing else runs).\n\n' +
        'Reported at the Wait when a lock is held on every path to it and a goroutine that signals this ' +
        'WaitGroup (go statement or WaitGroup.Go/errgroup callback) takes a lock of the same field or variable ' +
        'before its Done (a deferred Done comes last). Waiting under a lock the workers never touch is only slow; ' +
        'that is lock-held-while-blocking, which stays silent for the waits reported here.',
      bad: `package p

import "sync"

type Index struct {
	mu   sync.Mutex
	docs map[string]string
}

func (ix *Index) Load(batch map[string]string) {
	var wg sync.WaitGroup
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for k, v := range batch {
		wg.Add(1)
		go func(k, v string) {
			defer wg.Done()
			ix.mu.Lock()
			ix.docs[k] = v
			ix.mu.Unlock()
		}(k, v)
	}
	wg.Wait()
}
`,
      good: `package p

import "sync"

type Index struct {
	mu   sync.Mutex
	docs map[string]string
}

func (ix *Index) Load(batch map[string]string) {
	var wg sync.WaitGroup
	for k, v := range batch {
		wg.Add(1)
		go func(k, v string) {
			defer wg.Done()
			ix.mu.Lock()
			ix.docs[k] = v
			ix.mu.Unlock()
		}(k, v)
	}
	wg.Wait()
}
`,
      fix: 'Release the lock before Wait (lock again afterwards if needed), or let the workers hand their results back over a channel and apply them under the lock after Wait.',
      seeAlso: ['seed catalog (WaitGroup under lock)', 'GCatch (lock and WaitGroup mixed deadlocks)'],
    },
    messages: {
      wait: '{wg}.Wait() while holding {lock} (locked at {lockedAt}), but the worker started at {workerAt} locks {lock} before its Done: the worker waits for the lock and Wait waits for the worker — deadlock',
    },
    help: {
      wait: 'Unlock {lock} before {wg}.Wait(), or have the workers return their results over a channel and apply them under the lock after Wait.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '持有 worker 在 Done 之前需要的锁时调用 wg.Wait',
        why: 'Wait 要等所有 worker 都调用了 Done 才返回。如果等待的 goroutine 持有一个 mutex，而某个 worker 在调用 Done 之前必须先锁住同一个 mutex，那么 worker 等锁、持锁者等 worker：这是一个任何超时都解不开的死锁（只有在没有其他 goroutine 运行时，运行时才会报告 "all goroutines are asleep"）。\n\n当到达 Wait 的每条路径上都持有某把锁，并且给这个 WaitGroup 发信号的 goroutine（go 语句，或 WaitGroup.Go/errgroup 回调）在 Done 之前获取同一字段或变量的锁时（defer 的 Done 最后执行），在 Wait 处报告。持有 worker 根本不碰的锁去等待只是慢，那属于 lock-held-while-blocking 规则，而这里报告的 Wait 它不会再报。',
        fix: '在 Wait 之前释放锁（需要的话之后再加锁），或者让 worker 通过 channel 交回结果，在 Wait 之后持锁统一应用。',
        messages: {
          wait: '持有 {lock}（在 {lockedAt} 加锁）时调用 {wg}.Wait()，但在 {workerAt} 启动的 worker 在 Done 之前要锁 {lock}：worker 等锁，Wait 等 worker——死锁',
        },
        help: {
          wait: '在 {wg}.Wait() 之前解锁 {lock}，或者让 worker 通过 channel 返回结果，在 Wait 之后持锁应用。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Wait()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const flow = LockFlow.of(pkg);
    for (const fn of pkg.functions) {
      if (skipFile(pkg.fileOfNode(fn)) || !fn.body) continue;
      if (flow.neverHolds(fn)) continue; // every lock set below would be empty
      const trace = flow.trace(fn);
      for (const [call, before] of trace.beforeCall) {
        if (!isWaitGroupCall(pkg, call, 'Wait')) continue;
        const wg = waitGroupOf(call);
        if (!wg) continue;
        const key = syncKey(pkg, wg);
        let reported = false;
        for (const h of before) {
          if (reported || h.at === null) continue;
          for (const w of workersSignalling(pkg, key)) {
            const need = workerLockBeforeSignal(pkg, w, h.ref, key);
            if (!need) continue;
            ctx.report({
              node: call,
              messageId: 'wait',
              data: {
                wg: text(ctx, wg),
                lock: h.ref.display,
                lockedAt: where(ctx, call, h.at),
                workerAt: where(ctx, call, w.site),
              },
              related: [
                { node: h.at, message: `${h.ref.display} is locked here` },
                { node: need.call, message: `the worker takes ${h.ref.display} here, before its Done` },
              ],
            });
            reported = true;
            break;
          }
        }
      }
    }
  },
});
