import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { functionsCallingMethods } from '../../model/calls.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import type { LType } from '../../model/types.js';
import { inspect } from '../../parse/walk.js';

/** Types whose Read/Write/Flush/Sync/Encode reach a file, pipe or socket. */
const IO_TYPES = new Set([
  'os.File',
  'io.Writer',
  'io.Reader',
  'io.ReadWriter',
  'io.WriteCloser',
  'io.ReadCloser',
  'io.ReadWriteCloser',
  'net.Conn',
  'net.TCPConn',
  'net.UnixConn',
  'net/http.ResponseWriter',
  'encoding/json.Encoder',
  'encoding/gob.Encoder',
  'encoding/csv.Writer',
]);
const IO_METHODS = /^(Write|WriteString|WriteAt|WriteTo|Read|ReadAt|ReadFrom|Sync|Encode|WriteAll)$/;
const IO_FUNCS = new Set(['io.Copy', 'io.CopyN', 'io.WriteString', 'io.ReadFull', 'io.ReadAll', 'os.WriteFile', 'os.ReadFile', 'io/ioutil.WriteFile', 'io/ioutil.ReadFile', 'io/ioutil.ReadAll']);
const ENCODER_CTORS = new Set(['encoding/json.NewEncoder', 'encoding/gob.NewEncoder', 'encoding/csv.NewWriter']);
const FPRINT = new Set(['fmt.Fprint', 'fmt.Fprintf', 'fmt.Fprintln']);

export default defineRule({
  meta: {
    id: 'starvation-io-loop-under-lock',
    family: 'starvation',
    severity: 'warning',
    category: 'performance',
    title: 'loop doing file or stream I/O on every iteration while a mutex is held',
    docs: {
      why:
        'A critical section should be as short as the update it protects. A loop that writes every entry of a map to ' +
        'a file, a socket or an HTTP response while holding the mutex makes its length grow with the data and with ' +
        'the speed of the disk or the peer: a snapshot of 100 000 entries to a slow disk, or a client reading the ' +
        'response slowly, keeps every other goroutine that needs the mutex waiting — request handlers queue up ' +
        'behind it (a lock convoy), and their latency becomes the duration of the whole dump.\n\n' +
        'lock-held-while-blocking reports single sleeps, network calls and waits under a lock; it leaves file I/O ' +
        'out. This rule reports the case that grows with the data: a loop, inside the locked region, that calls ' +
        'Write/Read/Sync/Encode on an *os.File, io.Writer, io.Reader, net.Conn, http.ResponseWriter or an encoder, ' +
        'or io.Copy, fmt.Fprintf and friends. Writes to bytes.Buffer, strings.Builder and hashes are memory ' +
        'operations and are not reported.',
      bad: `package store

import (
	"fmt"
	"os"
	"sync"
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *Store) Snapshot(f *os.File) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.data {
		if _, err := fmt.Fprintf(f, "%s=%s\\n", k, v); err != nil {
			return err
		}
	}
	return f.Sync()
}
`,
      good: `package store

import (
	"fmt"
	"os"
	"sync"
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *Store) Snapshot(f *os.File) error {
	s.mu.Lock()
	copyOf := make(map[string]string, len(s.data))
	for k, v := range s.data {
		copyOf[k] = v
	}
	s.mu.Unlock()
	for k, v := range copyOf {
		if _, err := fmt.Fprintf(f, "%s=%s\\n", k, v); err != nil {
			return err
		}
	}
	return f.Sync()
}
`,
      fix:
        'Copy what the loop needs under the lock (or format it into a bytes.Buffer), release the lock, then do the ' +
        'I/O. If the output must be consistent with later updates, use a snapshot (copy-on-write) or a separate ' +
        'mutex for the writer so that readers and updaters are not blocked by the disk.',
      seeAlso: ['lock-held-while-blocking', 'pprof mutex and block profiles'],
    },
    messages: {
      ioLoop:
        '{call} runs on every iteration of this loop while {lock} is held (locked at {lockedAt}): the critical section grows with the data and the speed of the file or peer, and every goroutine that needs {lock} waits for all of it',
    },
    help: {
      ioLoop: 'Copy the data under {lock}, unlock, then write; or build the output in a bytes.Buffer under the lock and write it after Unlock.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '持有 mutex 期间，循环的每次迭代都做文件或流 I/O',
        why: '临界区应该和它保护的更新一样短。一个在持有 mutex 的同时把 map 的每个条目写入文件、socket 或 HTTP 响应的循环，其长度会随数据量以及磁盘或对端的速度增长：把 10 万个条目快照到一块慢盘上，或者客户端读取响应很慢，都会让所有需要这个 mutex 的 goroutine 一直等待——请求 handler 在它后面排队（锁护航），它们的延迟就变成了整个导出的时长。\n\nlock-held-while-blocking 报告持锁期间的单次 sleep、网络调用和等待；它不管文件 I/O。本规则报告会随数据增长的情况：在加锁区域内的循环中，对 *os.File、io.Writer、io.Reader、net.Conn、http.ResponseWriter 或编码器调用 Write/Read/Sync/Encode，或者调用 io.Copy、fmt.Fprintf 等函数。写入 bytes.Buffer、strings.Builder 和哈希属于内存操作，不报告。',
        fix: '在锁内复制循环需要的数据（或者格式化到 bytes.Buffer 中），释放锁，然后再做 I/O。如果输出必须与之后的更新保持一致，使用快照（写时复制），或者给写出方单独一把 mutex，让读者和更新者不被磁盘阻塞。',
        messages: {
          ioLoop: '持有 {lock}（在 {lockedAt} 加锁）时，这个循环的每次迭代都执行 {call}：临界区随数据量以及文件或对端的速度增长，所有需要 {lock} 的 goroutine 都要等它全部完成',
        },
        help: {
          ioLoop: '在 {lock} 下复制数据，解锁，然后再写出；或者在锁内把输出构建到 bytes.Buffer 中，Unlock 之后再写出。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()'],
  },
  checkPackage(ctx) {
    // a critical section starts with a Lock or RLock statement of the block's function
    const locking = functionsCallingMethods(ctx.pkg, ['Lock', 'RLock']);
    for (const file of ctx.pkg.files) {
      if (file.isGenerated) continue;
      for (const block of ctx.pkg.nodesOfKind('BlockStmt', file.ast)) {
        const fn = ctx.pkg.enclosingFunction(block);
        if (fn !== null && locking.has(fn)) checkBlock(ctx, block);
      }
    }
  },
});

/** `x.Lock()` / `x.RLock()` as a statement: the receiver's text. */
function lockOf(ctx: RuleContext, s: ast.Stmt, names: RegExp): string | null {
  const call = s.kind === 'ExprStmt' ? s.x : s.kind === 'DeferStmt' ? s.call : null;
  if (!call || call.kind !== 'CallExpr' || call.args.length !== 0) return null;
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || !names.test(fun.sel.name)) return null;
  const t = TypeInfo.of(ctx.pkg).typeOf(fun.x);
  const s2 = typeName(TypeInfo.of(ctx.pkg), t);
  if (s2 !== null && s2 !== 'sync.Mutex' && s2 !== 'sync.RWMutex') return null;
  const f = ctx.pkg.fileOfNode(fun.x);
  return f ? f.src.slice(fun.x.pos, fun.x.end) : null;
}

