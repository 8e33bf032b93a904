// The rule registry: every rule, one import per rule file (tests check nothing is missing).

import type { Rule } from '../engine/rule.js';
import channelCloseByReceiver from './channel-misuse/channel-close-by-receiver.js';
import channelDoubleClose from './channel-misuse/channel-double-close.js';
import channelNilOp from './channel-misuse/channel-nil-op.js';
import channelSelectBusyLoop from './channel-misuse/channel-select-busy-loop.js';
import channelSelfDeadlock from './channel-misuse/channel-self-deadlock.js';
import channelSendAfterClose from './channel-misuse/channel-send-after-close.js';
import channelSignalNotifyUnbuffered from './channel-misuse/channel-signal-notify-unbuffered.js';
import contextBackgroundInScope from './context/context-background-in-scope.js';
import contextLostCancel from './context/context-lost-cancel.js';
import contextNotPropagated from './context/context-not-propagated.js';
import goroutineLeakEarlyReturn from './goroutine-leak/goroutine-leak-early-return.js';
import goroutineLeakNeverClosed from './goroutine-leak/goroutine-leak-never-closed.js';
import goroutineLeakNoExit from './goroutine-leak/goroutine-leak-no-exit.js';
import lockCopied from './lock-misuse/lock-copied.js';
import lockDeferUnlockInLoop from './lock-misuse/lock-defer-unlock-in-loop.js';
import lockDeferredLock from './lock-misuse/lock-deferred-lock.js';
import lockDoubleLock from './lock-misuse/lock-double-lock.js';
import lockEmptyCriticalSection from './lock-misuse/lock-empty-critical-section.js';
import lockHeldWhileBlocking from './lock-misuse/lock-held-while-blocking.js';
import lockMismatchedUnlock from './lock-misuse/lock-mismatched-unlock.js';
import lockMissingUnlock from './lock-misuse/lock-missing-unlock.js';
import lockOrderInversion from './lock-misuse/lock-order-inversion.js';
import lockRecursiveRlock from './lock-misuse/lock-recursive-rlock.js';
import lockSemaphoreLeak from './lock-misuse/lock-semaphore-leak.js';
import waitgroupAddInGoroutine from './waitgroup/waitgroup-add-in-goroutine.js';
import waitgroupByValue from './waitgroup/waitgroup-by-value.js';
import waitgroupDoneMissing from './waitgroup/waitgroup-done-missing.js';
import waitgroupNegativeCounter from './waitgroup/waitgroup-negative-counter.js';
import waitgroupWaitMissing from './waitgroup/waitgroup-wait-missing.js';
import waitgroupWaitUnderLock from './waitgroup/waitgroup-wait-under-lock.js';
import mapConcurrentIteration from './map-concurrency/map-concurrent-iteration.js';
import mapConcurrentReadWrite from './map-concurrency/map-concurrent-read-write.js';
import mapConcurrentWrite from './map-concurrency/map-concurrent-write.js';
import mapPoolPutInUse from './map-concurrency/map-pool-put-in-use.js';
import mapWriteUnderRlock from './map-concurrency/map-write-under-rlock.js';
import tickerNotStopped from './timer/ticker-not-stopped.js';
import timeAfterInLoop from './timer/time-after-in-loop.js';
import timeTickLeak from './timer/time-tick-leak.js';
import timerResetResultUsed from './timer/timer-reset-result-used.js';
import cgoCallInHotLoop from './cgo/cgo-call-in-hot-loop.js';
import cgoCmemLeak from './cgo/cgo-cmem-leak.js';
import cgoExportBlocksForever from './cgo/cgo-export-blocks-forever.js';
import cgoFinalizerOnCMemory from './cgo/cgo-finalizer-on-c-memory.js';
import cgoFreeWhileRetained from './cgo/cgo-free-while-retained.js';
import cgoGoPointerToC from './cgo/cgo-go-pointer-to-c.js';
import cgoLockOsThreadUnpaired from './cgo/cgo-lock-os-thread-unpaired.js';
import atomicAssignResult from './sync-pool-atomic/atomic-assign-result.js';
import atomicMixedAccess from './sync-pool-atomic/atomic-mixed-access.js';
import atomicTimeBucketNeverReset from './sync-pool-atomic/atomic-time-bucket-never-reset.js';
import cowLostUpdate from './sync-pool-atomic/cow-lost-update.js';
import poolOfCloseables from './sync-pool-atomic/pool-of-closeables.js';
import poolPutNonPointer from './sync-pool-atomic/pool-put-non-pointer.js';
import poolPutWithoutGet from './sync-pool-atomic/pool-put-without-get.js';
import poolPutWithoutReset from './sync-pool-atomic/pool-put-without-reset.js';
import poolUseAfterPut from './sync-pool-atomic/pool-use-after-put.js';
import loopVarCapture from './data-race/loop-var-capture.js';
import raceAppendSharedSlice from './data-race/race-append-shared-slice.js';
import raceReadWithoutJoin from './data-race/race-read-without-join.js';
import raceSharedVariable from './data-race/race-shared-variable.js';
import starvationSpinWait from './starvation/starvation-spin-wait.js';
import starvationUnboundedGoroutines from './starvation/starvation-unbounded-goroutines.js';
import starvationIoLoopUnderLock from './starvation/starvation-io-loop-under-lock.js';

export const RULES: readonly Rule[] = [
  mapConcurrentWrite,
  mapConcurrentReadWrite,
  mapConcurrentIteration,
  mapWriteUnderRlock,
  mapPoolPutInUse,
  contextLostCancel,
  contextBackgroundInScope,
  contextNotPropagated,
  tickerNotStopped,
  timeAfterInLoop,
  timeTickLeak,
  timerResetResultUsed,
  lockCopied,
  lockDeferUnlockInLoop,
  lockDeferredLock,
  lockDoubleLock,
  lockEmptyCriticalSection,
  lockHeldWhileBlocking,
  lockMismatchedUnlock,
  lockMissingUnlock,
  lockOrderInversion,
  lockRecursiveRlock,
  lockSemaphoreLeak,
  waitgroupAddInGoroutine,
  waitgroupByValue,
  waitgroupDoneMissing,
  waitgroupNegativeCounter,
  waitgroupWaitMissing,
  waitgroupWaitUnderLock,
  goroutineLeakEarlyReturn,
  goroutineLeakNeverClosed,
  goroutineLeakNoExit,
  channelDoubleClose,
  channelSendAfterClose,
  channelCloseByReceiver,
  channelNilOp,
  channelSelfDeadlock,
  channelSelectBusyLoop,
  channelSignalNotifyUnbuffered,
  cgoCmemLeak,
  cgoFreeWhileRetained,
  cgoFinalizerOnCMemory,
  cgoLockOsThreadUnpaired,
  cgoExportBlocksForever,
  cgoGoPointerToC,
  cgoCallInHotLoop,
  poolPutWithoutReset,
  poolUseAfterPut,
  poolPutWithoutGet,
  poolPutNonPointer,
  poolOfCloseables,
  atomicMixedAccess,
  atomicAssignResult,
  atomicTimeBucketNeverReset,
  cowLostUpdate,
  loopVarCapture,
  raceSharedVariable,
  raceAppendSharedSlice,
  raceReadWithoutJoin,
  starvationSpinWait,
  starvationUnboundedGoroutines,
  starvationIoLoopUnderLock,
];

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
