import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { atLeast } from '../../model/goversion.js';
import { originOf, type PooledKind, pooledKind, pools, putValue, resetBetween } from '../../model/pools.js';
import type { Binding } from '../../model/scope.js';
import { inspect } from '../../parse/walk.js';
import { builtinName } from '../../model/calls.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';

export default defineRule({
  meta: {
    id: 'pool-put-without-reset',
    family: 'sync-pool-atomic',
    severity: 'warning',
    category: 'correctness',
    title: 'pooled map, slice or buffer put back without being reset',
    docs: {
      why:
        'sync.Pool hands the object to the next Get exactly as it was put back, in whatever goroutine and request ' +
        'asks next. A map that is not cleared still holds the previous request\'s entries (headers, user ids, tokens), ' +
        'a slice that is not truncated still has its old length and elements, and a bytes.Buffer that is not Reset ' +
        'makes the next writer append after the previous output. The result is data leaking across requests, usually ' +
        'noticed in production only. Nothing is reported when every Get of the pool resets the value first.',
      bad: `package p

import (
	"net/http"
	"sync"
)

var headerPool = sync.Pool{New: func() any { return make(map[string]string) }}

func tag(w http.ResponseWriter, r *http.Request) {
	m := headerPool.Get().(map[string]string)
	m["user"] = r.Header.Get("X-User")
	w.Header().Set("X-Seen", m["user"])
	headerPool.Put(m)
}
`,
      good: `package p

import (
	"net/http"
	"sync"
)

var headerPool = sync.Pool{New: func() any { return make(map[string]string) }}

func tag(w http.ResponseWriter, r *http.Request) {
	m := headerPool.Get().(map[string]string)
	m["user"] = r.Header.Get("X-User")
	w.Header().Set("X-Seen", m["user"])
	clear(m)
	headerPool.Put(m)
}
`,
      fix: 'Reset the value right before Put (`clear(m)`, `buf.Reset()`, `*bp = b[:0]`), or right after every Get. For maps before Go 1.21, delete every key in a range loop.',
      seeAlso: ['https://pkg.go.dev/sync#Pool', 'seed 002 §2.4 and 004 §3.3: pooled header maps'],
    },
    messages: {
      map: '{value} goes back to {pool} without being cleared: the next Get, in any goroutine, sees the entries written here',
      slice: '{value} goes back to {pool} with its length: the next Get sees the elements written here unless it truncates the slice',
      buffer: '{value} goes back to {pool} without Reset: the next Get appends after the bytes written here',
    },
    help: {
      map: 'clear the map before Put ({clear}), or clear it after every Get',
      slice: 'put back the truncated slice ({truncate}), or truncate it after every Get',
      buffer: 'call {value}.Reset() before Put, or after every Get',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '池化的 map、slice 或缓冲区未重置就放回',
        why: 'sync.Pool 会把对象原样交给下一次 Get，无论发起 Get 的是哪个 goroutine、哪个请求。没有清空的 map 仍然保存着上一个请求的条目（请求头、用户 ID、token），没有截断的 slice 仍然保留旧的长度和元素，没有 Reset 的 bytes.Buffer 会让下一个写者接在上一次的输出后面写。结果就是数据在请求之间泄漏，而且通常要到生产环境才会被发现。如果该池的每次 Get 之后都会先重置值，则不报告。',
        fix: '在 Put 之前重置值（`clear(m)`、`buf.Reset()`、`*bp = b[:0]`），或者在每次 Get 之后立即重置。Go 1.21 之前的 map 用 range 循环逐个 delete。',
        messages: {
          map: '{value} 未清空就放回 {pool}：下一次 Get（在任意 goroutine 中）会看到这里写入的条目',
          slice: '{value} 带着原有长度放回 {pool}：除非下一次 Get 截断 slice，否则会看到这里写入的元素',
          buffer: '{value} 未 Reset 就放回 {pool}：下一次 Get 会接在这里写入的字节后面继续写',
        },
        help: {
          map: '在 Put 之前清空 map（{clear}），或者在每次 Get 之后清空',
          slice: '放回截断后的 slice（{truncate}），或者在每次 Get 之后截断',
          buffer: '在 Put 之前调用 {value}.Reset()，或者在每次 Get 之后调用',
        },
      },
    },
    since: '0.1.0',
    mentions: ['.Put('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const p = pools(pkg);
    if (p.puts.length === 0) return;
    const ti = TypeInfo.of(pkg);
    const resetOnGet = new Map<string, boolean>();
    const everyGetResets = (pool: string): boolean => {
      let v = resetOnGet.get(pool);
      if (v === undefined) {
        const gets = p.gets.filter((g) => g.pool === pool);
        v = gets.length > 0 && gets.every((g) => g.value !== null && resetBetween(pkg, g.fn, g.value, g.call.end, g.fn.end));
        resetOnGet.set(pool, v);
      }
      return v;
    };
    for (const put of p.puts) {
      const { binding: v, resetsItself } = putValue(pkg, put.arg);
      if (!v || resetsItself || v.role !== 'local') continue;
      const origin = originOf(pkg, p, v);
      if (!origin) continue;
      // a value taken from another pool, or made here: either way it carries what was written
      const getType = origin.k === 'get' ? origin.get?.type ?? null : null;
      const kind = pooledKind(pkg, getType ?? ti.bindingType(v));
      if (!kind) continue;
      if (origin.k === 'get' && everyGetResets(origin.pool)) continue;
      if (everyGetResets(put.pool)) continue;
      const from = origin.at.end;
      const to = put.deferred ? put.fn.end : put.call.pos;
      const owner = v.owner ?? put.fn;
      if (resetBetween(pkg, owner, v, from, put.deferred ? owner.end : to)) continue;
      if (!usedBetween(ctx, owner, v, from, put.deferred ? owner.end : to, put.call)) continue;
      // a fixed-length scratch slice (read into, indexed) leaves nothing behind; one grown by append does
      if ((kind === 'slice' || kind === 'slice-pointer') && !appendsTo(ctx, owner, v, from, put.deferred ? owner.end : to)) continue;
      const name = v.name;
      ctx.report({
        node: put.call,
        messageId: kind === 'slice-pointer' ? 'slice' : kind,
        data: {
          value: name,
          pool: put.poolText,
          clear: atLeast(ctx.goVersion, 21) ? `clear(${name})` : `for k := range ${name} { delete(${name}, k) }`,
          truncate: kind === 'slice' ? `${put.poolText}.Put(${name}[:0])` : `*${name} = (*${name})[:0]`,
        },
        related: [{ node: origin.at, message: origin.k === 'get' ? `${name} is taken from the pool here` : `${name} is made here` }],
        fixes: resetFix(ctx, kind, put, name),
      });
    }
  },
});