function checkBlock(ctx: RuleContext, block: ast.BlockStmt): void {
  const list = block.list;
  for (let i = 0; i < list.length; i++) {
    const lock = lockOf(ctx, list[i]!, /^R?Lock$/);
    if (lock === null || list[i]!.kind !== 'ExprStmt') continue;
    let end = list.length;
    for (let j = i + 1; j < list.length; j++) {
      const s = list[j]!;
      const u = lockOf(ctx, s, /^R?Unlock$/);
      if (u === lock && s.kind === 'ExprStmt') {
        end = j;
        break;
      }
    }
    for (let j = i + 1; j < end; j++) {
      const s = list[j]!;
      if (s.kind !== 'ForStmt' && s.kind !== 'RangeStmt') continue;
      const call = ioCall(ctx, s.body);
      if (!call) continue;
      const f = ctx.pkg.fileOfNode(call);
      const text = f ? f.src.slice(call.fun.pos, call.fun.end) + '(...)' : 'I/O';
      ctx.report({
        node: call,
        messageId: 'ioLoop',
        data: { call: text, lock, lockedAt: `line ${f ? f.lines.position(list[i]!.pos).line : '?'}` },
        related: [
          { node: list[i]!, message: `${lock} is locked here` },
          { node: { ...s, end: s.pos + 3 } as ast.Node, message: 'the loop runs with the lock held' },
        ],
      });
    }
  }
}

function typeName(ti: TypeInfo, t: LType): string | null {
  let x = t;
  if (x.k === 'ptr') x = x.elem;
  if (x.k === 'named') return `${x.pkg}.${x.name}`;
  void ti;
  return null;
}

/** The first file or stream I/O call in the loop body (closures excluded). */
function ioCall(ctx: RuleContext, body: ast.BlockStmt): ast.CallExpr | null {
  const ti = TypeInfo.of(ctx.pkg);
  let found: ast.CallExpr | null = null;
  inspect(body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind !== 'CallExpr') return true;
    const q = ti.qualifiedCallee(n);
    if (q !== null && IO_FUNCS.has(q)) found = n;
    else if (q !== null && FPRINT.has(q) && n.args.length > 0 && isIO(ctx, ti, n.args[0]!)) found = n;
    else {
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr' && IO_METHODS.test(fun.sel.name) && isIO(ctx, ti, fun.x)) found = n;
    }
    return true;
  });
  return found;
}

function isIO(ctx: RuleContext, ti: TypeInfo, e: ast.Expr): boolean {
  const name = typeName(ti, ti.typeOf(e));
  if (name !== null) return IO_TYPES.has(name);
  // enc := json.NewEncoder(w): an encoder over a stream (not over a bytes.Buffer)
  const x = unparenExpr(e);
  const b = x.kind === 'Ident' ? ctx.pkg.bindingOf(x) : undefined;
  if (!b || b.kind !== 'var' || b.source.k !== 'init' || b.source.ofTuple) return false;
  const init = unparenExpr(b.source.expr);
  if (init.kind !== 'CallExpr' || init.args.length === 0) return false;
  const q = ti.qualifiedCallee(init);
  return q !== null && ENCODER_CTORS.has(q) && isIO(ctx, ti, init.args[0]!);
}
