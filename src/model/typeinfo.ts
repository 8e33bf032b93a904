// Light type inference over a package: declarations, `:=` from make/new/composite literals/
// known std calls, struct fields (with embedding), method receivers and function results.
// Every answer is memoised; cycles and anything unknowable give UNKNOWN.

import type * as ast from '../parse/ast.js';
import { ChanDir } from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { STD_FUNC_RESULTS, STD_METHOD_RESULTS } from '../knowledge/stdlib.js';
import type { PackageModel } from './package.js';
import type { Binding } from './scope.js';
import { deref, isBasicName, type LType, named, ptr, tupleItem, UNKNOWN } from './types.js';

const BOOL: LType = { k: 'basic', name: 'bool' };
const INT: LType = { k: 'basic', name: 'int' };

export interface FieldInfo {
  field: ast.Field;
  type: LType;
  /** Names of the embedded fields traversed to reach it (empty for a direct field). */
  via: string[];
  /** The struct type's name, when the field belongs to a named type of this package. */
  owner: string | null;
}

export interface MethodInfo {
  decl: ast.FuncDecl;
  /** Receiver base type name. */
  owner: string;
  via: string[];
}

/** Per-node memo of `typeOf`, tagged with the TypeInfo that computed it. */
interface TypeSlot {
  typeGen?: number;
  ltype?: LType;
}

let nextGeneration = 1;

export class TypeInfo {
  private readonly gen = nextGeneration++;
  private readonly bindingTypes = new Map<number, LType>();
  private readonly inProgress = new Set<object>();

  constructor(private readonly pkg: PackageModel) {}

  static of(pkg: PackageModel): TypeInfo {
    return pkg.analysis('typeinfo', (p) => new TypeInfo(p));
  }

  typeOf(e: ast.Expr): LType {
    // a name's type is memoised on its binding: no slot written on millions of identifiers
    if (e.kind === 'Ident') return this.compute(e);
    // memoised on the node itself: keying a Map by millions of fresh nodes costs more than the
    // inference (each key needs an identity hash); the generation tells this package's answers
    // from those of an earlier model built over the same trees (the language server reuses them)
    const slot = e as ast.Expr & TypeSlot;
    if (slot.typeGen === this.gen) return slot.ltype ?? UNKNOWN; // undefined: in progress (a cycle)
    slot.typeGen = this.gen;
    slot.ltype = undefined;
    let t: LType;
    try {
      t = this.compute(e);
    } catch (err) {
      slot.typeGen = 0;
      throw err;
    }
    slot.ltype = t;
    return t;
  }

