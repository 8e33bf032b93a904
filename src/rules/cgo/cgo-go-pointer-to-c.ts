import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { retainingWord } from '../../knowledge/cgo.js';
import { builtinName, isMethodOn } from '../../model/calls.js';
import { cCall, cgoTypeOf, stripConversions } from '../../model/cgo.js';
import { CMemory } from '../../model/cmem.js';
import { atLeast } from '../../model/goversion.js';
import { enclosingFunc } from '../../model/obligations.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { type LType, typeString } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { lineRef, skipped, srcText } from './cgo-text.js';

type Origin = 'go' | 'c' | 'unknown';

interface Pointee {
  type: LType;
  origin: Origin;
}

export default defineRule({
  meta: {
    id: 'cgo-go-pointer-to-c',
    family: 'cgo',
    severity: 'warning',
    category: 'correctness',
    title: 'pointers to Go memory passed to or stored in C in violation of the cgo pointer-passing rules',
    docs: {
      why:
        'cgo lets Go pass a Go pointer to C only if the Go memory it points to holds no Go pointers, and C may not ' +
        'keep a copy of a Go pointer after the call returns; Go pointers may not be stored in C memory at all ' +
        '(cmd/cgo, "Passing pointers"). The garbage collector does not see what C holds, so it can free a Go object ' +
        'while C still uses it, and the runtime\'s cgocheck panics when it catches a ' +
        'violation ("cgo argument has Go pointer to Go pointer", since Go 1.21 "...to unpinned Go pointer"; with ' +
        'GODEBUG=cgocheck=2 or GOEXPERIMENT=cgocheck2 also "Go pointer stored into non-Go memory").\n\n' +
        'go vet\'s cgocall check sees only a map, chan, func or slice-typed value written directly in the call. This ' +
        'rule also follows the pointer through conversions and local variables, and reports: pointers to Go structs, ' +
        'arrays or slice elements that hold strings, slices, maps, funcs, interfaces or Go pointers; Go pointers ' +
        'written into C memory (a C.malloc buffer or a struct returned by C); Go-allocated C structs that get a Go ' +
        'pointer stored in a field and are then passed to C; and Go pointers given to a C function whose name suggests ' +
        'it keeps them (register, set, queue, start...: a heuristic, said so in the message). Functions that pin ' +
        'their objects with runtime.Pinner (Go 1.21+) are not reported.',
      bad: `package audio

/*
void mixer_render(void *voices, int n);
*/
import "C"

import "unsafe"

type Voice struct {
	Name    string
	Samples []float32
}

func Submit(voices []Voice) {
	C.mixer_render(unsafe.Pointer(&voices[0]), C.int(len(voices)))
}
`,
      good: `package audio

/*
typedef struct { float *samples; int n; } voice_t;
void mixer_render(voice_t *voices, int n);
*/
import "C"

import "unsafe"

type Voice struct {
	Name    string
	Samples []float32
}

func Submit(voices []Voice) {
	cv := (*C.voice_t)(C.calloc(C.size_t(len(voices)), C.size_t(unsafe.Sizeof(C.voice_t{}))))
	defer C.free(unsafe.Pointer(cv))
	view := unsafe.Slice(cv, len(voices))
	for i, v := range voices {
		view[i].samples = (*C.float)(C.CBytes(float32Bytes(v.Samples)))
		view[i].n = C.int(len(v.Samples))
		defer C.free(unsafe.Pointer(view[i].samples))
	}
	C.mixer_render(cv, C.int(len(voices)))
}

func float32Bytes(f []float32) []byte {
	if len(f) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*4)
}
`,
      fix:
        'Copy the data C needs into C memory (C.malloc/C.CBytes) and pass that; give C an integer handle instead of a ' +
        'Go pointer it keeps (runtime/cgo.Handle since Go 1.17); or, on Go 1.21+, pin the objects the C side may ' +
        'reach with a runtime.Pinner for as long as it uses them.',
      seeAlso: ['https://pkg.go.dev/cmd/cgo#hdr-Passing_pointers', 'go vet cgocall', 'https://pkg.go.dev/runtime/cgo#Handle', 'https://pkg.go.dev/runtime#Pinner'],
    },
    messages: {
      nested:
        '{arg} points to Go memory that holds Go pointers ({inside}): passing it to {callee} violates the cgo pointer rules (cgocheck panics: "cgo argument has Go pointer to {unpinned}Go pointer")',
      storedInC: 'Go pointer {value} stored into C memory ({target}): the garbage collector does not see it and may free the object while C uses it (cgocheck2: "Go pointer stored into non-Go memory")',
      storedThenPassed:
        '{arg} is Go memory, and {field} holds a Go pointer stored at {storedAt}: passing it to {callee} violates the cgo pointer rules (cgocheck panics: "cgo argument has Go pointer to {unpinned}Go pointer")',
      retained:
        'Go pointer {arg} is passed to {callee}, whose name ("{word}") suggests C keeps it after the call returns (heuristic): C may not retain Go pointers, and the object can be freed while C still uses it',
    },
    help: {
      nested: 'Copy the data into C memory (C.malloc/C.CBytes) and pass that{pinHelp}.',
      storedInC: 'Store a C copy of the data (C.CBytes/C.CString) instead{pinHelp}.',
      storedThenPassed: 'Allocate the C struct with C.malloc and store C copies of the data in it{pinHelp}.',
      retained: 'Give C an integer handle instead ({handleHelp}), or allocate what C keeps in C memory.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '违反 cgo 指针传递规则，把指向 Go 内存的指针传给 C 或存进 C',
        why: 'cgo 只允许 Go 把 Go 指针传给 C 的前提是：它指向的 Go 内存中不含 Go 指针，而且调用返回后 C 不能保留这个 Go 指针的副本；Go 指针根本不允许存进 C 内存（cmd/cgo 文档 "Passing pointers"）。垃圾回收器看不到 C 持有的东西，因此可能在 C 还在使用时释放 Go 对象；运行时的 cgocheck 发现违规时会 panic（"cgo argument has Go pointer to Go pointer"，从 Go 1.21 起是 "...to unpinned Go pointer"；设置 GODEBUG=cgocheck=2 或 GOEXPERIMENT=cgocheck2 时还有 "Go pointer stored into non-Go memory"）。\n\ngo vet 的 cgocall 检查只能看到直接写在调用中的 map、chan、func 或 slice 类型的值。本规则还会穿过类型转换和局部变量追踪指针，并报告：指向含有 string、slice、map、func、interface 或 Go 指针的 Go 结构体、数组或 slice 元素的指针；写进 C 内存（C.malloc 的缓冲区或 C 返回的结构体）的 Go 指针；由 Go 分配、在字段中存了 Go 指针后又传给 C 的 C 结构体；以及传给名字暗示会保留它的 C 函数（register、set、queue、start……：这是启发式判断，消息中会注明）的 Go 指针。用 runtime.Pinner（Go 1.21+）固定了对象的函数不报告。',
        fix: '把 C 需要的数据复制到 C 内存（C.malloc/C.CBytes）再传过去；给 C 一个整数句柄而不是让它保留 Go 指针（Go 1.17 起的 runtime/cgo.Handle）；或者在 Go 1.21+ 中，在 C 使用期间用 runtime.Pinner 固定 C 可能访问到的对象。',
        messages: {
          nested: '{arg} 指向的 Go 内存中含有 Go 指针（{inside}）：把它传给 {callee} 违反 cgo 指针规则（cgocheck 会 panic："cgo argument has Go pointer to {unpinned}Go pointer"）',
          storedInC: 'Go 指针 {value} 被存进了 C 内存（{target}）：垃圾回收器看不到它，可能在 C 使用对象时把对象释放（cgocheck2："Go pointer stored into non-Go memory"）',
          storedThenPassed: '{arg} 是 Go 内存，而 {field} 中存有一个 Go 指针（在 {storedAt} 存入）：把它传给 {callee} 违反 cgo 指针规则（cgocheck 会 panic："cgo argument has Go pointer to {unpinned}Go pointer"）',
          retained: 'Go 指针 {arg} 被传给 {callee}，从名字（"{word}"）看 C 会在调用返回后保留它（启发式判断）：C 不能保留 Go 指针，对象可能在 C 仍在使用时被释放',
        },
        help: {
          nested: '把数据复制到 C 内存（C.malloc/C.CBytes）再传过去{pinHelp}。',
          storedInC: '改为存入数据的 C 副本（C.CBytes/C.CString）{pinHelp}。',
          storedThenPassed: '用 C.malloc 分配这个 C 结构体，并在其中存入数据的 C 副本{pinHelp}。',
          retained: '改为给 C 一个整数句柄（{handleHelp}），或者把 C 要保留的东西分配在 C 内存中。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    if (!pkg.files.some((f) => f.usesCgo)) return;
    const modern = atLeast(ctx.goVersion, 21);
    const common = {
      unpinned: modern ? 'unpinned ' : '',
      pinHelp: modern ? ', or pin the inner objects with a runtime.Pinner while C uses them' : '',
      handleHelp: atLeast(ctx.goVersion, 17) ? 'runtime/cgo.NewHandle' : 'a map from integer ids to objects',
    };
    const pinned = new Map<FuncNode, boolean>();
    const pins = (fn: FuncNode | null): boolean => {
      if (!fn) return false;
      let v = pinned.get(fn);
      if (v === undefined) pinned.set(fn, (v = usesPinner(ctx, fn)));
      return v;
    };
    for (const call of pkg.calls) {
      const c = cCall(pkg, call);
      if (!c || c.helper || c.name === 'free') continue;
      if (skipped(pkg.fileOfNode(call))) continue;
      const fn = enclosingFunc(call);
      const callee = `C.${c.name}`;
      const word = retainingWord(c.name);
      for (const arg of call.args) {
        const pt = pointee(ctx, arg, 0);
        if (!pt || pt.origin === 'c') continue;
        const inside = goPointersIn(ctx, pt.type, 0);
        if (word !== null && pt.origin === 'go' && isGoObject(ctx, pt.type) && !pins(fn)) {
          ctx.report({ node: arg, messageId: 'retained', data: { ...common, arg: srcText(ctx, arg), callee, word } });
          break;
        }
        if (inside !== null && !pins(fn)) {
          ctx.report({ node: arg, messageId: 'nested', data: { ...common, arg: srcText(ctx, arg), inside, callee } });
          break;
        }
        const stored = inside === null && pt.origin === 'go' ? storedGoPointer(ctx, arg, fn) : null;
        if (stored && !pins(fn)) {
          ctx.report({
            node: arg,
            messageId: 'storedThenPassed',
            data: { ...common, arg: srcText(ctx, arg), field: srcText(ctx, stored.lhs), storedAt: lineRef(ctx, arg, stored.stmt), callee },
            related: [{ node: stored.stmt, message: 'Go pointer stored here' }],
          });
          break;
        }
      }
    }
    // Go pointers written into C memory
    for (const fn of pkg.functions) {
      if (!fn.body || skipped(pkg.fileOfNode(fn)) || !pkg.fileOfNode(fn)?.usesCgo) continue;
      inspect(fn.body, (n) => {
        if (n.kind === 'FuncLit') return false;
        if (n.kind !== 'AssignStmt' || n.lhs.length !== n.rhs.length) return true;
        n.lhs.forEach((lhs, i) => {
          const rhs = n.rhs[i]!;
          if (!isStoreTarget(lhs) || memoryOf(ctx, lhs) !== 'c') return;
          if (!isGoPointerValue(ctx, rhs) || pins(fn)) return;
          ctx.report({ node: rhs, messageId: 'storedInC', data: { ...common, value: srcText(ctx, rhs), target: srcText(ctx, lhs) } });
        });
        return true;
      });
    }
  },
});

function isCType(t: LType): boolean {
  return t.k === 'named' && (t.pkg === 'C' || t.pkg === 'unsafe');
}

/** True for `x.f`, `x[i]`, `*x`: a place inside some memory. */
function isStoreTarget(e: ast.Expr): boolean {
  const x = unparenExpr(e);
  return x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr';
}

/** What a pointer expression points to, and where that memory lives. */
function pointee(ctx: RuleContext, e: ast.Expr, depth: number): Pointee | null {
  if (depth > 4) return null;
  const pkg = ctx.pkg;
  const ti = TypeInfo.of(pkg);
  const x = stripConversions(pkg, e);
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) {
    return { type: ti.typeOf(x.x), origin: placeOrigin(ctx, x.x, depth) };
  }
  if (x.kind === 'Ident') {
    const b = pkg.bindingOf(x);
    if (b?.kind === 'var' && b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple) {
      const inner = stripConversions(pkg, b.source.expr);
      if (inner !== b.source.expr || inner.kind === 'UnaryExpr') {
        const viaInit = pointee(ctx, b.source.expr, depth + 1);
        if (viaInit) return viaInit;
      }
    }
  }
  const t = ti.underlying(cgoTypeOf(pkg, x));
  if (t.k === 'ptr' && !isCType(t.elem)) {
    return { type: t.elem, origin: valueOrigin(ctx, x, depth) };
  }
  return null;
}

/** Where the variable or element `place` (the operand of `&`) lives. */
function placeOrigin(ctx: RuleContext, place: ast.Expr, depth: number): Origin {
  const x = unparenExpr(place);
  switch (x.kind) {
    case 'Ident': {
      const b = ctx.pkg.bindingOf(x);
      return b?.kind === 'var' ? 'go' : 'unknown';
    }
    case 'CompositeLit':
      return 'go';
    case 'IndexExpr': {
      // &s[i]: the backing array of s (or the array itself)
      const base = unparenExpr(x.x);
      const t = TypeInfo.of(ctx.pkg).underlying(TypeInfo.of(ctx.pkg).typeOf(base));
      if (t.k === 'array') return placeOrigin(ctx, base, depth);
      return valueOrigin(ctx, base, depth);
    }
    case 'SelectorExpr': {
      const t = TypeInfo.of(ctx.pkg).typeOf(x.x);
      return t.k === 'ptr' ? valueOrigin(ctx, x.x, depth) : placeOrigin(ctx, x.x, depth);
    }
    case 'StarExpr':
      return valueOrigin(ctx, x.x, depth);
    default:
      return 'unknown';
  }
}

/** Where the memory a pointer or slice value refers to was allocated. */
function valueOrigin(ctx: RuleContext, e: ast.Expr, depth: number): Origin {
  if (depth > 4) return 'unknown';
  const pkg = ctx.pkg;
  const x = stripConversions(pkg, e);
  switch (x.kind) {
    case 'UnaryExpr':
      return x.op === Tok.AND ? placeOrigin(ctx, x.x, depth + 1) : 'unknown';
    case 'CompositeLit':
      return 'go';
    case 'SliceExpr':
      return valueOrigin(ctx, x.x, depth + 1);
    case 'CallExpr': {
      if (cCall(pkg, x)) return 'c';
      if (CMemory.of(pkg).allocs.some((a) => a.call === x)) return 'c';
      const builtin = builtinName(pkg, x);
      if (builtin === 'new' || builtin === 'make' || builtin === 'append') return 'go';
      const q = TypeInfo.of(pkg).qualifiedCallee(x);
      if ((q === 'unsafe.Slice' || q === 'unsafe.String') && x.args[0]) return valueOrigin(ctx, x.args[0], depth + 1);
      return 'unknown';
    }
    case 'Ident': {
      const b = pkg.bindingOf(x);
      if (!b || b.kind !== 'var') return 'unknown';
      if (CMemory.of(pkg).allocs.some((a) => a.target.k === 'local' && a.target.binding === b)) return 'c';
      if (b.role === 'param' || b.role === 'recv') {
        // a slice, or a pointer to a Go type of this package, handed in by Go code: Go memory
        const t = TypeInfo.of(pkg).underlying(TypeInfo.of(pkg).bindingType(b));
        if (t.k === 'slice' && !isCType(t.elem)) return 'go';
        if (t.k === 'ptr' && t.elem.k === 'named' && t.elem.pkg === '') return 'go';
        return 'unknown';
      }
      if (b.source.k === 'init' && !b.source.ofTuple) return valueOrigin(ctx, b.source.expr, depth + 1);
      if (b.source.k === 'none' && b.role === 'local') {
        // var buf [N]T / var s []T: a declared array is Go memory; a nil slice is nothing yet
        const t = TypeInfo.of(pkg).underlying(TypeInfo.of(pkg).bindingType(b));
        return t.k === 'array' ? 'go' : 'unknown';
      }
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** Memory a store target writes into: `cs.data` where cs points to C memory is C memory. */
function memoryOf(ctx: RuleContext, target: ast.Expr): Origin {
  const x = unparenExpr(target);
  const ti = TypeInfo.of(ctx.pkg);
  switch (x.kind) {
    case 'SelectorExpr':
    case 'IndexExpr': {
      const t = ti.underlying(cgoTypeOf(ctx.pkg, x.x));
      if (t.k !== 'struct' && t.k !== 'array' && !(t.k === 'named' && t.pkg === 'C')) {
        const o = valueOrigin(ctx, x.x, 0);
        if (o !== 'unknown') return o;
      }
      return isStoreTarget(x.x) ? memoryOf(ctx, x.x) : 'unknown';
    }
    case 'StarExpr':
      return valueOrigin(ctx, x.x, 0);
    default:
      return 'unknown';
  }
}

/** True for a value that is a pointer into Go memory (or a Go string/slice/map/chan/func). */
function isGoPointerValue(ctx: RuleContext, e: ast.Expr): boolean {
  const pkg = ctx.pkg;
  const x = unparenExpr(e);
  if (x.kind === 'Ident' && x.name === 'nil') return false;
  const inner = stripConversions(pkg, x);
  if (inner.kind === 'CallExpr' && cCall(pkg, inner)) return false;
  if (inner.kind === 'UnaryExpr' && inner.op === Tok.AND) return placeOrigin(ctx, inner.x, 0) === 'go';
  const t = TypeInfo.of(pkg).underlying(cgoTypeOf(pkg, inner));
  if (t.k === 'ptr') return !isCType(t.elem) && valueOrigin(ctx, inner, 0) === 'go';
  return false;
}

/**
 * The Go pointers a type holds, described for messages ("field Name string"), or null when it
 * holds none as far as the light types can tell (C types, numbers, unknown types).
 */
function goPointersIn(ctx: RuleContext, t: LType, depth: number): string | null {
  if (depth > 4) return null;
  const ti = TypeInfo.of(ctx.pkg);
  switch (t.k) {
    case 'basic':
      return t.name === 'string' ? 'a string' : null;
    case 'slice':
      return `a slice (${typeString(t)})`;
    case 'map':
      return 'a map';
    case 'chan':
      return 'a channel';
    case 'func':
      return 'a func';
    case 'iface':
      return 'an interface';
    case 'ptr':
      if (t.elem.k === 'named' && (t.elem.pkg === 'C' || t.elem.pkg === 'unsafe')) return null;
      return t.elem.k === 'unknown' ? null : `a pointer (${typeString(t)})`;
    case 'array': {
      const inner = goPointersIn(ctx, t.elem, depth + 1);
      return inner ? `elements holding ${inner}` : null;
    }
    case 'named': {
      // types of other packages (and C types) are not looked into
      if (t.pkg !== '') return null;
      if (t.name === 'error') return 'an interface';
      const u = ti.underlying(t);
      return u.k === 'named' ? null : goPointersIn(ctx, u, depth + 1);
    }
    case 'struct': {
      if (!t.node) return null;
      for (const f of t.node.fields.list) {
        if (!f.type) continue;
        const inner = goPointersIn(ctx, ti.typeFromExpr(f.type), depth + 1);
        if (inner) return `field ${f.names[0]?.name ?? srcText(ctx, f.type)} is ${inner}`;
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * A Go variable of a C struct type (Go memory) that gets a Go pointer stored in one of its
 * fields in the same function before being passed: `var req C.req_t; req.buf = ...(&data[0]); C.f(&req)`.
 */
function storedGoPointer(ctx: RuleContext, arg: ast.Expr, fn: FuncNode | null): { stmt: ast.Node; lhs: ast.Expr } | null {
  if (!fn?.body) return null;
  const pkg = ctx.pkg;
  const x = stripConversions(pkg, arg);
  let id: ast.Ident | null = null;
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND && unparenExpr(x.x).kind === 'Ident') id = unparenExpr(x.x) as ast.Ident;
  else if (x.kind === 'Ident') id = x;
  const b = id ? pkg.bindingOf(id) : undefined;
  if (!b || b.kind !== 'var' || b.owner !== fn) return null;
  let found: { stmt: ast.Node; lhs: ast.Expr } | null = null;
  inspect(fn.body, (n) => {
    if (found || n.pos >= arg.pos) return false;
    if (n.kind === 'AssignStmt' && n.lhs.length === n.rhs.length) {
      n.lhs.forEach((lhs, i) => {
        const l = unparenExpr(lhs);
        if (found || l.kind !== 'SelectorExpr') return;
        const base = unparenExpr(l.x);
        if (base.kind !== 'Ident' || pkg.bindingOf(base) !== b) return;
        if (isGoPointerValue(ctx, n.rhs[i]!)) found = { stmt: n, lhs: l };
      });
    }
    if (n.kind === 'KeyValueExpr' && n.parent?.kind === 'CompositeLit' && isGoPointerValue(ctx, n.value)) {
      // req := C.req_t{buf: ...}
      const lit = n.parent;
      let p: ast.Node | undefined = lit.parent;
      if (p?.kind === 'UnaryExpr') p = p.parent;
      if (p?.kind === 'AssignStmt' && p.lhs.some((l) => l.kind === 'Ident' && pkg.bindingOf(l) === b)) found = { stmt: n, lhs: n.key };
    }
    return true;
  });
  // the memory must be Go memory: declared, a composite literal, or new(...)
  if (found && valueOrigin(ctx, id!, 0) !== 'c') {
    const t = TypeInfo.of(pkg).bindingType(b);
    const base = t.k === 'ptr' ? t.elem : t;
    if (base.k === 'named' && base.pkg === 'C') return found;
  }
  return null;
}

/**
 * A Go object of the kind passed as C "user data" for later callbacks: a struct, func, map or
 * channel of Go (not arrays of numbers or C pointers, and not C structs on the Go stack, which
 * setters usually copy).
 */
function isGoObject(ctx: RuleContext, t: LType): boolean {
  if (t.k === 'named') {
    if (t.pkg !== '') return false;
    const u = TypeInfo.of(ctx.pkg).underlying(t);
    return u.k === 'struct' || u.k === 'func' || u.k === 'map' || u.k === 'chan';
  }
  return t.k === 'struct' || t.k === 'func' || t.k === 'map' || t.k === 'chan';
}

/** True when the function pins objects with a runtime.Pinner (Go 1.21+). */
function usesPinner(ctx: RuleContext, fn: FuncNode): boolean {
  let found = false;
  inspect(fn.body ?? fn, (n) => {
    if (found) return false;
    if (n.kind === 'CallExpr' && isMethodOn(ctx.pkg, n, 'runtime', 'Pinner', 'Pin')) found = true;
    return true;
  });
  return found;
}
