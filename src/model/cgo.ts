// cgo in the model: which `C.x(...)` calls are calls of C functions (and not conversions to C
// types), the preamble of a file, the functions a file exports to C (`//export`), and how a
// pointer value travels through conversions (`(*C.char)(p)`, `unsafe.Pointer(q)`,
// `(*[1 << 30]byte)(p)[:n:n]`, `unsafe.Slice(p, n)`) without changing the memory it points to.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { C_BASIC_TYPES, C_GO_HELPERS } from '../knowledge/cgo.js';
import type { FileModel, PackageModel } from './package.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import type { LType } from './types.js';

export interface CCall {
  /** The C name: `malloc`, `SDL_QueueAudio`, `CString`. */
  name: string;
  /** A Go helper cgo generates (C.CString, C.GoBytes...) rather than a C function. */
  helper: boolean;
}

interface Preamble {
  text: string;
  types: Set<string>;
  funcs: Set<string>;
}

/** The C function a call invokes (`C.f(...)`), or null for other calls and conversions to C types. */
export function cCall(pkg: PackageModel, call: ast.CallExpr): CCall | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || fun.x.kind !== 'Ident') return null;
  const b = pkg.bindingOf(fun.x);
  if (b?.kind !== 'import' || b.importPath !== 'C') return null;
  const name = fun.sel.name;
  if (C_GO_HELPERS.has(name)) return { name, helper: true };
  if (isCTypeName(pkg, call, name)) return null;
  return { name, helper: false };
}

/** True when `C.name` names a type (so `C.name(x)` is a conversion). */
export function isCTypeName(pkg: PackageModel, at: ast.Node, name: string): boolean {
  if (C_BASIC_TYPES.has(name) || /^(struct|union|enum)_/.test(name)) return true;
  const file = pkg.fileOfNode(at);
  const pre = file ? preamble(pkg, file) : null;
  if (pre?.types.has(name)) return true;
  if (pre?.funcs.has(name)) return false;
  return /_t$/.test(name);
}

/** The C preamble of a file (the comment right above `import "C"`), with the names it declares. */
function preamble(pkg: PackageModel, file: FileModel): Preamble {
  return pkg.analysis(`cgo-preamble:${file.path}`, () => {
    let text = '';
    for (const imp of file.ast.imports) {
      if (imp.path.value !== '"C"') continue;
      // the comment group ending right before the import (or its parenthesised declaration)
      const decl = imp.parent?.kind === 'GenDecl' && imp.parent.specs.length === 1 ? imp.parent : imp;
      const before = file.ast.comments.filter((c) => c.end <= decl.pos);
      let end = decl.pos;
      const group: string[] = [];
      for (let i = before.length - 1; i >= 0; i--) {
        const c = before[i]!;
        if (!/^\s*$/.test(file.src.slice(c.end, end)) || /\n\s*\n/.test(file.src.slice(c.end, end))) break;
        group.unshift(c.text.startsWith('//') ? c.text.slice(2) : c.text.slice(2, -2));
        end = c.pos;
      }
      text += group.join('\n') + '\n';
    }
    const types = new Set<string>();
    const funcs = new Set<string>();
    for (const m of text.matchAll(/\btypedef\b[^;{]*?(?:\{[^}]*\}\s*)?\**\s*\(?\s*\**\s*(\w+)\s*\)?\s*(?:\([^)]*\)\s*)?;/g)) types.add(m[1]!);
    for (const m of text.matchAll(/\b(\w+)\s*\([^;{)]*\)\s*[{;]/g)) {
      const name = m[1]!;
      if (!['if', 'while', 'for', 'switch', 'return', 'sizeof'].includes(name) && !types.has(name)) funcs.add(name);
    }
    return { text, types, funcs };
  });
}

/** Functions of the package exported to C with `//export Name`, with the comment. */
export function exportedFuncs(pkg: PackageModel): Map<ast.FuncDecl, ast.Comment> {
  return pkg.analysis('cgo-exports', () => {
    const out = new Map<ast.FuncDecl, ast.Comment>();
    for (const file of pkg.files) {
      if (!file.usesCgo) continue;
      const byName = new Map<string, ast.FuncDecl>();
      for (const d of file.ast.decls) if (d.kind === 'FuncDecl' && d.body) byName.set(d.name.name, d);
      for (const c of file.ast.comments) {
        const m = /^\/\/export\s+(\w+)/.exec(c.text);
        if (!m) continue;
        const fn = byName.get(m[1]!);
        // the directive is part of the function's doc comment: it precedes the func keyword
        if (fn && c.end <= fn.pos && !/\n\s*\n/.test(file.src.slice(c.end, fn.pos))) out.set(fn, c);
      }
    }
    return out;
  });
}

