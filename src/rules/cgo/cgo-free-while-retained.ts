import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { isUnretainingCName } from '../../knowledge/cgo.js';
import { cCall } from '../../model/cgo.js';
import type { PackageModel } from '../../model/package.js';
import { CMemory } from '../../model/cmem.js';
import { inspect } from '../../parse/walk.js';
import { lineRef, skipped, srcText } from './cgo-text.js';

export default defineRule({
  meta: {
    id: 'cgo-free-while-retained',
    family: 'cgo',
    severity: 'warning',
    category: 'correctness',
    title: 'memory handed to a C function that keeps pointers is freed while C may still use it',
    docs: {
      why:
        'A C function that queues a buffer for playback, registers a callback argument or starts asynchronous work ' +
        'keeps the pointer it is given and uses it after it returns. Freeing that memory when the Go function returns ' +
        '(`defer C.free(p)`) or right after the call leaves the C side with a dangling pointer: the audio thread reads ' +
        'freed memory, which plays garbage or crashes with SIGSEGV ("signal arrived during cgo execution") long after ' +
        'the Go code moved on. The Go garbage collector plays no part in this: C memory is only ever freed by C.free.\n\n' +
        'Whether a C function keeps a pointer is only written in its documentation, so this rule is a heuristic: it ' +
        'looks at the words of the C function name (register, queue, play, start, submit, attach, post, schedule, ' +
        'async..., and set only with buffer, data, userdata, callback and the like: mpz_set_str parses its string, ' +
        'set_buffer keeps it; setenv and similar copying functions excluded; setvbuf and putenv known to keep) and at ' +
        'package functions that pass the pointer to such a C function. It stays silent when a call whose name ends the ' +
        'asynchronous use (stop, wait, join, drain, flush, unregister, clear, close...) comes between the hand-off and ' +
        'the free.',
      bad: `package audio

/*
#include <stdlib.h>
void audio_play_async(void *pcm, int len);
*/
import "C"

func Play(pcm []byte) {
	buf := C.CBytes(pcm)
	defer C.free(buf)
	C.audio_play_async(buf, C.int(len(pcm)))
}
`,
      good: `package audio

/*
#include <stdlib.h>
void audio_play_async(void *pcm, int len);
void audio_wait_done(void);
*/
import "C"

func Play(pcm []byte) {
	buf := C.CBytes(pcm)
	defer C.free(buf)
	C.audio_play_async(buf, C.int(len(pcm)))
	C.audio_wait_done()
}
`,
      fix:
        'Free the memory only once the C side is done with it: after the call that stops or waits for the playback ' +
        '(or in the C completion callback), or give it to an owner that frees it when the C library releases it ' +
        '(a Close method that first unregisters, then frees). If the C function copies its argument after all, ' +
        'suppress the finding with the reason.',
      seeAlso: ['https://pkg.go.dev/cmd/cgo#hdr-Passing_pointers', 'cgo-cmem-leak', 'cgo-go-pointer-to-c'],
    },
    messages: {
      deferred:
        '{what} is freed when {fn} returns, but it was handed to {callee} ({callAt}), whose name ("{word}") suggests the C side keeps the pointer (heuristic): if it does, C later reads freed memory',
      after:
        '{what} is freed right after being handed to {callee} ({callAt}), whose name ("{word}") suggests the C side keeps the pointer (heuristic): if it does, C later reads freed memory',
    },
    help: {
      deferred: 'Free it only after the C side is done with it (after a stop/wait call or in the completion callback), or let the owner that unregisters it free it.',
      after: 'Free it only after the C side is done with it (after a stop/wait call or in the completion callback).',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: 'C 内存被释放时，保留了该指针的 C 函数可能还在使用它',
        why: '把缓冲区放进播放队列、注册回调参数或者启动异步工作的 C 函数，会保留传给它的指针，并在返回之后继续使用。在 Go 函数返回时（`defer C.free(p)`）或调用之后立即释放这块内存，会让 C 侧拿着一个悬空指针：音频线程读到已释放的内存，要么播放出杂音，要么在 Go 代码早已往下执行之后以 SIGSEGV（"signal arrived during cgo execution"）崩溃。这和 Go 的垃圾回收器无关：C 内存只会被 C.free 释放。\n\nC 函数是否保留指针只写在它的文档里，所以这条规则是启发式的：它看 C 函数名中的词（set、register、queue、play、start、submit、attach、post、schedule、async……；排除 setenv、setlocale 等会复制参数的函数；已知 setvbuf 和 putenv 会保留指针），以及把指针传给这类 C 函数的包内函数。如果在交出指针和释放之间有一个名字表示结束异步使用的调用（stop、wait、join、drain、flush、unregister、clear、close……），则不报告。',
        fix: '只在 C 侧用完之后再释放：在停止或等待播放的调用之后（或在 C 的完成回调中），或者交给一个在 C 库释放它时才释放的所有者（一个先注销、再释放的 Close 方法）。如果这个 C 函数其实会复制它的参数，就抑制这条报告并写明原因。',
        messages: {
          deferred: '{what} 在 {fn} 返回时被释放，但它已被交给 {callee}（{callAt}），从名字（"{word}"）看 C 侧会保留这个指针（启发式判断）：如果确实如此，C 之后会读到已释放的内存',
          after: '{what} 在交给 {callee}（{callAt}）之后立即被释放，从名字（"{word}"）看 C 侧会保留这个指针（启发式判断）：如果确实如此，C 之后会读到已释放的内存',
        },
        help: {
          deferred: '只在 C 侧用完之后再释放（在 stop/wait 调用之后，或在完成回调中），或者交给负责注销它的所有者来释放。',
          after: '只在 C 侧用完之后再释放（在 stop/wait 调用之后，或在完成回调中）。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const mem = CMemory.of(ctx.pkg);
    for (const a of mem.allocs) {
      if (a.target.k !== 'local' || !a.fn || skipped(ctx.pkg.fileOfNode(a.call))) continue;
      const r = mem.result(a);
      if (!r) continue;
      const retained = r.uses.filter((u) => u.kind === 'retained');
      if (retained.length === 0) continue;
      const frees = r.uses.filter((u) => u.kind === 'release' && u.call !== undefined);
      for (const free of frees) {
        const call = free.call!;
        const first = retained.find((u) => (free.deferred ? true : u.node.pos < call.pos));
        if (!first) continue;
        const freeFn = enclosingBody(call);
        if (freeFn !== enclosingBody(first.call!)) continue;
        if (unretainedBetween(ctx.pkg, a.fn, first.call!, free.deferred ? null : call)) continue;
        const fnName = a.fn.kind === 'FuncDecl' ? a.fn.name.name : 'the function';
        ctx.report({
          node: call,
          messageId: free.deferred ? 'deferred' : 'after',
          data: {
            what: a.target.binding.name,
            fn: fnName,
            callee: first.callee ?? srcText(ctx, first.call!.fun),
            callAt: lineRef(ctx, call, first.call!),
            word: first.word ?? '',
          },
          related: [
            { node: first.call!, message: `handed to ${first.callee ?? 'C'} here` },
            { node: a.call, message: `allocated here (${a.allocator})` },
          ],
        });
        break;
      }
    }
  },
});

/** The block statement of the function body or closure that holds a node. */
function enclosingBody(node: ast.Node): ast.Node | null {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  }
  return null;
}

/**
 * True when a C call whose name ends asynchronous use (stop, wait, unregister...) runs after the
 * hand-off: between it and `before` when given, anywhere after it otherwise (deferred frees).
 */
function unretainedBetween(pkg: PackageModel, fn: ast.Node, from: ast.CallExpr, before: ast.CallExpr | null): boolean {
  let found = false;
  inspect(fn, (n) => {
    if (found) return false;
    if (n.kind !== 'CallExpr' || n.pos <= from.end) return true;
    if (before !== null && n.pos >= before.pos) return true;
    const c = cCall(pkg, n);
    if (c && !c.helper && c.name !== 'free' && isUnretainingCName(c.name)) found = true;
    return true;
  });
  return found;
}

