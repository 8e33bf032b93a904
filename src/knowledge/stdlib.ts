// Facts about the Go standard library that concurrency rules need: what std functions return,
// which methods lock, signal or block. Tables only; no logic that reports.

import { ChanDir } from '../parse/ast.js';
import { type LType, named, ptr, tuple, UNKNOWN } from '../model/types.js';

const context = named('context', 'Context');
const cancelFunc = named('context', 'CancelFunc');
const cancelCauseFunc = named('context', 'CancelCauseFunc');
const timeChan: LType = { k: 'chan', dir: ChanDir.RECV, elem: named('time', 'Time') };
const err = named('', 'error');
const unsafePointer = named('unsafe', 'Pointer');

/** Result types of package-level std functions, keyed "importpath.Name". */
export const STD_FUNC_RESULTS: ReadonlyMap<string, LType> = new Map<string, LType>([
  ['context.Background', context],
  ['context.TODO', context],
  ['context.WithCancel', tuple(context, cancelFunc)],
  ['context.WithTimeout', tuple(context, cancelFunc)],
  ['context.WithDeadline', tuple(context, cancelFunc)],
  ['context.WithCancelCause', tuple(context, cancelCauseFunc)],
  ['context.WithTimeoutCause', tuple(context, cancelFunc)],
  ['context.WithDeadlineCause', tuple(context, cancelFunc)],
  ['context.WithValue', context],
  ['context.WithoutCancel', context],
  ['context.AfterFunc', { k: 'func', params: [], results: [{ k: 'basic', name: 'bool' }], variadic: false }],
  ['os/signal.NotifyContext', tuple(context, cancelFunc)],
  ['time.NewTicker', ptr(named('time', 'Ticker'))],
  ['time.NewTimer', ptr(named('time', 'Timer'))],
  ['time.AfterFunc', ptr(named('time', 'Timer'))],
  ['time.After', timeChan],
  ['time.Tick', timeChan],
  ['time.Now', named('time', 'Time')],
  ['time.Since', named('time', 'Duration')],
  ['golang.org/x/sync/errgroup.WithContext', tuple(ptr(named('golang.org/x/sync/errgroup', 'Group')), context)],
  ['golang.org/x/sync/semaphore.NewWeighted', ptr(named('golang.org/x/sync/semaphore', 'Weighted'))],
  ['sync.NewCond', ptr(named('sync', 'Cond'))],
  ['os.Open', tuple(ptr(named('os', 'File')), err)],
  ['os.Create', tuple(ptr(named('os', 'File')), err)],
  ['os.OpenFile', tuple(ptr(named('os', 'File')), err)],
  ['net.Dial', tuple(named('net', 'Conn'), err)],
  ['net.Listen', tuple(named('net', 'Listener'), err)],
  ['net/http.Get', tuple(ptr(named('net/http', 'Response')), err)],
  ['net/http.Post', tuple(ptr(named('net/http', 'Response')), err)],
  ['net/http.NewRequest', tuple(ptr(named('net/http', 'Request')), err)],
  ['net/http.NewRequestWithContext', tuple(ptr(named('net/http', 'Request')), err)],
  ['net/http.NewServeMux', ptr(named('net/http', 'ServeMux'))],
  ['os/exec.Command', ptr(named('os/exec', 'Cmd'))],
  ['os/exec.CommandContext', ptr(named('os/exec', 'Cmd'))],
  ['C.malloc', unsafePointer],
  ['C.calloc', unsafePointer],
  ['C.realloc', unsafePointer],
  ['C.CString', ptr(named('C', 'char'))],
  ['C.CBytes', unsafePointer],
]);

/** Result types of std methods, keyed "importpath.Type.Method" (receiver's named type). */
export const STD_METHOD_RESULTS: ReadonlyMap<string, LType> = new Map<string, LType>([
  ['context.Context.Done', { k: 'chan', dir: ChanDir.RECV, elem: { k: 'struct', node: null } }],
  ['context.Context.Err', err],
  ['net/http.Request.Context', context],
  ['sync.Pool.Get', { k: 'iface', node: null }],
  ['sync.Map.Load', tuple({ k: 'iface', node: null }, { k: 'basic', name: 'bool' })],
  ['time.Ticker.C', timeChan],
  ['time.Timer.C', timeChan],
  ['testing.T.Context', context],
  ['testing.B.Context', context],
]);

/** Package names (last path element) that are usually imported under that name. */
export const WELL_KNOWN_IMPORTS: ReadonlyMap<string, string> = new Map([
  ['errgroup', 'golang.org/x/sync/errgroup'],
  ['semaphore', 'golang.org/x/sync/semaphore'],
  ['singleflight', 'golang.org/x/sync/singleflight'],
]);

/** sync/atomic package functions, by the operation they perform. */
export const ATOMIC_FUNC_OPS: ReadonlyMap<string, 'load' | 'store' | 'add' | 'swap' | 'cas' | 'and' | 'or'> = (() => {
  const ops = new Map<string, 'load' | 'store' | 'add' | 'swap' | 'cas' | 'and' | 'or'>();
  for (const t of ['Int32', 'Int64', 'Uint32', 'Uint64', 'Uintptr', 'Pointer']) {
    ops.set('Load' + t, 'load');
    ops.set('Store' + t, 'store');
    ops.set('Swap' + t, 'swap');
    ops.set('CompareAndSwap' + t, 'cas');
    if (t !== 'Pointer') ops.set('Add' + t, 'add');
    if (t !== 'Pointer') {
      ops.set('And' + t, 'and');
      ops.set('Or' + t, 'or');
    }
  }
  return ops;
})();

/** Functions that register an HTTP handler: the argument index that holds the handler. */
export const HTTP_HANDLER_REGISTRATION: ReadonlyMap<string, number> = new Map([
  ['HandleFunc', 1],
  ['Handle', 1],
  ['HandlerFunc', 0],
]);

/** Methods of a *sync.Mutex / *sync.RWMutex and what they do to the lock. */
export const LOCK_METHODS: ReadonlyMap<string, 'lock' | 'unlock' | 'rlock' | 'runlock' | 'trylock' | 'tryrlock'> = new Map([
  ['Lock', 'lock'],
  ['Unlock', 'unlock'],
  ['RLock', 'rlock'],
  ['RUnlock', 'runlock'],
  ['TryLock', 'trylock'],
  ['TryRLock', 'tryrlock'],
]);

export { UNKNOWN };

/** Package functions that never return to their caller. */
export const NO_RETURN_FUNCS: ReadonlySet<string> = new Set([
  'os.Exit',
  'syscall.Exit',
  'runtime.Goexit',
  'log.Fatal',
  'log.Fatalf',
  'log.Fatalln',
  'log.Panic',
  'log.Panicf',
  'log.Panicln',
]);

/** Methods that never return, on testing.T/B/F/TB and log.Logger (receiver type unknown is fine). */
export const NO_RETURN_METHODS: ReadonlySet<string> = new Set(['Fatal', 'Fatalf', 'Fatalln', 'FailNow', 'Skip', 'Skipf', 'SkipNow', 'Panic', 'Panicf', 'Panicln', 'Goexit']);