/** True for a conversion `T(x)` whose type is spelled as a type expression or names a type. */
export function isConversion(pkg: PackageModel, call: ast.CallExpr): boolean {
  if (call.args.length !== 1) return false;
  const fun = unparenExpr(call.fun);
  switch (fun.kind) {
    case 'StarExpr':
    case 'ArrayType':
    case 'MapType':
    case 'ChanType':
    case 'FuncType':
    case 'InterfaceType':
      return true;
    case 'Ident': {
      const b = pkg.bindingOf(fun);
      return b?.kind === 'type';
    }
    case 'SelectorExpr': {
      if (fun.x.kind !== 'Ident') return false;
      const b = pkg.bindingOf(fun.x);
      if (b?.kind !== 'import') return false;
      if (b.importPath === 'unsafe') return fun.sel.name === 'Pointer';
      if (b.importPath === 'C') return isCTypeName(pkg, call, fun.sel.name);
      return false;
    }
    case 'IndexExpr':
    case 'IndexListExpr':
      return false;
    default:
      return false;
  }
}

/** True for `unsafe.Pointer(x)` and conversions to pointer types `(*T)(x)`. */
export function isPointerConversion(pkg: PackageModel, call: ast.CallExpr): boolean {
  if (!isConversion(pkg, call)) return false;
  const fun = unparenExpr(call.fun);
  if (fun.kind === 'StarExpr') return true;
  if (fun.kind === 'SelectorExpr') return fun.sel.name === 'Pointer' || isCTypeName(pkg, call, fun.sel.name);
  if (fun.kind === 'Ident') return fun.name === 'uintptr';
  return false;
}

/**
 * The outermost expression that still carries the same pointer as `e`: through parentheses,
 * conversions, slicing of a converted array pointer, `unsafe.Slice(p, n)`, `unsafe.String(p, n)`
 * and `&x[0]` (the first element's address is the pointer).
 */
export function carrier(pkg: PackageModel, e: ast.Node): ast.Node {
  let cur: ast.Node = e;
  for (let guard = 0; guard < 16; guard++) {
    const p = cur.parent;
    if (!p) break;
    if (p.kind === 'ParenExpr') {
      cur = p;
      continue;
    }
    if (p.kind === 'CallExpr' && p.args.length >= 1 && p.args[0] === cur) {
      if (isConversion(pkg, p)) {
        cur = p;
        continue;
      }
      const q = TypeInfo.of(pkg).qualifiedCallee(p);
      if (q === 'unsafe.Slice' || q === 'unsafe.String') {
        cur = p;
        continue;
      }
    }
    if (p.kind === 'SliceExpr' && p.x === cur) {
      cur = p;
      continue;
    }
    if (p.kind === 'IndexExpr' && p.x === cur && isZero(p.index) && p.parent?.kind === 'UnaryExpr' && p.parent.op === Tok.AND) {
      cur = p.parent;
      continue;
    }
    // *(*T)(p) dereferences: not a carrier
    break;
  }
  return cur;
}

function isZero(e: ast.Expr): boolean {
  const x = unparenExpr(e);
  return x.kind === 'BasicLit' && x.litKind === Tok.INT && Number(x.value) === 0;
}

/** The operand of conversions and parentheses: `x` in `unsafe.Pointer((*T)(x))`. */
export function stripConversions(pkg: PackageModel, e: ast.Expr): ast.Expr {
  let x = unparenExpr(e);
  for (let guard = 0; guard < 16; guard++) {
    if (x.kind === 'CallExpr' && isConversion(pkg, x)) {
      x = unparenExpr(x.args[0]!);
      continue;
    }
    break;
  }
  return x;
}

/**
 * The type of an expression, also for conversions written with a parenthesised type
 * (`(*C.voice_t)(p)`, `(*[1 << 20]byte)(p)`) and variables initialised with one.
 */
export function cgoTypeOf(pkg: PackageModel, e: ast.Expr, depth = 0): LType {
  const ti = TypeInfo.of(pkg);
  const x = unparenExpr(e);
  if (x.kind === 'CallExpr' && x.args.length === 1) {
    const fun = unparenExpr(x.fun);
    if (fun.kind === 'StarExpr' || fun.kind === 'ArrayType') return ti.typeFromExpr(fun);
  }
  const t = ti.typeOf(x);
  if (t.k !== 'unknown' || depth > 3 || x.kind !== 'Ident') return t;
  const b = pkg.bindingOf(x);
  if (b?.kind === 'var' && b.typeExpr === null && b.source.k === 'init' && !b.source.ofTuple) return cgoTypeOf(pkg, b.source.expr, depth + 1);
  return t;
}