  bindingType(b: Binding): LType {
    const cached = this.bindingTypes.get(b.id);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(b)) return UNKNOWN;
    this.inProgress.add(b);
    let t: LType;
    try {
      t = this.computeBinding(b);
    } finally {
      this.inProgress.delete(b);
    }
    this.bindingTypes.set(b.id, t);
    return t;
  }

  /** The type a binding of an identifier has at its use, or UNKNOWN. */
  identType(id: ast.Ident): LType {
    const b = this.pkg.bindingOf(id);
    return b ? this.bindingType(b) : UNKNOWN;
  }

  /** Resolves named types of this package to their underlying type (maps, structs, ...). */
  underlying(t: LType, depth = 0): LType {
    if (t.k !== 'named' || t.pkg !== '' || depth > 8) return t;
    const spec = this.pkg.typeSpec(t.name);
    if (!spec) return t;
    const u = this.typeFromExpr(spec.type);
    return u.k === 'named' ? this.underlying(u, depth + 1) : u;
  }

  /** Converts a type expression to a light type. */
  typeFromExpr(e: ast.Expr): LType {
    switch (e.kind) {
      case 'Ident': {
        const b = this.pkg.bindingOf(e);
        if (!b) return isBasicName(e.name) ? basicOrIface(e.name) : UNKNOWN;
        if (b.kind !== 'type') return UNKNOWN;
        if (b.role === 'universe') return basicOrIface(e.name);
        if (b.role === 'param') return UNKNOWN; // type parameter
        return named('', e.name);
      }
      case 'SelectorExpr': {
        if (e.x.kind !== 'Ident') return UNKNOWN;
        const b = this.pkg.bindingOf(e.x);
        if (b?.kind === 'import' && b.importPath !== undefined) return named(b.importPath, e.sel.name);
        return UNKNOWN;
      }
      case 'StarExpr':
        return ptr(this.typeFromExpr(e.x));
      case 'ParenExpr':
        return this.typeFromExpr(e.x);
      case 'ArrayType':
        if (e.len === null) return { k: 'slice', elem: this.typeFromExpr(e.elt) };
        return {
          k: 'array',
          elem: this.typeFromExpr(e.elt),
          len: e.len.kind === 'BasicLit' && e.len.litKind === Tok.INT ? Number(e.len.value) : null,
        };
      case 'Ellipsis':
        return { k: 'slice', elem: e.elt ? this.typeFromExpr(e.elt) : UNKNOWN };
      case 'MapType':
        return { k: 'map', key: this.typeFromExpr(e.key), elem: this.typeFromExpr(e.value) };
      case 'ChanType':
        return { k: 'chan', dir: e.dir, elem: this.typeFromExpr(e.value) };
      case 'FuncType':
        return this.funcType(e);
      case 'StructType':
        return { k: 'struct', node: e };
      case 'InterfaceType':
        return { k: 'iface', node: e };
      case 'IndexExpr':
      case 'IndexListExpr':
        return this.typeFromExpr(e.x); // generic instantiation: the type arguments do not matter here
      default:
        return UNKNOWN;
    }
  }

  funcType(ft: ast.FuncType): LType {
    const expand = (list: ast.FieldList | null): LType[] => {
      const out: LType[] = [];
      for (const f of list?.list ?? []) {
        const t = f.type ? this.typeFromExpr(f.type) : UNKNOWN;
        for (let i = 0; i < Math.max(1, f.names.length); i++) out.push(t);
      }
      return out;
    };
    const last = ft.params.list[ft.params.list.length - 1];
    return { k: 'func', params: expand(ft.params), results: expand(ft.results), variadic: last?.type?.kind === 'Ellipsis' };
  }

  /** Field of a (pointer to) struct type, following embedded fields. */
  field(t: LType, name: string): FieldInfo | null {
    return this.findField(deref(t), name, 0);
  }

  private findField(t: LType, name: string, depth: number): FieldInfo | null {
    if (depth > 3) return null;
    const owner = t.k === 'named' && t.pkg === '' ? t.name : null;
    const u = this.underlying(t);
    if (u.k !== 'struct' || u.node === null) return null;
    const embedded: { field: ast.Field; name: string }[] = [];
    for (const f of u.node.fields.list) {
      if (f.names.length === 0) {
        const en = embeddedName(f.type);
        if (en === name) return { field: f, type: f.type ? this.typeFromExpr(f.type) : UNKNOWN, via: [], owner };
        if (en !== null) embedded.push({ field: f, name: en });
        continue;
      }
      for (const n of f.names) {
        if (n.name === name) return { field: f, type: f.type ? this.typeFromExpr(f.type) : UNKNOWN, via: [], owner };
      }
    }
    for (const e of embedded) {
      if (!e.field.type) continue;
      const found = this.findField(deref(this.typeFromExpr(e.field.type)), name, depth + 1);
      if (found) return { ...found, via: [e.name, ...found.via] };
    }
    return null;
  }

  /** Method declared in this package on the (pointer to) named type, following embedding. */
  method(t: LType, name: string): MethodInfo | null {
    if (!this.pkg.hasMethodNamed(name)) return null;
    return this.findMethod(deref(t), name, 0);
  }

  private findMethod(t: LType, name: string, depth: number): MethodInfo | null {
    if (depth > 3 || t.k !== 'named' || t.pkg !== '') return null;
    const decl = this.pkg.method(t.name, name);
    if (decl) return { decl, owner: t.name, via: [] };
    const u = this.underlying(t);
    if (u.k !== 'struct' || u.node === null) return null;
    for (const f of u.node.fields.list) {
      if (f.names.length !== 0 || !f.type) continue;
      const found = this.findMethod(deref(this.typeFromExpr(f.type)), name, depth + 1);
      if (found) return { ...found, via: [embeddedName(f.type) ?? '', ...found.via] };
    }
    return null;
  }

  /** The embedded field of a struct type through which a std type (e.g. sync.Mutex) is promoted. */
  embeddedOfType(t: LType, pkg: string, typeName: string): string | null {
    const u = this.underlying(deref(t));
    if (u.k !== 'struct' || u.node === null) return null;
    for (const f of u.node.fields.list) {
      if (f.names.length !== 0 || !f.type) continue;
      const ft = deref(this.typeFromExpr(f.type));
      if (ft.k === 'named' && ft.pkg === pkg && ft.name === typeName) return embeddedName(f.type);
    }
    return null;
  }

  /** The declaration a call invokes, when it is a function or method of this package. */
  callee(call: ast.CallExpr): ast.FuncDecl | null {
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'Ident') {
      const b = this.pkg.bindingOf(fun);
      if (b?.kind === 'func' && b.decl?.kind === 'FuncDecl') return b.decl;
      return null;
    }
    if (fun.kind === 'SelectorExpr') {
      // only this package's methods are found: by another name, no need to type the receiver
      if (!this.pkg.hasMethodNamed(fun.sel.name)) return null;
      const xb = fun.x.kind === 'Ident' ? this.pkg.bindingOf(fun.x) : undefined;
      if (xb?.kind === 'import') return null;
      if (xb?.kind === 'type') return this.pkg.method(fun.x.kind === 'Ident' ? fun.x.name : '', fun.sel.name) ?? null; // method expression T.m
      return this.method(this.typeOf(fun.x), fun.sel.name)?.decl ?? null;
    }
    if (fun.kind === 'IndexExpr' || fun.kind === 'IndexListExpr') {
      // generic function instantiation f[T](...)
      const inner = unparenExpr(fun.x);
      if (inner.kind === 'Ident') {
        const b = this.pkg.bindingOf(inner);
        if (b?.kind === 'func' && b.decl?.kind === 'FuncDecl') return b.decl;
      }
    }
    return null;
  }

  /** "importpath.Name" for a call of a package-level function of another package (or C). */
  qualifiedCallee(call: ast.CallExpr): string | null {
    const fun = unparenExpr(call.fun);
    if (fun.kind !== 'SelectorExpr' || fun.x.kind !== 'Ident') return null;
    const b = this.pkg.bindingOf(fun.x);
    if (b?.kind !== 'import' || b.importPath === undefined) return null;
    return `${b.importPath}.${fun.sel.name}`;
  }

  // -------------------------------------------------------------------------

  private computeBinding(b: Binding): LType {
    if (b.kind === 'func') return b.decl?.kind === 'FuncDecl' ? this.funcType(b.decl.type) : UNKNOWN;
    if (b.kind !== 'var' && b.kind !== 'const') return UNKNOWN;
    if (b.typeExpr !== null) {
      const t = this.typeFromExpr(b.typeExpr);
      // a variadic parameter `xs ...T` is a []T inside the function
      if (b.typeExpr.kind === 'Ellipsis') return t;
      return t;
    }
    const src = b.source;
    switch (src.k) {
      case 'init': {
        const e = src.expr;
        if (src.ofTuple) {
          // comma-ok forms: v, ok := m[k] / <-ch / x.(T)
          const inner = unparenExpr(e);
          if (inner.kind === 'IndexExpr' || inner.kind === 'TypeAssertExpr' || (inner.kind === 'UnaryExpr' && inner.op === Tok.ARROW)) {
            return src.index === 0 ? this.typeOf(inner) : BOOL;
          }
          return tupleItem(this.typeOf(e), src.index);
        }
        return this.typeOf(e);
      }
      case 'range': {
        const t = this.underlying(this.typeOf(src.expr));
        const base = t.k === 'ptr' ? this.underlying(t.elem) : t;
        switch (base.k) {
          case 'map':
            return src.index === 0 ? base.key : base.elem;
          case 'slice':
          case 'array':
            return src.index === 0 ? INT : base.elem;
          case 'chan':
            return src.index === 0 ? base.elem : UNKNOWN;
          case 'basic':
            return base.name === 'string' ? (src.index === 0 ? INT : { k: 'basic', name: 'rune' }) : src.index === 0 ? base : UNKNOWN;
          default:
            return UNKNOWN;
        }
      }
      case 'typeswitch':
        return src.type ? this.typeFromExpr(src.type) : this.typeOf(src.subject);
      default:
        return UNKNOWN;
    }
  }

  // the lock-copied rule's precheck (CopyFinder.mayHold) follows these cases
  private compute(e: ast.Expr): LType {
    switch (e.kind) {
      case 'Ident': {
        const b = this.pkg.bindingOf(e);
        if (!b) return UNKNOWN;
        if (b.kind === 'var' || b.kind === 'func' || b.kind === 'const') return this.bindingType(b);
        return UNKNOWN;
      }
      case 'BasicLit':
        switch (e.litKind) {
          case Tok.INT:
            return INT;
          case Tok.FLOAT:
            return { k: 'basic', name: 'float64' };
          case Tok.IMAG:
            return { k: 'basic', name: 'complex128' };
          case Tok.CHAR:
            return { k: 'basic', name: 'rune' };
          default:
            return { k: 'basic', name: 'string' };
        }
      case 'ParenExpr':
        return this.typeOf(e.x);
      case 'FuncLit':
        return this.funcType(e.type);
      case 'CompositeLit':
        return e.type ? this.typeFromExpr(e.type) : UNKNOWN;
      case 'SelectorExpr':
        return this.selectorType(e);
      case 'IndexExpr': {
        const t = this.underlying(this.typeOf(e.x));
        const base = t.k === 'ptr' ? this.underlying(t.elem) : t;
        switch (base.k) {
          case 'map':
            return base.elem;
          case 'slice':
          case 'array':
            return base.elem;
          case 'basic':
            return base.name === 'string' ? { k: 'basic', name: 'byte' } : UNKNOWN;
          default:
            return UNKNOWN;
        }
      }
      case 'SliceExpr': {
        const t = this.underlying(this.typeOf(e.x));
        if (t.k === 'array') return { k: 'slice', elem: t.elem };
        if (t.k === 'ptr') {
          const u = this.underlying(t.elem);
          if (u.k === 'array') return { k: 'slice', elem: u.elem };
        }
        return this.typeOf(e.x);
      }
      case 'TypeAssertExpr':
        return e.type ? this.typeFromExpr(e.type) : UNKNOWN;
      case 'CallExpr':
        return this.callType(e);
      case 'StarExpr': {
        const t = this.typeOf(e.x);
        return t.k === 'ptr' ? t.elem : UNKNOWN;
      }
      case 'UnaryExpr':
        switch (e.op) {
          case Tok.AND:
            return ptr(this.typeOf(e.x));
          case Tok.ARROW: {
            const t = this.underlying(this.typeOf(e.x));
            return t.k === 'chan' ? t.elem : UNKNOWN;
          }
          case Tok.NOT:
            return BOOL;
          default:
            return this.typeOf(e.x);
        }
      case 'BinaryExpr':
        switch (e.op) {
          case Tok.EQL:
          case Tok.NEQ:
          case Tok.LSS:
          case Tok.LEQ:
          case Tok.GTR:
          case Tok.GEQ:
          case Tok.LAND:
          case Tok.LOR:
            return BOOL;
          case Tok.SHL:
          case Tok.SHR:
            return this.typeOf(e.x);
          default: {
            // long `a + b + c + ...` chains are left-deep: walk the spine instead of recursing
            let left: ast.Expr = e;
            while (left.kind === 'BinaryExpr' && !isComparison(left.op)) left = left.x;
            const l = this.typeOf(left);
            return l.k !== 'unknown' ? l : this.typeOf(e.y);
          }
        }
      case 'KeyValueExpr':
        return this.typeOf(e.value);
      default:
        // type expressions used as values (conversions are handled in callType)
        return UNKNOWN;
    }
  }

  private selectorType(e: ast.SelectorExpr): LType {
    if (e.x.kind === 'Ident') {
      const xb = this.pkg.bindingOf(e.x);
      if (xb?.kind === 'import') return UNKNOWN; // package member used as a value
      if (xb?.kind === 'type') {
        // method expression T.m: a func taking the receiver first
        const m = this.pkg.method(e.x.name, e.sel.name);
        return m ? this.funcType(m.type) : UNKNOWN;
      }
    }
    const base = this.typeOf(e.x);
    const f = this.field(base, e.sel.name);
    if (f) return f.type;
    const m = this.method(base, e.sel.name);
    if (m) return this.funcType(m.decl.type);
    const d = deref(base);
    if (d.k === 'named') {
      const std = STD_METHOD_RESULTS.get(`${d.pkg}.${d.name}.${e.sel.name}`);
      // fields of std types listed with their type (Ticker.C); methods are handled by callType
      if (std && e.sel.name === 'C') return std;
    }
    return UNKNOWN;
  }

  private callType(call: ast.CallExpr): LType {
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'Ident') {
      const b = this.pkg.bindingOf(fun);
      if (b?.role === 'universe') {
        switch (fun.name) {
          case 'make':
            return call.args[0] ? this.typeFromExpr(call.args[0]) : UNKNOWN;
          case 'new':
            return call.args[0] ? ptr(this.typeFromExpr(call.args[0])) : UNKNOWN;
          case 'append':
            return call.args[0] ? this.typeOf(call.args[0]) : UNKNOWN;
          case 'len':
          case 'cap':
          case 'copy':
            return INT;
          case 'recover':
            return { k: 'iface', node: null };
          default:
            if (b.kind === 'type') return basicOrIface(fun.name); // conversion int(x)
            return UNKNOWN;
        }
      }
      if (b?.kind === 'type') return this.typeFromExpr(fun); // conversion T(x)
    }
    if (isTypeExpr(fun)) return this.typeFromExpr(fun);
    if (fun.kind === 'SelectorExpr' && fun.x.kind === 'Ident') {
      const xb = this.pkg.bindingOf(fun.x);
      if (xb?.kind === 'import' && xb.importPath !== undefined) {
        const known = STD_FUNC_RESULTS.get(`${xb.importPath}.${fun.sel.name}`);
        if (known) return known;
        // C.struct_x(...)/C.int(x) conversions and calls: a C value
        if (xb.importPath === 'C') return named('C', fun.sel.name);
        return UNKNOWN;
      }
    }
    if (fun.kind === 'SelectorExpr') {
      const recv = deref(this.typeOf(fun.x));
      if (recv.k === 'named' && recv.pkg !== '') {
        const std = STD_METHOD_RESULTS.get(`${recv.pkg}.${recv.name}.${fun.sel.name}`);
        if (std) return std;
      }
    }
    const ft = this.typeOf(fun);
    if (ft.k === 'func') {
      if (ft.results.length === 1) return ft.results[0]!;
      if (ft.results.length > 1) return { k: 'tuple', items: ft.results };
      return { k: 'tuple', items: [] };
    }
    return UNKNOWN;
  }
}

