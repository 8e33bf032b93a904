// What a goroutine is waiting for, from its bracket state and its frames. Text dumps give the wait
// reason; profiles (debug=1, protobuf) give only frames, so both paths end in the same vocabulary.

import { type Frame, isRuntimeFrame } from '../frames.js';

export type WaitKind =
  | 'chan-send'
  | 'chan-receive'
  | 'nil-chan'
  | 'select'
  | 'select-forever'
  | 'mutex'
  | 'waitgroup'
  | 'cond'
  | 'sleep'
  | 'io'
  | 'syscall'
  | 'running'
  | 'runnable'
  | 'runtime'
  | 'unknown';

/** Waits that only another goroutine can end (the ones that make deadlocks and leaks). */
export function isBlockingWait(k: WaitKind): boolean {
  return k === 'chan-send' || k === 'chan-receive' || k === 'nil-chan' || k === 'select' || k === 'select-forever' || k === 'mutex' || k === 'waitgroup' || k === 'cond';
}

export type WaitCategory = 'channel' | 'mutex' | 'waitgroup' | 'cond' | 'other';

export function waitCategory(k: WaitKind): WaitCategory {
  switch (k) {
    case 'chan-send':
    case 'chan-receive':
    case 'nil-chan':
    case 'select':
    case 'select-forever':
      return 'channel';
    case 'mutex':
    case 'waitgroup':
    case 'cond':
      return k;
    default:
      return 'other';
  }
}

const DESCRIPTIONS: Record<WaitKind, string> = {
  'chan-send': 'blocked sending on a channel',
  'chan-receive': 'blocked receiving from a channel',
  'nil-chan': 'blocked on a nil channel (forever)',
  select: 'blocked in select',
  'select-forever': 'blocked in select {} (forever, by design)',
  mutex: 'waiting to acquire a mutex',
  waitgroup: 'waiting in WaitGroup.Wait',
  cond: 'waiting in sync.Cond.Wait',
  sleep: 'sleeping',
  io: 'waiting for network I/O',
  syscall: 'in a system call or cgo call',
  running: 'running',
  runnable: 'runnable',
  runtime: 'in a runtime-internal wait',
  unknown: 'parked',
};

export function describeWait(k: WaitKind): string {
  return DESCRIPTIONS[k];
}

/** From a text dump's bracket state, refined by frames where the state is ambiguous (`semacquire`). */
export function waitKindOf(state: string, frames: readonly Frame[]): WaitKind {
  if (state.startsWith('chan send (nil') || state.startsWith('chan receive (nil')) return 'nil-chan';
  if (state.startsWith('chan send')) return 'chan-send';
  if (state.startsWith('chan receive')) return 'chan-receive';
  if (state.startsWith('select (no cases)')) return 'select-forever';
  if (state.startsWith('select')) return 'select';
  if (state.startsWith('sync.Mutex') || state.startsWith('sync.RWMutex')) return 'mutex';
  if (state.startsWith('sync.WaitGroup')) return 'waitgroup';
  if (state.startsWith('sync.Cond')) return 'cond';
  if (state === 'semacquire') return waitKindFromFrames(frames) ?? 'mutex';
  if (state === 'sleep') return 'sleep';
  if (state === 'IO wait') return 'io';
  if (state === 'syscall') return 'syscall';
  if (state === 'running') return 'running';
  if (state === 'runnable') return 'runnable';
  if (/^(GC |finalizer|force gc|timer goroutine|trace reader|wait for GC|cleanup wait|GOMAXPROCS updater)/.test(state)) return 'runtime';
  return waitKindFromFrames(frames) ?? 'unknown';
}

/** From frames alone (profiles): the innermost sync / channel / poll call tells the wait. */
export function waitKindFromFrames(frames: readonly Frame[]): WaitKind | undefined {
  for (const f of frames) {
    const fn = f.func;
    if (fn === 'sync.(*WaitGroup).Wait') return 'waitgroup';
    if (fn === 'sync.(*Cond).Wait' || fn === 'sync.runtime_notifyListWait') return 'cond';
    if (fn === 'sync.runtime_SemacquireMutex' || fn === 'sync.runtime_SemacquireRWMutex' || fn === 'sync.runtime_SemacquireRWMutexR') return 'mutex';
    if (fn === 'sync.(*Mutex).Lock' || fn === 'sync.(*RWMutex).Lock' || fn === 'sync.(*RWMutex).RLock' || fn === 'sync.(*Mutex).lockSlow') return 'mutex';
    if (fn === 'internal/poll.runtime_pollWait') return 'io';
    if (fn === 'time.Sleep') return 'sleep';
    if (fn === 'runtime.chansend1' || fn === 'runtime.chansend') return 'chan-send';
    if (fn === 'runtime.chanrecv1' || fn === 'runtime.chanrecv2' || fn === 'runtime.chanrecv') return 'chan-receive';
    if (fn === 'runtime.selectgo') return 'select';
    if (fn === 'runtime.block') return 'select-forever';
    if (fn.startsWith('syscall.') || fn === 'runtime.cgocall') return 'syscall';
    if (!isRuntimeFrame(f) && fn !== 'sync.runtime_Semacquire') return undefined;
  }
  return undefined;
}
