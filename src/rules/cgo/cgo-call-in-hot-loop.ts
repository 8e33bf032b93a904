import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { C_BASIC_TYPES } from '../../knowledge/cgo.js';
import { cCall, cgoTypeOf } from '../../model/cgo.js';
import type { Binding } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import type { LType } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { skipped, srcText } from './cgo-text.js';

const NUMERIC = /^(u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)|byte|rune)$/;

export default defineRule({
  meta: {
    id: 'cgo-call-in-hot-loop',
    family: 'cgo',
    severity: 'info',
    category: 'performance',
    title: 'cgo call made once per element of a sample, pixel or data buffer',
    docs: {
      why:
        'Every cgo call leaves Go for C through runtime.cgocall: it saves state, marks the goroutine as in a system ' +
        'call, and on the way back may have to wait for a P (if the call took longer than a scheduler tick, sysmon has ' +
        'handed its P to another thread). That costs tens of nanoseconds even for a trivial C function, against about ' +
        'one nanosecond for a Go function call. A loop that calls C once per audio sample, pixel or element of a data ' +
        'buffer pays it hundreds of thousands of times per second: a 48 kHz stereo mixer calling a C filter per ' +
        'sample spends more time crossing the boundary than filtering, and CPU profiles show runtime.cgocall at the ' +
        'top.\n\n' +
        'Reported only for loops over numeric buffers (ranges over, or indexing into, slices and arrays of numbers) ' +
        'that pass the element to the C call. Loops that call C once per file, connection, device or handle are not ' +
        'reported, nor are calls made once per frame or once per buffer.',
      bad: `package dsp

/*
float filter_sample(float x);
*/
import "C"

func Filter(samples []float32) {
	for i, s := range samples {
		samples[i] = float32(C.filter_sample(C.float(s)))
	}
}
`,
      good: `package dsp

/*
void filter_buffer(float *buf, int n);
*/
import "C"

import "unsafe"

func Filter(samples []float32) {
	if len(samples) == 0 {
		return
	}
	C.filter_buffer((*C.float)(unsafe.Pointer(&samples[0])), C.int(len(samples)))
}
`,
      fix:
        'Batch: give C the whole buffer once (a pointer to the first element and a length) and loop in C; or port the ' +
        'per-element work to Go, where the compiler can inline it (pure-Go audio stacks exist for exactly this reason).',
      seeAlso: ['https://go.dev/wiki/cgo', 'pprof: runtime.cgocall in CPU profiles'],
    },
    messages: {
      perElement:
        'C.{name} is called once per element of {buf}: each cgo call costs tens of nanoseconds of boundary crossing (and a P hand-off if it blocks), multiplied by every element',
    },
    help: {
      perElement: 'Pass the whole buffer to C in one call ((*C.{elem})(unsafe.Pointer(&{buf}[0])), C.int(len({buf}))) and loop in C, or do the per-element work in Go.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '对采样、像素或数据缓冲区的每个元素各做一次 cgo 调用',
        why: '每次 cgo 调用都经由 runtime.cgocall 从 Go 切到 C：保存状态、把 goroutine 标记为处于系统调用中，返回时还可能要等一个 P（如果调用超过一个调度周期，sysmon 已经把它的 P 交给了别的线程）。即使 C 函数什么都不做，这也要几十纳秒，而一次 Go 函数调用大约只要一纳秒。对每个音频采样、每个像素或数据缓冲区的每个元素调用一次 C 的循环，每秒要付出几十万次这样的开销：一个对每个采样调用 C 滤波器的 48 kHz 立体声混音器，花在跨越边界上的时间比滤波本身还多，CPU profile 中排在最前面的是 runtime.cgocall。\n\n只对遍历数值缓冲区的循环报告（range 或下标访问数值类型的 slice 和数组），并且要把元素传给 C 调用。每个文件、连接、设备或句柄调用一次 C 的循环不报告，每帧或每个缓冲区调用一次的也不报告。',
        fix: '批量处理：一次把整个缓冲区交给 C（首元素指针加长度），在 C 里循环；或者把逐元素的处理移植到 Go，让编译器可以内联（纯 Go 音频库正是为此而存在）。',
        messages: {
          perElement: '{buf} 的每个元素都调用一次 C.{name}：每次 cgo 调用都要几十纳秒的边界切换开销（阻塞时还要交出 P），再乘以元素个数',
        },
        help: {
          perElement: '一次调用就把整个缓冲区交给 C（(*C.{elem})(unsafe.Pointer(&{buf}[0])), C.int(len({buf}))），在 C 里循环；或者在 Go 里做逐元素的处理。',
        },
      },
    },
    since: '0.1.0',
  },
  create(ctx) {
    if (!ctx.file.usesCgo || skipped(ctx.file)) return {};
    return {
      RangeStmt(loop) {
        // a literal list of a few values is not a data buffer
        if (unparenExpr(loop.x).kind === 'CompositeLit') return;
        const t = elemType(ctx, loop.x);
        if (!t) return;
        const vars = [loop.key, loop.value]
          .map((e) => (e && e.kind === 'Ident' && e.name !== '_' ? ctx.pkg.bindingOf(e) : undefined))
          .filter((b): b is Binding => b !== undefined);
        if (vars.length === 0) return;
        const valueVar = loop.value?.kind === 'Ident' ? ctx.pkg.bindingOf(loop.value) : undefined;
        reportFirst(ctx, loop, loop.x, t, (arg) => usesElement(ctx, arg, vars, valueVar));
      },
      ForStmt(loop) {
        const counter = loopCounter(ctx, loop);
        if (!counter) return;
        const found = firstIndexed(ctx, loop, counter);
        if (!found) return;
        reportFirst(ctx, loop, found.buf, found.elem, (arg) => indexesWith(ctx, arg, counter, found.buf));
      },
    };
  },
});

