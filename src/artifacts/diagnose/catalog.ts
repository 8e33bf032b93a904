// The registry of artifact diagnoses: one entry per rule id that `analyze` can report, with the
// texts `gohazard rules` and docs/analyze.md show. Diagnosis modules take family and severity from
// here, so a rule's metadata lives in one place.

import type { Family, Severity } from '../../report/finding.js';

export type ArtifactSource = 'crash' | 'goroutine-dump' | 'test-timeout' | 'pprof' | 'race' | 'schedtrace' | 'gctrace';

export interface ArtifactRule {
  id: string;
  family: Family;
  severity: Severity;
  /** One line, lowercase, no trailing period. */
  title: string;
  /** What went wrong at run time, and why. */
  why: string;
  /** What to do. */
  fix: string;
  /** Artifacts this rule reads. */
  sources: ArtifactSource[];
  /** The texts in other languages (English above is the source). */
  i18n: { 'zh-CN': ArtifactRuleTranslation };
}

export interface ArtifactRuleTranslation {
  title: string;
  why: string;
  fix: string;
}

const rules: ArtifactRule[] = [
  // ---- crashes: fatal errors and panics -------------------------------------------------------
  {
    id: 'crash-concurrent-map-writes',
    family: 'map-concurrency',
    severity: 'error',
    title: 'concurrent map writes crashed the process',
    why: 'Two goroutines wrote the same built-in map at the same time. Since Go 1.19 the runtime reports this through fatal(), not panic(): recover() cannot catch it and the whole process exits. Detection is best-effort, so the race existed long before this crash.',
    fix: 'Guard every access to the map with one sync.Mutex (or RWMutex), shard it, or use sync.Map for write-once/read-many or disjoint-key workloads. Confirm with `go test -race` / a `-race` build, which reports both sides.',
    i18n: {
      'zh-CN': {
        title: '并发写 map 导致进程崩溃',
        why: '两个 goroutine 同时写同一个内置 map。从 Go 1.19 起，运行时通过 fatal() 而不是 panic() 报告这种情况：recover() 捕获不到，整个进程直接退出。这种检测是尽力而为的，所以在这次崩溃之前，数据竞争早就存在了。',
        fix: '对 map 的每一次访问都用同一个 sync.Mutex（或 RWMutex）保护，或者把 map 分片；写一次读多次、或各 goroutine 使用不相交的 key 时，可以用 sync.Map。用 `go test -race` 或 `-race` 构建来确认，它会同时报告竞争的两侧。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-concurrent-map-read-write',
    family: 'map-concurrency',
    severity: 'error',
    title: 'concurrent map read and map write crashed the process',
    why: 'A goroutine read a built-in map while another wrote it. This is a fatal error (not a panic): recover() cannot catch it.',
    fix: 'Readers need the same lock as writers (RLock/RUnlock on a sync.RWMutex shared with the writers), or switch to sync.Map / an immutable snapshot swapped with atomic.Pointer.',
    i18n: {
      'zh-CN': {
        title: '并发读写 map 导致进程崩溃',
        why: '一个 goroutine 在读内置 map 的同时，另一个 goroutine 在写它。这是 fatal error（不是 panic）：recover() 捕获不到。',
        fix: '读方必须和写方持有同一把锁（与写方共用的 sync.RWMutex 上的 RLock/RUnlock），或者改用 sync.Map，或用 atomic.Pointer 整体替换的不可变快照。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-concurrent-map-iteration',
    family: 'map-concurrency',
    severity: 'error',
    title: 'concurrent map iteration and map write crashed the process',
    why: 'A goroutine ranged over a built-in map while another wrote it. The check runs in mapiternext; it has nothing to do with the garbage collector. recover() cannot catch it.',
    fix: 'Hold the map\'s lock for the whole range loop (or copy the entries under the lock and range over the copy).',
    i18n: {
      'zh-CN': {
        title: '并发遍历 map 与写 map 导致进程崩溃',
        why: '一个 goroutine 在 range 遍历内置 map 时，另一个 goroutine 写了它。这个检查发生在 mapiternext 中，与垃圾回收无关。recover() 捕获不到。',
        fix: '在整个 range 循环期间持有 map 的锁（或者在锁内复制一份，再遍历副本）。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-concurrent-map-clone',
    family: 'map-concurrency',
    severity: 'error',
    title: 'concurrent map clone and map write crashed the process',
    why: 'maps.Clone read a map while another goroutine wrote it (Go 1.21+ message). Fatal, not recoverable.',
    fix: 'Clone under the same lock the writers hold.',
    i18n: {
      'zh-CN': {
        title: '并发克隆 map 与写 map 导致进程崩溃',
        why: 'maps.Clone 读取 map 时另一个 goroutine 写了它（Go 1.21+ 的报错信息）。这是 fatal error，无法 recover。',
        fix: '在写方持有的同一把锁内执行 Clone。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-send-on-closed-channel',
    family: 'channel-misuse',
    severity: 'error',
    title: 'send on closed channel',
    why: 'A goroutine sent on a channel after it was closed. Usually a receiver or a second owner closed a channel that producers still use.',
    fix: 'Only the sending side may close, after every sender is done: count senders with a sync.WaitGroup and close once in a goroutine that waits for it; signal consumers\' shutdown with a separate done channel or context.',
    i18n: {
      'zh-CN': {
        title: '向已关闭的 channel 发送',
        why: '某个 goroutine 在 channel 关闭之后还向它发送。通常是接收方或另一个“所有者”关闭了生产者仍在使用的 channel。',
        fix: '只有发送方可以关闭 channel，并且要在所有发送者都结束之后：用 sync.WaitGroup 统计发送者，在一个等待它的 goroutine 里关闭一次；消费者的退出用单独的 done channel 或 context 通知。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-close-of-closed-channel',
    family: 'channel-misuse',
    severity: 'error',
    title: 'close of closed channel',
    why: 'close was called twice on the same channel; close is not idempotent.',
    fix: 'Give the channel a single owner that closes it exactly once, or wrap the close in a sync.Once.',
    i18n: {
      'zh-CN': {
        title: '重复关闭 channel',
        why: '同一个 channel 上调用了两次 close；close 不是幂等的。',
        fix: '让 channel 只有一个负责关闭它的所有者，只关闭一次；或者把 close 包在 sync.Once 里。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-close-of-nil-channel',
    family: 'channel-misuse',
    severity: 'error',
    title: 'close of nil channel',
    why: 'close was called on a channel variable that was never made (nil).',
    fix: 'Create the channel with make before any goroutine can close it; check the field is initialised in the constructor.',
    i18n: {
      'zh-CN': {
        title: '关闭 nil channel',
        why: '对一个从未 make 过的 channel 变量（nil）调用了 close。',
        fix: '在任何 goroutine 可能关闭它之前先用 make 创建 channel；检查构造函数里是否初始化了该字段。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-all-goroutines-asleep',
    family: 'channel-misuse',
    severity: 'error',
    title: 'all goroutines are asleep: global deadlock',
    why: 'Every goroutine was blocked and none could ever be woken: the runtime aborts. It only detects the case where nothing at all can run (no timers, no network waits), so partial deadlocks show up as leaks instead.',
    fix: 'Break the wait cycle shown in the related locations: make sure someone sends/receives on each channel, releases each lock, or calls Done for each Add.',
    i18n: {
      'zh-CN': {
        title: '所有 goroutine 都在休眠：全局死锁',
        why: '所有 goroutine 都阻塞了，且没有任何一个能被唤醒：运行时直接中止。它只能检测到完全没有东西可运行的情况（没有定时器、没有网络等待），所以局部死锁会表现为 goroutine 泄漏。',
        fix: '打破相关位置中显示的等待环：确保每个 channel 都有人发送/接收，每把锁都会被释放，每个 Add 都有对应的 Done。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-negative-waitgroup',
    family: 'waitgroup',
    severity: 'error',
    title: 'sync: negative WaitGroup counter',
    why: 'Done (or Add with a negative delta) was called more times than Add: a goroutine calls Done twice, or Add runs after the goroutines it counts.',
    fix: 'Call wg.Add(n) once before starting the n goroutines and `defer wg.Done()` exactly once at the top of each.',
    i18n: {
      'zh-CN': {
        title: 'sync: WaitGroup 计数变为负数',
        why: 'Done（或负数的 Add）调用次数多于 Add：某个 goroutine 调用了两次 Done，或者 Add 在它所计数的 goroutine 之后才执行。',
        fix: '在启动 n 个 goroutine 之前调用一次 wg.Add(n)，并在每个 goroutine 开头恰好写一次 `defer wg.Done()`。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-waitgroup-misuse',
    family: 'waitgroup',
    severity: 'error',
    title: 'sync.WaitGroup misused concurrently with Wait or reused too early',
    why: 'Add was called concurrently with Wait, or the WaitGroup was reused before the previous Wait returned.',
    fix: 'Call Add before the go statement (never inside the goroutine), and do not reuse a WaitGroup until its Wait has returned.',
    i18n: {
      'zh-CN': {
        title: 'sync.WaitGroup 与 Wait 并发误用或过早复用',
        why: 'Add 与 Wait 并发调用，或者上一次 Wait 还没返回就复用了 WaitGroup。',
        fix: '在 go 语句之前调用 Add（不要在 goroutine 内部调用），并且在 Wait 返回之前不要复用 WaitGroup。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-unlock-of-unlocked',
    family: 'lock-misuse',
    severity: 'error',
    title: 'unlock of an unlocked mutex',
    why: 'Unlock/RUnlock ran on a mutex that was not locked: a double Unlock, an Unlock on a path that never locked, or a mutex copied by value. This is a fatal error: recover() cannot catch it.',
    fix: 'Pair each Lock with exactly one `defer Unlock()` right after it; pass structs containing mutexes by pointer (go vet copylocks).',
    i18n: {
      'zh-CN': {
        title: '对未加锁的 mutex 解锁',
        why: '在没有加锁的 mutex 上调用了 Unlock/RUnlock：重复 Unlock、在没有加锁的路径上 Unlock，或者 mutex 被按值复制了。这是 fatal error：recover() 捕获不到。',
        fix: '每个 Lock 紧跟恰好一个 `defer Unlock()`；包含 mutex 的结构体用指针传递（go vet copylocks）。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-inconsistent-mutex-state',
    family: 'lock-misuse',
    severity: 'error',
    title: 'sync: inconsistent mutex state',
    why: 'The mutex word was corrupted: typically a mutex copied while locked, or memory corruption through unsafe/cgo.',
    fix: 'Never copy a sync.Mutex after first use (go vet copylocks); check unsafe and cgo code that writes near it.',
    i18n: {
      'zh-CN': {
        title: 'sync: mutex 状态不一致',
        why: 'mutex 的状态字被破坏了：通常是在加锁状态下复制了 mutex，或者通过 unsafe/cgo 写坏了内存。',
        fix: '首次使用后绝不复制 sync.Mutex（go vet copylocks）；检查在它附近写内存的 unsafe 和 cgo 代码。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-cond-copied',
    family: 'lock-misuse',
    severity: 'error',
    title: 'sync.Cond is copied',
    why: 'A sync.Cond was copied after first use; waiters and signalers no longer share it.',
    fix: 'Keep the Cond behind a pointer (*sync.Cond) and never copy the struct that holds it.',
    i18n: {
      'zh-CN': {
        title: 'sync.Cond 被复制',
        why: 'sync.Cond 在首次使用后被复制了；等待方和通知方不再共享同一个 Cond。',
        fix: '通过指针（*sync.Cond）持有 Cond，并且不要复制包含它的结构体。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-atomic-value-misuse',
    family: 'sync-pool-atomic',
    severity: 'error',
    title: 'atomic.Value misuse',
    why: 'atomic.Value panics when storing nil or a value of a different concrete type than the first Store.',
    fix: 'Store values of one concrete type only (wrap them in a struct if needed), never nil; consider atomic.Pointer[T].',
    i18n: {
      'zh-CN': {
        title: 'atomic.Value 误用',
        why: '向 atomic.Value 存入 nil，或存入与第一次 Store 不同的具体类型时，会 panic。',
        fix: '只存入同一种具体类型的值（必要时包一层 struct），不要存 nil；可以考虑 atomic.Pointer[T]。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-cgo-pointer',
    family: 'cgo',
    severity: 'error',
    title: 'cgo pointer-passing rule violated',
    why: 'Go memory passed to C contained Go pointers (or C kept a Go pointer): the garbage collector may move or free what C still uses. cgocheck caught it.',
    fix: 'Allocate what C keeps with C.malloc (and free it), pass only pointer-free Go memory, or pin it with runtime.Pinner (Go 1.21+) for the duration of the call.',
    i18n: {
      'zh-CN': {
        title: '违反 cgo 指针传递规则',
        why: '传给 C 的 Go 内存中包含 Go 指针（或者 C 保留了 Go 指针）：垃圾回收器可能移动或释放 C 仍在使用的内存。cgocheck 发现了这一点。',
        fix: 'C 需要保留的内存用 C.malloc 分配（并记得释放），只传不含指针的 Go 内存，或者在调用期间用 runtime.Pinner（Go 1.21+）固定它。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-signal-in-cgo',
    family: 'cgo',
    severity: 'error',
    title: 'signal arrived during cgo execution',
    why: 'C code called through cgo crashed (SIGSEGV/SIGBUS…), often a use-after-free of memory shared with Go or a Go pointer retained by C.',
    fix: 'Check the C function named by the frames for lifetime bugs; build the C side with -fsanitize=address; use GOTRACEBACK=crash and a core dump to see C frames.',
    i18n: {
      'zh-CN': {
        title: 'cgo 执行期间收到信号',
        why: '通过 cgo 调用的 C 代码崩溃了（SIGSEGV/SIGBUS…），常见原因是与 Go 共享的内存被释放后仍在使用，或者 C 保留了 Go 指针。',
        fix: '检查栈帧中指出的 C 函数的生命周期问题；C 侧用 -fsanitize=address 构建；使用 GOTRACEBACK=crash 并生成 core dump 查看 C 的栈帧。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-thread-exhaustion',
    family: 'cgo',
    severity: 'error',
    title: 'thread limit exceeded',
    why: 'The process created more OS threads than debug.SetMaxThreads allows (10000 by default). Threads pile up when goroutines block in system calls or cgo calls, or call runtime.LockOSThread without UnlockOSThread and then block.',
    fix: 'Bound the concurrency of blocking syscalls/cgo calls (a worker pool or semaphore), pair LockOSThread with UnlockOSThread, and look at the goroutines marked "locked to thread" or in [syscall].',
    i18n: {
      'zh-CN': {
        title: '超出线程数上限',
        why: '进程创建的操作系统线程超过了 debug.SetMaxThreads 允许的数量（默认 10000）。goroutine 阻塞在系统调用或 cgo 调用中，或者调用了 runtime.LockOSThread 却没有 UnlockOSThread 然后阻塞，线程就会越积越多。',
        fix: '限制阻塞型 syscall/cgo 调用的并发数（worker pool 或信号量），LockOSThread 与 UnlockOSThread 成对使用，并查看标记为 "locked to thread" 或处于 [syscall] 状态的 goroutine。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-goroutine-outlived-test',
    family: 'goroutine-leak',
    severity: 'error',
    title: 'goroutine used testing.T after its test completed',
    why: 'A goroutine started by a test called t.Log/t.Error after the test function returned: it outlived the test.',
    fix: 'Wait for the goroutines a test starts (sync.WaitGroup, errgroup, or t.Cleanup with a done channel) before the test returns.',
    i18n: {
      'zh-CN': {
        title: '测试结束后 goroutine 仍在使用 testing.T',
        why: '测试启动的 goroutine 在测试函数返回后调用了 t.Log/t.Error：它比测试活得更久。',
        fix: '在测试返回前等待它启动的 goroutine 结束（sync.WaitGroup、errgroup，或 t.Cleanup 配合 done channel）。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'crash-race-goroutine-limit',
    family: 'goroutine-leak',
    severity: 'error',
    title: 'race detector goroutine limit exceeded',
    why: 'More than 8128 goroutines were alive at once under -race; usually unbounded goroutine creation or a leak.',
    fix: 'Bound the number of goroutines (worker pool, semaphore) and check for goroutines that never exit.',
    i18n: {
      'zh-CN': {
        title: '超出 race detector 的 goroutine 数量上限',
        why: '在 -race 下同时存活的 goroutine 超过了 8128 个；通常是无限制地创建 goroutine，或者存在泄漏。',
        fix: '限制 goroutine 的数量（worker pool、信号量），并检查永不退出的 goroutine。',
      },
    },
    sources: ['race'],
  },
  // ---- deadlocks and hangs: blocked goroutines, grouped by what they wait on ------------------
  {
    id: 'deadlock-channel',
    family: 'channel-misuse',
    severity: 'error',
    title: 'goroutines blocked forever on channel operations',
    why: 'The runtime proved nothing could run any more, and these goroutines were waiting to send or receive: no goroutine is left that could perform the other side.',
    fix: 'Make sure every channel operation has a partner that is not itself blocked: close channels that are ranged over, buffer result channels, or select on a done channel.',
    i18n: {
      'zh-CN': {
        title: 'goroutine 永久阻塞在 channel 操作上',
        why: '运行时已证明再也没有东西可以运行，而这些 goroutine 正在等待发送或接收：已经没有 goroutine 能完成另一侧的操作。',
        fix: '确保每个 channel 操作都有一个自身不会阻塞的对端：关闭被 range 的 channel，给结果 channel 加缓冲，或者在 select 中监听 done channel。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'deadlock-mutex',
    family: 'lock-misuse',
    severity: 'error',
    title: 'goroutines blocked forever acquiring a lock',
    why: 'These goroutines wait for a sync.Mutex/RWMutex whose holder is itself blocked (or already exited without unlocking).',
    fix: 'Do not block (channel operations, Wait, I/O) while holding a lock; release it with defer right after Lock.',
    i18n: {
      'zh-CN': {
        title: 'goroutine 永久阻塞在加锁上',
        why: '这些 goroutine 在等待一个 sync.Mutex/RWMutex，而持锁者自己也阻塞了（或者已经退出却没有解锁）。',
        fix: '持锁期间不要阻塞（channel 操作、Wait、I/O）；Lock 之后立刻用 defer 释放。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'deadlock-waitgroup',
    family: 'waitgroup',
    severity: 'error',
    title: 'sync.WaitGroup.Wait can never return',
    why: 'Wait blocks until every Add is matched by a Done; the goroutines that owe a Done are blocked or never started.',
    fix: 'Call Done with defer in every goroutine counted by Add, and make sure none of them can block forever.',
    i18n: {
      'zh-CN': {
        title: 'sync.WaitGroup.Wait 永远无法返回',
        why: 'Wait 会一直阻塞，直到每个 Add 都有对应的 Done；而欠着 Done 的 goroutine 阻塞了，或者根本没有启动。',
        fix: '在每个由 Add 计数的 goroutine 中用 defer 调用 Done，并确保它们都不会永久阻塞。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'deadlock-cond',
    family: 'lock-misuse',
    severity: 'error',
    title: 'sync.Cond.Wait is never signalled',
    why: 'The goroutines waiting on the Cond will not be woken: no goroutine that could call Signal/Broadcast can run.',
    fix: 'Signal/Broadcast after every state change the waiters depend on, and wait in a loop checking the condition.',
    i18n: {
      'zh-CN': {
        title: 'sync.Cond.Wait 永远等不到通知',
        why: '在 Cond 上等待的 goroutine 不会被唤醒：能调用 Signal/Broadcast 的 goroutine 都无法运行。',
        fix: '每次改变等待方所依赖的状态后都调用 Signal/Broadcast，并在循环中检查条件再 Wait。',
      },
    },
    sources: ['crash'],
  },
  {
    id: 'test-timeout-hang',
    family: 'goroutine-leak',
    severity: 'error',
    title: 'test timed out: goroutines of the test blocked',
    why: 'The test binary hit -timeout. The goroutines of the package under test shown here were blocked; they are the hang, grouped by where they wait.',
    fix: 'Fix the wait shown (unclosed channel, missing Done, lock held across a wait); give tests a context with deadline and close the channels workers range over.',
    i18n: {
      'zh-CN': {
        title: '测试超时：测试中的 goroutine 阻塞',
        why: '测试二进制触发了 -timeout。这里显示的被测包中的 goroutine 都阻塞了，它们就是卡住的原因，按等待位置分组。',
        fix: '修复所示的等待（channel 未关闭、缺少 Done、等待时持有锁）；给测试一个带截止时间的 context，并关闭 worker 正在 range 的 channel。',
      },
    },
    sources: ['test-timeout'],
  },
  // ---- goroutine dumps and goroutine profiles ---------------------------------------------------
  {
    id: 'dump-leak-suspect',
    family: 'goroutine-leak',
    severity: 'warning',
    title: 'many goroutines parked at one site (goroutine leak suspect)',
    why: 'A large number of goroutines are blocked at the same source line, or have been blocked for a long time. Goroutines blocked on channels, selects or locks that nobody will service never exit and keep their stacks and referenced memory alive.',
    fix: 'Give the blocked operation a way out: close the channel (from the sender side), select on ctx.Done(), buffer the result channel so the sender can finish after the receiver gave up, or stop the producer.',
    i18n: {
      'zh-CN': {
        title: '大量 goroutine 停在同一位置（疑似 goroutine 泄漏）',
        why: '大量 goroutine 阻塞在同一行源码上，或者已经阻塞了很长时间。阻塞在无人处理的 channel、select 或锁上的 goroutine 永远不会退出，它们的栈和引用的内存也一直无法释放。',
        fix: '给阻塞的操作一条出路：（从发送方）关闭 channel，在 select 中监听 ctx.Done()，给结果 channel 加缓冲以便接收方放弃后发送方仍能结束，或者停止生产者。',
      },
    },
    sources: ['goroutine-dump', 'pprof'],
  },
  {
    id: 'dump-lock-convoy',
    family: 'lock-misuse',
    severity: 'warning',
    title: 'many goroutines queued on one lock (lock convoy)',
    why: 'Many goroutines wait to acquire a mutex at the same site: the critical section is too long or contended (I/O or a blocking call under the lock).',
    fix: 'Shorten the critical section (no I/O, channel operations or sleeps while holding the lock), shard the protected data, or use RWMutex for read-mostly state.',
    i18n: {
      'zh-CN': {
        title: '大量 goroutine 排队等同一把锁（锁护航）',
        why: '许多 goroutine 在同一处等待获取 mutex：临界区太长或竞争太激烈（锁内有 I/O 或阻塞调用）。',
        fix: '缩短临界区（持锁时不做 I/O、channel 操作或 sleep），对被保护的数据分片，读多写少的状态改用 RWMutex。',
      },
    },
    sources: ['goroutine-dump', 'pprof'],
  },
  {
    id: 'dump-nil-channel',
    family: 'channel-misuse',
    severity: 'error',
    title: 'goroutine blocked on a nil channel',
    why: 'A send or receive on a nil channel blocks forever; the goroutine can never exit.',
    fix: 'Initialise the channel with make before starting the goroutine, or guard the operation (a nil channel in select is only useful to disable a case deliberately).',
    i18n: {
      'zh-CN': {
        title: 'goroutine 阻塞在 nil channel 上',
        why: '在 nil channel 上发送或接收会永久阻塞；这个 goroutine 永远无法退出。',
        fix: '在启动 goroutine 之前用 make 初始化 channel，或者对该操作加以保护（select 中的 nil channel 只适合用来有意禁用某个 case）。',
      },
    },
    sources: ['goroutine-dump'],
  },
  {
    id: 'dump-goroutine-growth',
    family: 'goroutine-leak',
    severity: 'warning',
    title: 'goroutines at one site grew between two snapshots',
    why: 'Comparing an earlier and a later dump/profile, the number of goroutines with this stack grew: they are created faster than they exit.',
    fix: 'Find what should end these goroutines (a close, a cancel, a receive) and why it does not happen; bound their creation.',
    i18n: {
      'zh-CN': {
        title: '同一位置的 goroutine 在两次快照之间增长',
        why: '对比较早和较晚的 dump/profile，具有此调用栈的 goroutine 数量增长了：它们创建的速度比退出的速度快。',
        fix: '找出本应让这些 goroutine 结束的操作（close、cancel、一次接收），查明它为什么没有发生；限制它们的创建。',
      },
    },
    sources: ['goroutine-dump', 'pprof'],
  },
  {
    id: 'profile-goroutine-leak',
    family: 'goroutine-leak',
    severity: 'error',
    title: 'goroutine leak reported by the runtime (goroutineleak profile)',
    why: 'Go 1.26+\'s goroutineleak profile lists goroutines blocked on concurrency primitives that no running goroutine can reach: they can never be woken.',
    fix: 'Release the blocked operation: close the channel or cancel the context the goroutine waits on, or make the send non-blocking (buffered channel, select with ctx.Done()).',
    i18n: {
      'zh-CN': {
        title: '运行时报告的 goroutine 泄漏（goroutineleak profile）',
        why: 'Go 1.26+ 的 goroutineleak profile 列出了阻塞在并发原语上、且任何运行中的 goroutine 都无法触及的 goroutine：它们永远不会被唤醒。',
        fix: '解除阻塞的操作：关闭该 goroutine 等待的 channel 或取消它等待的 context，或者让发送不再阻塞（带缓冲的 channel、配合 ctx.Done() 的 select）。',
      },
    },
    sources: ['pprof'],
  },
  // ---- race detector ----------------------------------------------------------------------------
  {
    id: 'race-map',
    family: 'map-concurrency',
    severity: 'error',
    title: 'data race on a map',
    why: 'The race detector saw unsynchronised map accesses from two goroutines. Without -race the same bug shows up as a fatal "concurrent map …" error that recover() cannot catch.',
    fix: 'Protect the map with a mutex shared by both sides, or use sync.Map.',
    i18n: {
      'zh-CN': {
        title: 'map 上的数据竞争',
        why: 'race detector 发现两个 goroutine 对 map 的访问没有同步。不开 -race 时，同样的 bug 会表现为 recover() 捕获不到的 fatal "concurrent map …" 错误。',
        fix: '用两侧共用的 mutex 保护这个 map，或者改用 sync.Map。',
      },
    },
    sources: ['race'],
  },
  {
    id: 'race-atomic-mixed',
    family: 'sync-pool-atomic',
    severity: 'error',
    title: 'atomic and plain accesses mixed on one variable',
    why: 'One side accessed the variable with sync/atomic and the other with a plain read/write. Atomics only synchronise with other atomics; the plain access races (the detector instruments every access, plain reads included).',
    fix: 'Use sync/atomic for every access (or the typed atomic.Int64 & co., which make plain access impossible).',
    i18n: {
      'zh-CN': {
        title: '同一变量上混用原子访问和普通访问',
        why: '一侧用 sync/atomic 访问变量，另一侧用普通的读写。原子操作只与其他原子操作同步；普通访问仍然构成竞争（race detector 会检测每一次访问，包括普通读）。',
        fix: '所有访问都使用 sync/atomic（或 atomic.Int64 等类型化的原子类型，它们从根本上杜绝了普通访问）。',
      },
    },
    sources: ['race'],
  },
  {
    id: 'race-captured-variable',
    family: 'data-race',
    severity: 'error',
    title: 'data race on a variable captured by a goroutine closure',
    why: 'A goroutine started from a closure writes or reads a variable of the enclosing function while that function (or another goroutine) also uses it.',
    fix: 'Pass the value as an argument to the goroutine, give each goroutine its own variable, or guard the shared one with a mutex / channel hand-off.',
    i18n: {
      'zh-CN': {
        title: 'goroutine 闭包捕获的变量上的数据竞争',
        why: '从闭包启动的 goroutine 读写外层函数的变量，而外层函数（或另一个 goroutine）同时也在使用它。',
        fix: '把值作为参数传给 goroutine，让每个 goroutine 使用自己的变量，或者用 mutex / channel 交接来保护共享的变量。',
      },
    },
    sources: ['race'],
  },
  {
    id: 'race-struct-field',
    family: 'data-race',
    severity: 'error',
    title: 'data race on a struct field',
    why: 'Two goroutines accessed the same field of a shared struct without synchronisation (often a method on a shared pointer receiver).',
    fix: 'Guard the field with a mutex stored in the struct (lock in every method that touches it) or make it an atomic type.',
    i18n: {
      'zh-CN': {
        title: '结构体字段上的数据竞争',
        why: '两个 goroutine 在没有同步的情况下访问了共享结构体的同一个字段（常见于共享指针接收者上的方法）。',
        fix: '用存放在结构体中的 mutex 保护该字段（每个访问它的方法都要加锁），或者把它改成原子类型。',
      },
    },
    sources: ['race'],
  },
  {
    id: 'race-slice',
    family: 'data-race',
    severity: 'error',
    title: 'data race on a slice',
    why: 'Two goroutines accessed a shared slice (element or header, e.g. append) without synchronisation; append may also reallocate under the other goroutine.',
    fix: 'Give each goroutine its own slice (or index range) and merge afterwards, or guard the slice with a mutex.',
    i18n: {
      'zh-CN': {
        title: 'slice 上的数据竞争',
        why: '两个 goroutine 在没有同步的情况下访问了共享的 slice（元素或 slice 头，例如 append）；append 还可能在另一个 goroutine 使用时重新分配底层数组。',
        fix: '让每个 goroutine 使用自己的 slice（或下标区间），最后再合并；或者用 mutex 保护这个 slice。',
      },
    },
    sources: ['race'],
  },
  {
    id: 'race-data',
    family: 'data-race',
    severity: 'error',
    title: 'data race',
    why: 'Two goroutines accessed the same memory without synchronisation and at least one wrote it.',
    fix: 'Establish a happens-before relation: a mutex around both accesses, a channel hand-off, or atomics on both sides.',
    i18n: {
      'zh-CN': {
        title: '数据竞争',
        why: '两个 goroutine 在没有同步的情况下访问了同一块内存，且至少有一方在写。',
        fix: '建立 happens-before 关系：两处访问都用同一个 mutex 保护，通过 channel 交接，或者两侧都用原子操作。',
      },
    },
    sources: ['race'],
  },
  // ---- GODEBUG traces ---------------------------------------------------------------------------
  {
    id: 'schedtrace-runqueue-backlog',
    family: 'starvation',
    severity: 'warning',
    title: 'run-queue backlog with no idle P',
    why: 'For several consecutive schedtrace samples no P was idle and runnable goroutines waited in the global and local run queues: goroutines are starved of CPU (scheduling latency grows).',
    fix: 'Reduce CPU-bound work per request, bound concurrency (worker pool), check GOMAXPROCS against the container CPU quota, and profile CPU (pprof) to find the hot loops.',
    i18n: {
      'zh-CN': {
        title: '运行队列积压且没有空闲的 P',
        why: '连续多个 schedtrace 采样中都没有空闲的 P，可运行的 goroutine 在全局和本地运行队列中等待：goroutine 拿不到 CPU（调度延迟在增长）。',
        fix: '减少每个请求的 CPU 密集型工作，限制并发（worker pool），核对 GOMAXPROCS 与容器的 CPU 配额，并用 pprof 做 CPU profile 找出热点循环。',
      },
    },
    sources: ['schedtrace'],
  },
  {
    id: 'schedtrace-thread-explosion',
    family: 'starvation',
    severity: 'warning',
    title: 'operating-system threads far above GOMAXPROCS',
    why: 'The process holds many more OS threads than Ps. Each goroutine blocked in a system call or cgo call, or locked to a thread, pins a thread; thousands of them cost memory and scheduler time and end in "thread exhaustion".',
    fix: 'Bound concurrent blocking syscalls/cgo calls with a semaphore or worker pool, prefer the netpoller (non-blocking I/O), and pair LockOSThread with UnlockOSThread.',
    i18n: {
      'zh-CN': {
        title: '操作系统线程数远超 GOMAXPROCS',
        why: '进程持有的操作系统线程远多于 P 的数量。每个阻塞在系统调用或 cgo 调用中、或者锁定到线程上的 goroutine 都会占住一个线程；成千上万个这样的线程消耗内存和调度时间，最终导致 "thread exhaustion"。',
        fix: '用信号量或 worker pool 限制并发的阻塞型 syscall/cgo 调用，优先使用 netpoller（非阻塞 I/O），LockOSThread 与 UnlockOSThread 成对使用。',
      },
    },
    sources: ['schedtrace'],
  },
  {
    id: 'gctrace-frequent-gc',
    family: 'starvation',
    severity: 'warning',
    title: 'garbage collection runs very often or takes much CPU',
    why: 'GC cycles follow each other closely (or GC takes a large share of CPU, with allocating goroutines drafted into mark assists): allocation rate is high for the heap size, which costs CPU and latency.',
    fix: 'Reduce allocations in hot paths (reuse buffers, sync.Pool for short-lived objects), or give the GC more room with GOGC / GOMEMLIMIT.',
    i18n: {
      'zh-CN': {
        title: '垃圾回收过于频繁或占用大量 CPU',
        why: 'GC 周期一个接一个（或者 GC 占用了很大比例的 CPU，分配内存的 goroutine 被拉去做 mark assist）：相对于堆的大小，分配速率太高，消耗 CPU 并增加延迟。',
        fix: '减少热点路径上的内存分配（复用缓冲区，短生命周期对象用 sync.Pool），或者通过 GOGC / GOMEMLIMIT 给 GC 更多空间。',
      },
    },
    sources: ['gctrace'],
  },
  {
    id: 'gctrace-heap-growth',
    family: 'goroutine-leak',
    severity: 'info',
    title: 'live heap keeps growing across GC cycles',
    why: 'The heap that survives each GC grows steadily: something retains memory, commonly leaked goroutines (with their stacks and everything they reference) or unbounded caches.',
    fix: 'Take two goroutine dumps and two heap profiles some minutes apart and compare them (`gohazard analyze before.txt after.txt` for goroutines).',
    i18n: {
      'zh-CN': {
        title: '存活堆在多次 GC 之后持续增长',
        why: '每次 GC 后存活的堆稳定增长：有东西一直持有内存，常见的是泄漏的 goroutine（连同它们的栈和引用的一切）或者没有上限的缓存。',
        fix: '间隔几分钟各取两份 goroutine dump 和两份 heap profile 进行对比（goroutine 可以用 `gohazard analyze before.txt after.txt`）。',
      },
    },
    sources: ['gctrace'],
  },
  {
    id: 'gctrace-forced-gc',
    family: 'starvation',
    severity: 'info',
    title: 'forced garbage collections (runtime.GC / debug.FreeOSMemory)',
    why: 'The program triggers collections itself. Each forced GC is a full, blocking collection in the calling goroutine and rarely helps.',
    fix: 'Remove periodic runtime.GC()/debug.FreeOSMemory() calls; tune GOGC or GOMEMLIMIT instead.',
    i18n: {
      'zh-CN': {
        title: '强制垃圾回收（runtime.GC / debug.FreeOSMemory）',
        why: '程序自己触发了垃圾回收。每次强制 GC 都是在调用它的 goroutine 中进行的一次完整的阻塞式回收，很少有帮助。',
        fix: '去掉周期性的 runtime.GC()/debug.FreeOSMemory() 调用；改为调整 GOGC 或 GOMEMLIMIT。',
      },
    },
    sources: ['gctrace'],
  },
  {
    id: 'gctrace-long-pause',
    family: 'starvation',
    severity: 'warning',
    title: 'long stop-the-world GC pauses',
    why: 'The stop-the-world phases of a GC cycle (sweep termination + mark termination) took long: every goroutine was stopped meanwhile. Causes include long non-preemptible loops (before Go 1.14), huge numbers of goroutines, or an overloaded machine.',
    fix: 'Check CPU throttling of the container, goroutine counts, and tight loops in cgo or assembly; upgrade old Go versions.',
    i18n: {
      'zh-CN': {
        title: 'GC 的 stop-the-world 停顿过长',
        why: 'GC 周期的 stop-the-world 阶段（sweep termination + mark termination）耗时很长：期间所有 goroutine 都被暂停。原因包括无法被抢占的长循环（Go 1.14 之前）、数量巨大的 goroutine，或者机器过载。',
        fix: '检查容器的 CPU 限流、goroutine 数量，以及 cgo 或汇编中的紧密循环；升级旧版本的 Go。',
      },
    },
    sources: ['gctrace'],
  },
];

export const ARTIFACT_RULES: readonly ArtifactRule[] = rules;

const byId = new Map(rules.map((r) => [r.id, r]));

export function artifactRule(id: string): ArtifactRule {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown artifact rule ${id}`);
  return r;
}
