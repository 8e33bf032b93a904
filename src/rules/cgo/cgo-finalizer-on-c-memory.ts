import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { callsNamed } from '../../model/calls.js';
import { cCall, stripConversions } from '../../model/cgo.js';
import { CMemory } from '../../model/cmem.js';
import type { Binding } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { isNamed } from '../../model/types.js';
import { skipped, srcText } from './cgo-text.js';

export default defineRule({
  meta: {
    id: 'cgo-finalizer-on-c-memory',
    family: 'cgo',
    severity: 'error',
    category: 'correctness',
    title: 'runtime.SetFinalizer on C memory or an unsafe.Pointer (always a fatal error)',
    docs: {
      why:
        'runtime.SetFinalizer only works on pointers to objects allocated by Go. Given an unsafe.Pointer it aborts the ' +
        'process with "fatal error: runtime.SetFinalizer: first argument is unsafe.Pointer, not pointer"; given a typed ' +
        'pointer into C memory (from C.malloc, C.CString, C.CBytes or a C function) it aborts with "fatal error: ' +
        'runtime.SetFinalizer: pointer not in allocated block" (runtime/mfinal.go). These are fatal errors, not panics: ' +
        '`recover` cannot catch them. `runtime.SetFinalizer(p, C.free)`-style code therefore never frees anything; it ' +
        'crashes the first time it runs.',
      bad: `package audio

/*
#include <stdlib.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

func NewBuffer(n int) *C.char {
	p := (*C.char)(C.malloc(C.size_t(n)))
	runtime.SetFinalizer(p, func(p *C.char) { C.free(unsafe.Pointer(p)) })
	return p
}
`,
      good: `package audio

/*
#include <stdlib.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

type Buffer struct{ p *C.char }

func NewBuffer(n int) *Buffer {
	b := &Buffer{p: (*C.char)(C.malloc(C.size_t(n)))}
	runtime.SetFinalizer(b, func(b *Buffer) { C.free(unsafe.Pointer(b.p)) })
	return b
}
`,
      fix:
        'Wrap the C pointer in a Go struct and set the finalizer on the struct: when the Go wrapper becomes unreachable ' +
        'its finalizer frees the C memory. Better still, give the wrapper an explicit Free or Close method and keep the ' +
        'finalizer only as a safety net.',
      seeAlso: ['https://pkg.go.dev/runtime#SetFinalizer', 'cgo-cmem-leak'],
    },
    messages: {
      unsafePointer:
        'runtime.SetFinalizer on {what}, an unsafe.Pointer: the runtime aborts with "fatal error: runtime.SetFinalizer: first argument is unsafe.Pointer, not pointer"',
      cMemory:
        'runtime.SetFinalizer on {what}, which points to C memory ({origin}): the runtime aborts with "fatal error: runtime.SetFinalizer: pointer not in allocated block"',
    },
    help: {
      unsafePointer: 'Wrap the C pointer in a Go struct (type Buffer struct{ p unsafe.Pointer }) and set the finalizer on a *Buffer.',
      cMemory: 'Wrap the C pointer in a Go struct and set the finalizer on the struct; its finalizer can call C.free on the field.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '对 C 内存或 unsafe.Pointer 调用 runtime.SetFinalizer（必然 fatal error）',
        why: 'runtime.SetFinalizer 只对指向 Go 分配的对象的指针有效。传入 unsafe.Pointer 时，进程会以 "fatal error: runtime.SetFinalizer: first argument is unsafe.Pointer, not pointer" 中止；传入指向 C 内存（来自 C.malloc、C.CString、C.CBytes 或某个 C 函数）的带类型指针时，会以 "fatal error: runtime.SetFinalizer: pointer not in allocated block" 中止（runtime/mfinal.go）。这些是 fatal error 而不是 panic：`recover` 捕获不到。所以 `runtime.SetFinalizer(p, C.free)` 这种写法从来释放不了任何东西，第一次运行就会崩溃。',
        fix: '把 C 指针包进一个 Go 结构体，在结构体上设置 finalizer：Go 包装对象变得不可达时，它的 finalizer 释放 C 内存。更好的做法是给包装类型提供显式的 Free 或 Close 方法，finalizer 只作为兜底。',
        messages: {
          unsafePointer: '对 unsafe.Pointer {what} 调用了 runtime.SetFinalizer：运行时会以 "fatal error: runtime.SetFinalizer: first argument is unsafe.Pointer, not pointer" 中止',
          cMemory: '对指向 C 内存（{origin}）的 {what} 调用了 runtime.SetFinalizer：运行时会以 "fatal error: runtime.SetFinalizer: pointer not in allocated block" 中止',
        },
        help: {
          unsafePointer: '把 C 指针包进一个 Go 结构体（type Buffer struct{ p unsafe.Pointer }），在 *Buffer 上设置 finalizer。',
          cMemory: '把 C 指针包进一个 Go 结构体，在结构体上设置 finalizer；它的 finalizer 可以对该字段调用 C.free。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const ti = TypeInfo.of(pkg);
    for (const call of callsNamed(pkg, { selector: ['SetFinalizer'], plain: ['SetFinalizer'] })) {
      if (call.args.length < 1 || ti.qualifiedCallee(call) !== 'runtime.SetFinalizer') continue;
      if (skipped(pkg.fileOfNode(call))) continue;
      const arg = call.args[0]!;
      const what = srcText(ctx, arg);
      const origin = cOrigin(ctx, arg, 0);
      if (isNamed(ti.typeOf(unparenExpr(arg)), 'unsafe', 'Pointer')) {
        ctx.report({ node: arg, messageId: 'unsafePointer', data: { what }, related: origin ? [{ node: origin.node, message: `allocated by ${origin.name}` }] : [] });
        continue;
      }
      if (origin) ctx.report({ node: arg, messageId: 'cMemory', data: { what, origin: origin.name }, related: [{ node: origin.node, message: `allocated by ${origin.name}` }] });
    }
  },
});

/** The C call (or package allocator) a pointer expression comes from, through conversions and local variables. */
function cOrigin(ctx: RuleContext, e: ast.Expr, depth: number): { node: ast.CallExpr; name: string } | null {
  if (depth > 4) return null;
  const pkg = ctx.pkg;
  const x = stripConversions(pkg, e);
  if (x.kind === 'CallExpr') {
    const c = cCall(pkg, x);
    if (c) return c.helper && c.name !== 'CString' && c.name !== 'CBytes' ? null : { node: x, name: `C.${c.name}` };
    const a = CMemory.of(pkg).allocs.find((s) => s.call === x);
    return a ? { node: x, name: a.allocator } : null;
  }
  if (x.kind !== 'Ident') return null;
  const b = pkg.bindingOf(x);
  if (!b || b.kind !== 'var') return null;
  if (b.source.k === 'init' && !b.source.ofTuple) return cOrigin(ctx, b.source.expr, depth + 1);
  return assignedAlloc(ctx, b);
}

/** An allocation assigned to a local variable later than its declaration (`var p *C.char; p = C.CString(s)`). */
function assignedAlloc(ctx: RuleContext, b: Binding): { node: ast.CallExpr; name: string } | null {
  const a = CMemory.of(ctx.pkg).allocs.find((s) => s.target.k === 'local' && s.target.binding === b);
  return a ? { node: a.call, name: a.allocator } : null;
}