/** The value is touched between where it was obtained and the Put: something was written into it. */
function usedBetween(ctx: RuleContext, fn: ast.Node, v: Binding, from: number, to: number, put: ast.CallExpr): boolean {
  let used = false;
  inspect(fn, (n) => {
    if (used) return false;
    if (n.end <= from || n.pos >= to) return false;
    if (n.pos >= put.pos && n.end <= put.end) return false;
    if (n.kind === 'Ident' && n !== v.ident && ctx.pkg.bindingOf(n) === v && !readOnlyUse(ctx, n)) used = true;
    return true;
  });
  return used;
}

/**
 * Between `from` and `to`, `append` grows the slice: its first argument is the value, `*v`, or a
 * local copied from it (`b := *bp; b = append(b, x)`).
 */
function appendsTo(ctx: RuleContext, fn: ast.Node, v: Binding, from: number, to: number): boolean {
  const pkg = ctx.pkg;
  const family = new Set<Binding>([v]);
  const mentions = (e: ast.Node): boolean => {
    let hit = false;
    inspect(e, (n) => {
      if (hit) return false;
      if (n.kind === 'Ident') {
        const b = pkg.bindingOf(n);
        if (b && family.has(b) && n !== b.ident) hit = true;
      }
      return true;
    });
    return hit;
  };
  let grows = false;
  inspect(fn, (n) => {
    if (grows) return false;
    if (n.end <= from || n.pos >= to) return n.pos < to && n.end > from;
    if (n.kind === 'AssignStmt' && n.tok === Tok.DEFINE) {
      n.rhs.forEach((r, i) => {
        const l = n.lhs[i];
        const x = unparenExpr(r);
        if (l?.kind === 'Ident' && (x.kind === 'StarExpr' || x.kind === 'Ident' || x.kind === 'SliceExpr') && mentions(x)) {
          const b = pkg.bindingOf(l);
          if (b?.kind === 'var') family.add(b);
        }
      });
    }
    if (n.kind === 'CallExpr' && n.args[0] && builtinName(pkg, n) === 'append' && mentions(n.args[0])) {
      // append(b[:0], ...) starts from empty: it truncates on the way
      const first = unparenExpr(n.args[0]);
      if (!(first.kind === 'SliceExpr' && first.low === null && isZero(first.high))) grows = true;
    }
    return true;
  });
  return grows;
}