export function isComparison(op: Tok): boolean {
  return (
    op === Tok.EQL ||
    op === Tok.NEQ ||
    op === Tok.LSS ||
    op === Tok.LEQ ||
    op === Tok.GTR ||
    op === Tok.GEQ ||
    op === Tok.LAND ||
    op === Tok.LOR
  );
}

function basicOrIface(name: string): LType {
  return name === 'any' ? { k: 'iface', node: null } : name === 'error' ? named('', 'error') : { k: 'basic', name };
}

export function unparenExpr(e: ast.Expr): ast.Expr {
  while (e.kind === 'ParenExpr') e = e.x;
  return e;
}

/** Type literals: a call of one is a conversion. */
export function isTypeExpr(e: ast.Expr): boolean {
  switch (e.kind) {
    case 'ArrayType':
    case 'MapType':
    case 'ChanType':
    case 'FuncType':
    case 'StructType':
    case 'InterfaceType':
      return true;
    case 'StarExpr':
      return isTypeExpr(e.x);
    default:
      return false;
  }
}

/** The name an embedded field is accessed by: T for T, *T, pkg.T, T[P]. */
export function embeddedName(t: ast.Expr | null): string | null {
  while (t !== null) {
    switch (t.kind) {
      case 'StarExpr':
      case 'ParenExpr':
        t = t.x;
        continue;
      case 'IndexExpr':
      case 'IndexListExpr':
        t = t.x;
        continue;
      case 'SelectorExpr':
        return t.sel.name;
      case 'Ident':
        return t.name;
      default:
        return null;
    }
  }
  return null;
}

/** Buffer size of a `make(chan T, n)` with a literal or constant n: 0 when unbuffered, null when unknown. */
export function makeChanCapacity(call: ast.CallExpr): number | null {
  if (call.args.length < 2) return 0;
  const n = unparenExpr(call.args[1]!);
  if (n.kind === 'BasicLit' && n.litKind === Tok.INT) {
    const v = Number(n.value.replace(/_/g, ''));
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

export { ChanDir };