function reportFirst(ctx: RuleContext, loop: ast.ForStmt | ast.RangeStmt, buf: ast.Expr, elem: LType, perElement: (arg: ast.Expr) => boolean): void {
  let done = false;
  inspect(loop.body, (n) => {
    if (done || n.kind === 'FuncLit' || n.kind === 'GoStmt') return false;
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && n !== loop) return true;
    if (n.kind !== 'CallExpr') return true;
    const c = cCall(ctx.pkg, n);
    if (!c || (c.helper && c.name !== 'CString' && c.name !== 'CBytes')) return true;
    if (!n.args.some(perElement)) return true;
    done = true;
    ctx.report({
      node: n,
      messageId: 'perElement',
      data: { name: c.name, buf: srcText(ctx, buf), elem: cElemName(elem) },
      related: [{ node: loop.kind === 'RangeStmt' ? loop.x : loop, message: 'the loop over the buffer' }],
    });
    return false;
  });
}

function cElemName(t: LType): string {
  if (t.k === 'named' && t.pkg === 'C') return t.name;
  if (t.k === 'basic') {
    if (t.name === 'float32') return 'float';
    if (t.name === 'float64') return 'double';
    if (t.name === 'int16') return 'short';
    if (t.name === 'byte' || t.name === 'uint8') return 'uchar';
    if (t.name === 'int8') return 'schar';
  }
  return 'int';
}

/** The element type of a slice or array of numbers, or null. */
function elemType(ctx: RuleContext, e: ast.Expr): LType | null {
  const ti = TypeInfo.of(ctx.pkg);
  let t = ti.underlying(cgoTypeOf(ctx.pkg, e));
  if (t.k === 'ptr') t = ti.underlying(t.elem);
  if (t.k !== 'slice' && t.k !== 'array') return null;
  return isNumeric(ctx, t.elem) ? t.elem : null;
}

function isNumeric(ctx: RuleContext, t: LType): boolean {
  if (t.k === 'basic') return NUMERIC.test(t.name);
  if (t.k === 'named') {
    if (t.pkg === 'C') return C_BASIC_TYPES.has(t.name) && t.name !== 'bool' && t.name !== '_Bool';
    if (t.pkg === '') {
      const u = TypeInfo.of(ctx.pkg).underlying(t);
      return u.k === 'basic' && NUMERIC.test(u.name);
    }
  }
  return false;
}

/** An argument that reads the element: the range value, or buf[key]. */
function usesElement(ctx: RuleContext, arg: ast.Expr, vars: Binding[], valueVar: Binding | undefined): boolean {
  let found = false;
  inspect(arg, (n) => {
    if (found) return false;
    if (n.kind === 'Ident') {
      const b = ctx.pkg.bindingOf(n);
      if (b && b === valueVar) found = true;
    } else if (n.kind === 'IndexExpr') {
      if (mentions(ctx, n.index, vars) && elemType(ctx, n.x) !== null) found = true;
    }
    return true;
  });
  return found;
}

function mentions(ctx: RuleContext, e: ast.Node, vars: Binding[]): boolean {
  let found = false;
  inspect(e, (n) => {
    if (n.kind === 'Ident' && vars.includes(ctx.pkg.bindingOf(n) as Binding)) found = true;
    return !found;
  });
  return found;
}

/** `i` of `for i := a; i < b; i++` (or i += k). */
function loopCounter(ctx: RuleContext, loop: ast.ForStmt): Binding | null {
  const init = loop.init;
  if (init?.kind !== 'AssignStmt' || init.tok !== Tok.DEFINE || init.lhs.length !== 1 || loop.cond === null || loop.post === null) return null;
  const id = unparenExpr(init.lhs[0]!);
  if (id.kind !== 'Ident') return null;
  const b = ctx.pkg.bindingOf(id);
  const post = loop.post;
  const steps =
    (post.kind === 'IncDecStmt' && unparenExpr(post.x).kind === 'Ident') ||
    (post.kind === 'AssignStmt' && (post.tok === Tok.ADD_ASSIGN || post.tok === Tok.SUB_ASSIGN));
  return b && steps ? b : null;
}

/** The first numeric buffer indexed by the counter in a C call argument of the loop body. */
function firstIndexed(ctx: RuleContext, loop: ast.ForStmt, counter: Binding): { buf: ast.Expr; elem: LType } | null {
  let found: { buf: ast.Expr; elem: LType } | null = null;
  inspect(loop.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind !== 'CallExpr' || !cCall(ctx.pkg, n)) return true;
    for (const arg of n.args) {
      inspect(arg, (m) => {
        if (found) return false;
        if (m.kind === 'IndexExpr' && mentions(ctx, m.index, [counter])) {
          const elem = elemType(ctx, m.x);
          if (elem) found = { buf: m.x, elem };
        }
        return true;
      });
    }
    return true;
  });
  return found;
}

function indexesWith(ctx: RuleContext, arg: ast.Expr, counter: Binding, buf: ast.Expr): boolean {
  let found = false;
  inspect(arg, (n) => {
    if (found) return false;
    if (n.kind === 'IndexExpr' && mentions(ctx, n.index, [counter]) && srcText(ctx, n.x) === srcText(ctx, buf)) found = true;
    return true;
  });
  return found;
}