function isZero(e: ast.Expr | null): boolean {
  return e !== null && e.kind === 'BasicLit' && e.value === '0';
}

const READ_ONLY_METHODS = new Set(['Len', 'Cap', 'String', 'Bytes', 'Available']);

/** `len(v)`, `v.Len()`, `v[k]` as a value: looking does not leave anything behind. */
function readOnlyUse(ctx: RuleContext, id: ast.Ident): boolean {
  const p = id.parent;
  if (p?.kind === 'SelectorExpr' && p.x === id && READ_ONLY_METHODS.has(p.sel.name)) return true;
  if (p?.kind === 'CallExpr' && p.args[0] === id && p.fun.kind === 'Ident' && (p.fun.name === 'len' || p.fun.name === 'cap')) {
    return ctx.pkg.bindingOf(p.fun)?.kind === 'builtin';
  }
  if (p?.kind === 'IndexExpr' && p.x === id) {
    const q = p.parent;
    const written = (q?.kind === 'AssignStmt' && q.lhs.includes(p)) || (q?.kind === 'IncDecStmt' && q.x === p);
    return !written;
  }
  return false;
}

function resetFix(ctx: RuleContext, kind: PooledKind, put: { call: ast.CallExpr; arg: ast.Expr; deferred: boolean }, name: string): FixSpec[] {
  const file = ctx.pkg.fileOfNode(put.call);
  if (!file || put.deferred) return [];
  if (kind === 'slice') {
    if (put.arg.kind !== 'Ident') return [];
    return [{ title: `put back ${name}[:0]`, safe: false, edits: [{ pos: put.arg.end, end: put.arg.end, text: '[:0]', file }] }];
  }
  const stmt = put.call.parent;
  if (stmt?.kind !== 'ExprStmt') return [];
  const lineStart = file.src.lastIndexOf('\n', stmt.pos - 1) + 1;
  const indent = file.src.slice(lineStart, stmt.pos);
  if (!/^[ \t]*$/.test(indent)) return [];
  const reset =
    kind === 'map'
      ? atLeast(ctx.goVersion, 21)
        ? `clear(${name})`
        : `for k := range ${name} {\n${indent}\tdelete(${name}, k)\n${indent}}`
      : kind === 'buffer'
        ? `${name}.Reset()`
        : `*${name} = (*${name})[:0]`;
  return [{ title: `reset ${name} before putting it back`, safe: false, edits: [{ pos: stmt.pos, end: stmt.pos, text: `${reset}\n${indent}`, file }] }];
}
