import { defineRule, type FixSpec, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { CMemory, type CAlloc, type CAllocResult } from '../../model/cmem.js';
import { insideLoop } from '../../model/concurrency.js';
import { deferAfter } from '../../model/deferfix.js';
import { processLifetime } from '../../model/lifetime.js';
import { TypeInfo } from '../../model/typeinfo.js';
import { isNamed } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { lineRef, skipped } from './cgo-text.js';

export default defineRule({
  meta: {
    id: 'cgo-cmem-leak',
    family: 'cgo',
    severity: 'warning',
    category: 'correctness',
    title: 'memory from C.malloc, C.CString or C.CBytes not freed on every path',
    docs: {
      why:
        'C.CString, C.CBytes, C.malloc and C.calloc allocate on the C heap. The Go garbage collector neither scans nor ' +
        'frees that memory: it stays allocated until C.free is called on it (cmd/cgo documentation, "Go references to ' +
        'C"). A function that returns on some path without freeing, passes `C.CString(s)` straight to a C function that ' +
        'only reads it, or allocates a new buffer on every iteration of a loop leaks C memory on each call; in a game ' +
        'or audio loop that is one leak per frame, and the Go heap statistics never show it (only the process RSS ' +
        'grows).\n\n' +
        'A deferred C.free counts, as does a free on every path. Handing the memory on is not a leak: returning it (the ' +
        'caller becomes responsible; calls of such package functions are checked in turn), storing it in a struct ' +
        'whose type has a Free/Close/Destroy method or whose field is freed somewhere in the package, passing it to a ' +
        'package function that frees it, or to a C function whose name says it frees (`av_free`) or keeps it ' +
        '(`SDL_QueueAudio`, `register_buffer`). Paths where the pointer is nil (`if p == nil { return err }`) do not ' +
        'leak. Code that runs once per process (main, init) is not reported unless it allocates in a loop.',
      bad: `package audio

/*
#include <stdlib.h>
int load_sample(const char *path);
*/
import "C"

import (
	"errors"
	"unsafe"
)

func LoadSample(path string) (int, error) {
	cpath := C.CString(path)
	id := C.load_sample(cpath)
	if id < 0 {
		return 0, errors.New("cannot load " + path)
	}
	C.free(unsafe.Pointer(cpath))
	return int(id), nil
}
`,
      good: `package audio

/*
#include <stdlib.h>
int load_sample(const char *path);
*/
import "C"

import (
	"errors"
	"unsafe"
)

func LoadSample(path string) (int, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	id := C.load_sample(cpath)
	if id < 0 {
		return 0, errors.New("cannot load " + path)
	}
	return int(id), nil
}
`,
      fix:
        'Add `defer C.free(unsafe.Pointer(p))` right after the allocation (the suggested fix), unless the C side ' +
        'keeps the pointer: then document who frees it and free it there (a Free or Close method on the Go type that ' +
        'owns it). For per-frame buffers, allocate once outside the loop and reuse the buffer.',
      seeAlso: ['https://pkg.go.dev/cmd/cgo#hdr-Go_references_to_C', 'cgo-free-while-retained', 'cgo-finalizer-on-c-memory'],
    },
    messages: {
      notFreed: '{what} ({allocator}) is not freed on every path: C memory is never garbage collected, so every call that returns here leaks it',
      overwritten: '{what} ({allocator}) is allocated again on the next iteration before the previous allocation is freed: one leak per iteration',
      lost: 'the C memory from {allocator} is passed straight to {callee} and never freed: C memory is never garbage collected',
      discarded: 'the result of {allocator} is discarded: the C memory can never be freed',
      storedNeverFreed: '{what} ({allocator}) is stored in {field}, but nothing in this package frees that field and {owner} has no Free or Close method',
    },
    help: {
      notFreed: 'Add `defer C.free({freeArg})` right after the allocation.',
      overwritten: 'Free it at the end of each iteration, or allocate one buffer before the loop and reuse it.',
      lost: 'Keep the pointer in a variable and `defer C.free(unsafe.Pointer(p))` after the call.',
      discarded: 'Remove the allocation, or keep the pointer and free it.',
      storedNeverFreed: 'Give {owner} a Free or Close method that calls C.free on {field}, and call it.',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: 'C.malloc、C.CString 或 C.CBytes 分配的 C 内存没有在所有路径上释放',
        why: 'C.CString、C.CBytes、C.malloc 和 C.calloc 在 C 堆上分配内存。Go 的垃圾回收器既不扫描也不释放这些内存：它们会一直占用，直到对其调用 C.free（cmd/cgo 文档 "Go references to C"）。一个在某些路径上不释放就返回的函数、把 `C.CString(s)` 直接传给只读取它的 C 函数、或者在循环的每次迭代中分配新缓冲区，每次调用都会泄漏 C 内存；在游戏或音频循环里，就是每帧泄漏一次，而且 Go 的堆统计永远看不到（只有进程的 RSS 在增长）。\n\ndefer 的 C.free 算作释放，每条路径上都 free 也算。把内存交出去不算泄漏：返回它（调用方负责，对这类包内函数的调用会继续检查）、存到一个类型有 Free/Close/Destroy 方法或字段会在包内某处被释放的结构体中、传给会释放它的包内函数，或者传给名字表明会释放（`av_free`）或会保留（`SDL_QueueAudio`、`register_buffer`）它的 C 函数。指针为 nil 的路径（`if p == nil { return err }`）不算泄漏。每个进程只运行一次的代码（main、init）不报告，除非它在循环中分配。',
        fix: '在分配之后紧跟 `defer C.free(unsafe.Pointer(p))`（建议的修复），除非 C 侧会保留这个指针：那就写明由谁释放，并在那里释放（在拥有它的 Go 类型上提供 Free 或 Close 方法）。对于每帧使用的缓冲区，在循环外分配一次并复用。',
        messages: {
          notFreed: '{what}（{allocator}）没有在所有路径上释放：C 内存永远不会被垃圾回收，每次从这里返回的调用都会泄漏它',
          overwritten: '{what}（{allocator}）在上一次分配释放之前就在下一次迭代中再次分配：每次迭代泄漏一次',
          lost: '{allocator} 分配的 C 内存被直接传给 {callee}，之后从未释放：C 内存永远不会被垃圾回收',
          discarded: '{allocator} 的结果被丢弃了：这块 C 内存永远无法释放',
          storedNeverFreed: '{what}（{allocator}）被存到了 {field}，但包内没有任何代码释放这个字段，{owner} 也没有 Free 或 Close 方法',
        },
        help: {
          notFreed: '在分配之后紧跟 `defer C.free({freeArg})`。',
          overwritten: '在每次迭代结束时释放它，或者在循环之前分配一个缓冲区并复用。',
          lost: '把指针保存到变量中，在调用之后 `defer C.free(unsafe.Pointer(p))`。',
          discarded: '去掉这次分配，或者保留指针并释放它。',
          storedNeverFreed: '给 {owner} 添加一个对 {field} 调用 C.free 的 Free 或 Close 方法，并调用它。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const mem = CMemory.of(ctx.pkg);
    for (const a of mem.allocs) {
      const file = ctx.pkg.fileOfNode(a.call);
      if (skipped(file) || !a.fn) continue;
      const allocator = describe(ctx, a);
      const once = processLifetime(ctx.pkg, a.fn) && !insideLoop(a.call, a.fn);
      const t = a.target;
      switch (t.k) {
        case 'discarded':
          if (!once) ctx.report({ node: a.call, messageId: 'discarded', data: { allocator } });
          break;
        case 'inline':
          if (!once && t.use.callee) ctx.report({ node: a.call, messageId: 'lost', data: { allocator, callee: t.use.callee } });
          break;
        case 'field':
          if (t.owner !== null && /^[a-z_]/.test(t.field) && !mem.fieldFreed(t.field, t.owner) && !mem.hasFreeingMethod(t.owner)) {
            ctx.report({
              node: a.call,
              messageId: 'storedNeverFreed',
              data: { what: 'the memory', allocator, field: `${t.owner}.${t.field}`, owner: t.owner },
              related: [{ node: t.node, message: 'stored here' }],
            });
          }
          break;
        case 'local': {
          const r = mem.result(a);
          if (!r) break;
          const name = t.binding.name;
          if (r.overwritten) {
            ctx.report({ node: a.call, messageId: 'overwritten', data: { what: name, allocator } });
          } else if (r.missed.length > 0 && !processLifetime(ctx.pkg, a.fn)) {
            const freeArg = freeArgument(ctx, a, name);
            ctx.report({
              node: a.call,
              messageId: 'notFreed',
              data: { what: name, allocator, freeArg },
              related: exitsRelated(a, r, name),
              fixes: freeFix(ctx, a, r, freeArg),
            });
          } else if (r.missed.length === 0) {
            const stores = r.uses.filter((u) => u.kind === 'field');
            const onward = r.uses.filter((u) => u.kind !== 'alias' && u.kind !== 'neutral');
            if (stores.length > 0 && stores.length === onward.length) {
              const f = stores[0]!.field!;
              if (
                f.owner !== null &&
                /^[a-z_]/.test(f.field) &&
                stores.every((u) => !mem.fieldFreed(u.field!.field, u.field!.owner)) &&
                !mem.hasFreeingMethod(f.owner)
              ) {
                ctx.report({
                  node: a.call,
                  messageId: 'storedNeverFreed',
                  data: { what: name, allocator, field: `${f.owner}.${f.field}`, owner: f.owner },
                  related: stores.map((u) => ({ node: u.field!.node, message: 'stored here' })),
                });
              }
            }
          }
          break;
        }
        default:
          break;
      }
    }
  },
});

function describe(ctx: RuleContext, a: CAlloc): string {
  if (a.inner === null) return a.allocator;
  return `${a.allocator}, which returns memory from ${ctx.pkg.fileOfNode(a.inner) ? lineRefText(ctx, a) : 'C'}`;
}

function lineRefText(ctx: RuleContext, a: CAlloc): string {
  const inner = a.inner!;
  const fun = inner.fun.kind === 'SelectorExpr' ? `C.${inner.fun.sel.name}` : 'C';
  return `${fun} at ${lineRef(ctx, a.call, inner)}`;
}

function exitsRelated(a: CAlloc, r: CAllocResult, name: string): RelatedSpec[] {
  const out: RelatedSpec[] = r.missed.map((m) => ({
    node: m.node,
    message: m.kind === 'return' ? `this return leaves ${name} allocated` : `the function ends here with ${name} allocated`,
  }));
  if (a.inner) out.push({ node: a.inner, message: 'the C allocation' });
  return out;
}

/** What to pass to C.free: the pointer itself when it is an unsafe.Pointer, a conversion otherwise. */
function freeArgument(ctx: RuleContext, a: CAlloc, name: string): string {
  if (a.target.k !== 'local') return `unsafe.Pointer(${name})`;
  const declared = TypeInfo.of(ctx.pkg).bindingType(a.target.binding);
  if (isNamed(declared, 'unsafe', 'Pointer')) return name;
  if (declared.k === 'slice') return `unsafe.Pointer(&${name}[0])`;
  return `unsafe.Pointer(${name})`;
}

/**
 * `defer C.free(...)` after the allocation, offered as a suggestion: it is wrong when a C
 * function the pointer is given to keeps it, which only the C documentation can tell.
 */
function freeFix(ctx: RuleContext, a: CAlloc, r: CAllocResult, freeArg: string): FixSpec[] {
  const stmt = a.stmt;
  const fn = a.fn;
  if (!stmt || !fn || stmt.kind !== 'AssignStmt' || stmt.tok !== Tok.DEFINE) return [];
  if (r.uses.some((u) => u.kind === 'release' || u.kind === 'retained' || u.kind === 'handed' || u.kind === 'field')) return [];
  const file = ctx.pkg.fileOfNode(stmt);
  if (!file) return [];
  const unsafeName = [...file.imports].find(([, path]) => path === 'unsafe')?.[0];
  if (freeArg.includes('unsafe.') && unsafeName !== 'unsafe') return [];
  const ins = deferAfter(file, stmt, fn, `C.free(${freeArg})`);
  if (!ins) return [];
  return [{ title: `defer C.free(${freeArg}) right after the allocation`, safe: false, edits: [{ pos: ins.pos, end: ins.pos, text: ins.text, file }] }];
}

