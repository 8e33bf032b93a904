// Copies of values that must not be copied (vet's copylocks): types containing a sync.Mutex,
// RWMutex, WaitGroup, Once, Cond, Map, Pool or a sync/atomic type, passed, received, assigned,
// ranged over, returned or put in a literal by value. Shared by lock-copied and
// waitgroup-by-value (copies of a bare sync.WaitGroup).
//
// Unlike vet, copies of a value nobody has used yet are fine: a zero value or literal just made
// in this function and not yet handed out (`var c Config; c.Name = n; return c`), and a copy whose
// lock is reset right after (`c := *orig; c.mu = sync.Mutex{}`).

import type * as ast from '../../parse/ast.js';
import { isFreshBinding, unpublishedAt } from '../../model/accesses.js';
import { builtinName } from '../../model/calls.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { embeddedName, isComparison, isTypeExpr, TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { type LType, typeString } from '../../model/types.js';
import { Tok } from '../../parse/token.js';
import { eachOfKinds, inspect, kindSet } from '../../parse/walk.js';

/** The type expressions `CopyFinder.typeFacts` looks at. */
const FACT_KINDS = kindSet(['FuncType', 'ArrayType', 'Ellipsis', 'MapType', 'ChanType']);
/** The nodes `CopyFinder.node` looks at. */
const COPY_KINDS = kindSet(['AssignStmt', 'ValueSpec', 'ReturnStmt', 'RangeStmt', 'CallExpr', 'CompositeLit']);

const SYNC_NO_COPY = new Set(['Mutex', 'RWMutex', 'WaitGroup', 'Once', 'Cond', 'Map', 'Pool']);
/** The sync/atomic types with a noCopy marker (atomic.Value has none, and vet accepts its copies). */
const ATOMIC_NO_COPY = new Set(['Bool', 'Int32', 'Int64', 'Uint32', 'Uint64', 'Uintptr', 'Pointer']);
/** Types of other std packages known to hold a lock by value: field → lock. */
const STD_WITH_LOCK = new Map<string, [string, string]>([
  ['crypto/tls.Config', ['mutex', 'sync.RWMutex']],
  ['net/http.Server', ['mu', 'sync.Mutex']],
  ['net/http.Transport', ['idleMu', 'sync.Mutex']],
  ['log.Logger', ['mu', 'sync.Mutex']],
  ['expvar.Map', ['keysMu', 'sync.RWMutex']],
  ['testing.T', ['mu', 'sync.RWMutex']],
  ['testing.B', ['mu', 'sync.RWMutex']],
]);

/** Where the lock sits inside a type: `sync.Mutex` at `mu` (empty path: the type is the lock). */
export interface LockPath {
  lock: string;
  path: string[];
  /** The field of the copied type that holds the lock (absent when the type is the lock). */
  field?: ast.Field;
}

export type CopyKind = 'recv' | 'param' | 'assign' | 'range' | 'return' | 'call' | 'literal';

export interface CopySite {
  kind: CopyKind;
  /** The smallest node that copies: the parameter, the copied expression, the range variable. */
  node: ast.Node;
  fn: FuncNode | null;
  type: LType;
  lock: LockPath;
  /** For parameters and range variables: the name; for calls: the callee's text. */
  name: string;
  /** The type is a bare sync.WaitGroup (the waitgroup family reports those). */
  waitGroup: boolean;
}

/** Describes a lock path for messages: "sync.Mutex (field mu)". */
export function describeLock(p: LockPath): string {
  return p.path.length ? `${p.lock} (field ${p.path.join('.')})` : p.lock;
}

/** What a copy copies, for messages: "a sync.Mutex", "Config, which contains sync.Once (field once)". */
export function describeCopy(t: LType, p: LockPath): string {
  return p.path.length ? `${typeString(t)}, which contains ${describeLock(p)}` : `a ${p.lock}`;
}

/** The lock a value of type `t` contains by value, or null. */
export function lockInside(pkg: PackageModel, t: LType): LockPath | null {
  const memo = pkg.analysis('rule:lock-inside', () => new Map<string, LockPath | null>());
  return inside(pkg, t, memo, 0);
}

function inside(pkg: PackageModel, t: LType, memo: Map<string, LockPath | null>, depth: number): LockPath | null {
  if (depth > 6) return null;
  const ti = TypeInfo.of(pkg);
  switch (t.k) {
    case 'named': {
      if (t.pkg === 'sync') return SYNC_NO_COPY.has(t.name) ? { lock: `sync.${t.name}`, path: [] } : null;
      if (t.pkg === 'sync/atomic') return ATOMIC_NO_COPY.has(t.name) ? { lock: `atomic.${t.name}`, path: [] } : null;
      if (t.pkg !== '') {
        const known = STD_WITH_LOCK.get(`${t.pkg}.${t.name}`);
        return known ? { lock: known[1], path: [known[0]] } : null;
      }
      if (memo.has(t.name)) return memo.get(t.name)!;
      memo.set(t.name, null); // recursive types
      const u = ti.underlying(t);
      let found: LockPath | null;
      if (u.k === 'struct' && u.node && u.node.fields.list.length === 0 && pointerMethod(pkg, t.name, 'Lock') && pointerMethod(pkg, t.name, 'Unlock')) {
        found = { lock: t.name, path: [] }; // the noCopy idiom: an empty struct with Lock/Unlock
      } else {
        found = u === t ? null : inside(pkg, u, memo, depth + 1);
      }
      memo.set(t.name, found);
      return found;
    }
    case 'array':
      return inside(pkg, t.elem, memo, depth + 1);
    case 'struct': {
      if (!t.node) return null;
      for (const f of t.node.fields.list) {
        if (!f.type) continue;
        const ft = ti.typeFromExpr(f.type);
        const p = inside(pkg, ft, memo, depth + 1);
        if (!p) continue;
        const name = f.names[0]?.name ?? embeddedName(f.type) ?? '?';
        return { lock: p.lock, path: [name, ...p.path], field: f };
      }
      return null;
    }
    default:
      return null;
  }
}

/** A method declared with a pointer receiver (a value-receiver Lock is a fake lock, fine to copy). */
function pointerMethod(pkg: PackageModel, typeName: string, name: string): boolean {
  return pkg.method(typeName, name)?.recv?.list[0]?.type?.kind === 'StarExpr';
}

function isBareWaitGroup(t: LType): boolean {
  return t.k === 'named' && t.pkg === 'sync' && t.name === 'WaitGroup';
}

/** Every copy of a lock-holding value in the package (computed once). */
export function copySites(pkg: PackageModel): CopySite[] {
  return pkg.analysis('rule:lock-copies', (p) => (mayHoldLockValues(p) ? new CopyFinder(p).run() : []));
}

/** Import paths of the std types lockInside knows to hold a lock. */
const LOCK_PATHS = new Set(['sync', 'sync/atomic', ...[...STD_WITH_LOCK.keys()].map((k) => k.slice(0, k.lastIndexOf('.')))]);

function isStdLockType(path: string, name: string): boolean {
  if (path === 'sync') return SYNC_NO_COPY.has(name);
  if (path === 'sync/atomic') return ATOMIC_NO_COPY.has(name);
  return STD_WITH_LOCK.has(`${path}.${name}`);
}

/**
 * Whether any expression of the package can have a lock-holding type by value. Such a type is
 * built from a std lock type named in the package (types come from its type expressions and from
 * the std result tables, whose only lock is sync.NewCond's *sync.Cond) or from the noCopy idiom.
 * When the std lock types only appear behind a pointer (`*testing.T` in every test file), a
 * value can only come from dereferencing such a pointer.
 */
function mayHoldLockValues(pkg: PackageModel): boolean {
  if (pkg.hasMethodNamed('Lock') && pkg.hasMethodNamed('Unlock')) return true;
  let pointers = false;
  for (const f of pkg.files) {
    let imports = false;
    for (const path of f.imports.values()) if (LOCK_PATHS.has(path)) imports = true;
    if (!imports) continue;
    for (const sel of pkg.nodesOfKind('SelectorExpr', f.ast)) {
      if (sel.x.kind !== 'Ident') continue;
      const b = pkg.bindingOf(sel.x);
      if (b?.kind !== 'import' || b.importPath === undefined || !LOCK_PATHS.has(b.importPath)) continue;
      if (!isStdLockType(b.importPath, sel.sel.name)) {
        if (b.importPath === 'sync' && sel.sel.name === 'NewCond') pointers = true;
        continue;
      }
      const up = sel.parent;
      if (up?.kind !== 'StarExpr' || up.x !== sel) return true;
      pointers = true;
    }
  }
  if (!pointers) return false;
  const ti = TypeInfo.of(pkg);
  for (const star of pkg.nodesOfKind('StarExpr')) {
    if (!mayBePointer(pkg, star.x)) continue;
    const t = ti.typeOf(star.x);
    if (t.k === 'ptr' && lockInside(pkg, t.elem)) return true;
  }
  return false;
}

/** False for the operands of `*T` type expressions, which TypeInfo.typeOf types as unknown. */
function mayBePointer(pkg: PackageModel, e: ast.Expr): boolean {
  const x = unparenExpr(e);
  switch (x.kind) {
    case 'Ident': {
      const b = pkg.bindingOf(x);
      return b !== undefined && (b.kind === 'var' || b.kind === 'const');
    }
    case 'SelectorExpr':
      return x.x.kind !== 'Ident' || pkg.bindingOf(x.x)?.kind !== 'import';
    case 'ArrayType':
    case 'MapType':
    case 'ChanType':
    case 'FuncType':
    case 'StructType':
    case 'InterfaceType':
      return false;
    default:
      return true;
  }
}

class CopyFinder {
  private readonly ti: TypeInfo;
  private readonly out: CopySite[] = [];
  /** Functions whose by-value lock parameters are reported at the declaration. */
  private readonly byValueParams = new Set<number>();
  private readonly lockParamsOf = new Map<ast.FuncDecl, boolean[]>();

  constructor(private readonly pkg: PackageModel) {
    this.ti = TypeInfo.of(pkg);
  }

  run(): CopySite[] {
    for (const fn of this.pkg.functions) this.signature(fn);
    for (const fn of this.pkg.functions) {
      if (fn.body) eachOfKinds(fn.body, COPY_KINDS, (n) => this.node(fn, n));
    }
    // package-level `var x = y`
    for (const f of this.pkg.files) {
      for (const d of f.ast.decls) {
        if (d.kind !== 'GenDecl' || d.tok !== Tok.VAR) continue;
        for (const s of d.specs) if (s.kind === 'ValueSpec') for (const v of s.values) this.copied(null, v, 'assign', '');
      }
    }
    return this.out;
  }

  private add(kind: CopyKind, node: ast.Node, fn: FuncNode | null, type: LType, lock: LockPath, name: string): void {
    this.out.push({ kind, node, fn, type, lock, name, waitGroup: isBareWaitGroup(type) });
  }

  private signature(fn: FuncNode): void {
    if (fn.kind === 'FuncDecl' && fn.recv) for (const f of fn.recv.list) this.byValue(fn, f, 'recv');
    for (const f of fn.type.params.list) this.byValue(fn, f, 'param');
  }

  private byValue(fn: FuncNode, f: ast.Field, kind: CopyKind): void {
    if (!f.type || !this.mayBeValue(f.type)) return;
    const t = this.ti.typeFromExpr(f.type);
    const lock = lockInside(this.pkg, t);
    if (!lock) return;
    for (const n of f.names) {
      const b = this.pkg.bindingOf(n);
      if (b) this.byValueParams.add(b.id);
    }
    this.add(kind, f, fn, t, lock, f.names.map((n) => n.name).join(', '));
  }

  /** False for type expressions whose light type never holds a lock by value (pointers, slices, basic types...). */
  private mayBeValue(t: ast.Expr): boolean {
    switch (t.kind) {
      case 'StarExpr':
      case 'FuncType':
      case 'MapType':
      case 'ChanType':
      case 'InterfaceType':
      case 'Ellipsis':
        return false;
      case 'ArrayType':
        return t.len !== null;
      case 'Ident':
        return t.name === 'error' || this.pkg.bindingOf(t)?.role !== 'universe';
      default:
        return true;
    }
  }

  private node(fn: FuncNode, n: ast.Node): void {
    switch (n.kind) {
      case 'AssignStmt':
        if (n.lhs.length !== n.rhs.length) return;
        n.rhs.forEach((r, i) => {
          const l = unparenExpr(n.lhs[i]!);
          if (l.kind === 'Ident' && l.name === '_') return;
          this.copied(fn, r, 'assign', '', () => this.resetAfter(fn, n, l));
        });
        return;
      case 'ValueSpec':
        n.values.forEach((v, i) => {
          if (n.names[i]?.name !== '_') this.copied(fn, v, 'assign', '');
        });
        return;
      case 'ReturnStmt':
        for (const r of n.results) this.copied(fn, r, 'return', '');
        return;
      case 'RangeStmt': {
        const v = n.value ? unparenExpr(n.value) : null;
        if (!v || (v.kind === 'Ident' && v.name === '_') || !this.containersMayHold()) return;
        const t = this.ti.underlying(this.ti.typeOf(n.x));
        const base = t.k === 'ptr' ? this.ti.underlying(t.elem) : t;
        const elem = base.k === 'slice' || base.k === 'array' || base.k === 'map' ? base.elem : null;
        const lock = elem ? lockInside(this.pkg, elem) : null;
        if (elem && lock) this.add('range', v, fn, elem, lock, v.kind === 'Ident' ? v.name : '?');
        return;
      }
      case 'CallExpr': {
        // most calls pass nothing that holds a lock: find such an argument before asking who is called
        let first = -1;
        for (let i = 0; i < n.args.length && first < 0; i++) if (this.lockCopyOf(n.args[i]!)) first = i;
        if (first < 0) return;
        const b = builtinName(this.pkg, n);
        if (b === 'new' || b === 'len' || b === 'cap') return;
        const q = this.ti.qualifiedCallee(n);
        if (q === 'unsafe.Sizeof' || q === 'unsafe.Offsetof' || q === 'unsafe.Alignof') return;
        // a package function's by-value lock parameter is reported at its declaration
        const callee = this.ti.callee(n);
        const reported = callee ? this.lockParams(callee) : [];
        for (let i = first; i < n.args.length; i++) {
          if (reported[Math.min(i, reported.length - 1)] === true) continue;
          this.copied(fn, n.args[i]!, 'call', () => this.calleeText(n));
        }
        return;
      }
      case 'CompositeLit':
        for (const e of n.elts) this.copied(fn, e.kind === 'KeyValueExpr' ? e.value : e, 'literal', '');
        return;
      default:
        return;
    }
  }

  /**
   * Reports `e` when evaluating it copies a lock-holding value that somebody may be using.
   * `excused` (checked last: it may walk the whole body) can still clear the copy.
   */
  private copied(fn: FuncNode | null, e: ast.Expr, kind: CopyKind, name: string | (() => string), excused?: () => boolean): void {
    const found = this.lockCopyOf(e);
    if (!found || this.fresh(found.x) || excused?.()) return;
    this.add(kind, found.x, fn, found.t, found.lock, typeof name === 'string' ? name : name());
  }

  private lockFields?: Set<string>;

  /**
   * Names of the struct fields declared in this package that hold a lock by value: a selector
   * by any other name cannot yield one (fields of other packages' types have no known type).
   */
  private lockFieldNames(): Set<string> {
    if (!this.lockFields) {
      this.lockFields = new Set();
      for (const st of this.pkg.nodesOfKind('StructType')) {
        for (const f of st.fields.list) {
          if (!f.type || !lockInside(this.pkg, this.ti.typeFromExpr(f.type))) continue;
          if (f.names.length === 0) this.lockFields.add(embeddedName(f.type) ?? '');
          for (const n of f.names) this.lockFields.add(n.name);
        }
      }
    }
    return this.lockFields;
  }

  /** The lock-holding value that evaluating `e` copies, before asking whether the copy is harmless. */
  private lockCopyOf(e: ast.Expr): { x: ast.Expr; t: LType; lock: LockPath } | null {
    const x = unparenExpr(e);
    if (!isCopySource(x)) return null;
    if (!this.mayHold(x)) return null;
    const t = this.ti.typeOf(x);
    if (t.k === 'ptr' || t.k === 'unknown') return null;
    const lock = lockInside(this.pkg, t);
    return lock ? { x, t, lock } : null;
  }

  // Most candidates are names whose type would take inferring a chain of initialisers, calls and
  // selectors. mayHold rules out, from the syntax and a few package-wide facts, the expressions
  // whose TypeInfo type cannot hold a lock by value; the rest are typed. It follows
  // TypeInfo.compute case by case: a change there must be mirrored here.

  private readonly bindingMayHold = new Map<number, boolean>();
  private noLockResults?: boolean;
  private noLockElems?: boolean;

  /** False when `typeOf(e)` cannot hold a lock by value (true: it may, infer it). */
  private mayHold(e: ast.Expr): boolean {
    for (;;) {
      switch (e.kind) {
        case 'ParenExpr':
        case 'SliceExpr':
          e = e.x;
          continue;
        case 'KeyValueExpr':
          e = e.value;
          continue;
        case 'Ident': {
          const b = this.pkg.bindingOf(e);
          return b !== undefined && this.bindingHolds(b);
        }
        case 'SelectorExpr':
          // a field's type (only fields of this package's structs are known), a method or unknown
          return this.lockFieldNames().has(e.sel.name);
        case 'IndexExpr':
          return this.containersMayHold();
        case 'CallExpr':
          return this.callMayHold(e);
        case 'UnaryExpr':
          if (e.op === Tok.AND || e.op === Tok.NOT) return false;
          if (e.op === Tok.ARROW) return this.containersMayHold();
          e = e.x;
          continue;
        case 'BinaryExpr': {
          if (isComparison(e.op)) return false;
          if (e.op === Tok.SHL || e.op === Tok.SHR) {
            e = e.x;
            continue;
          }
          // typed as the left end of the chain, or else as the right operand
          let left: ast.Expr = e;
          while (left.kind === 'BinaryExpr' && !isComparison(left.op)) left = left.x;
          if (this.mayHold(left)) return true;
          e = e.y;
          continue;
        }
        case 'StarExpr':
        case 'CompositeLit':
        case 'TypeAssertExpr':
          return true;
        default:
          return false; // literals, function literals, type expressions
      }
    }
  }

  private bindingHolds(b: Binding): boolean {
    if (b.kind !== 'var' && b.kind !== 'const') return false;
    // declared types are cheap to read
    if (b.typeExpr !== null) return lockInside(this.pkg, this.ti.bindingType(b)) !== null;
    const known = this.bindingMayHold.get(b.id);
    if (known !== undefined) return known;
    this.bindingMayHold.set(b.id, true); // a cycle: stay on the safe side
    const src = b.source;
    let may: boolean;
    switch (src.k) {
      case 'init': {
        const inner = unparenExpr(src.expr);
        const commaOk =
          src.ofTuple &&
          (inner.kind === 'IndexExpr' || inner.kind === 'TypeAssertExpr' || (inner.kind === 'UnaryExpr' && inner.op === Tok.ARROW));
        may = commaOk && src.index !== 0 ? false : this.mayHold(inner);
        break;
      }
      case 'range':
        may = this.containersMayHold();
        break;
      case 'typeswitch':
        may = src.type !== null || this.mayHold(src.subject);
        break;
      default:
        may = false;
    }
    this.bindingMayHold.set(b.id, may);
    return may;
  }

  private callMayHold(call: ast.CallExpr): boolean {
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'Ident') {
      const b = this.pkg.bindingOf(fun);
      if (b?.role === 'universe') {
        if (fun.name === 'make') return true;
        if (fun.name === 'append') return call.args[0] !== undefined && this.mayHold(call.args[0]);
        return false; // new, len, cap, copy, recover, conversions to basic types
      }
      if (b?.kind === 'type') return true; // conversion
    }
    if (fun.kind === 'SelectorExpr' && fun.x.kind === 'Ident' && this.pkg.bindingOf(fun.x)?.kind === 'import') {
      return false; // the std result tables hold no lock by value; C values hold none
    }
    // conversions to type literals, and results of this package's function types
    return isTypeExpr(fun) || !this.resultsFree();
  }

  /** No function type of the package has a result holding a lock by value. */
  private resultsFree(): boolean {
    if (this.noLockResults === undefined) this.typeFacts();
    return this.noLockResults!;
  }

  /**
   * Whether an element (or map key) of an array, slice, map or channel may hold a lock by value:
   * every such type is written in the package (the std result tables have none with a lock).
   */
  private containersMayHold(): boolean {
    if (this.noLockElems === undefined) this.typeFacts();
    return !this.noLockElems;
  }

  private typeFacts(): void {
    let results = true;
    let elems = true;
    const holds = (t: ast.Expr | null): boolean => t !== null && lockInside(this.pkg, this.ti.typeFromExpr(t)) !== null;
    this.pkg.eachNodeOfKinds(FACT_KINDS, (n) => {
      switch (n.kind) {
        case 'FuncType':
          if (results && n.results) for (const f of n.results.list) if (holds(f.type)) results = false;
          return;
        case 'ArrayType':
        case 'Ellipsis':
          if (elems && holds(n.elt)) elems = false;
          return;
        case 'MapType':
          if (elems && (holds(n.key) || holds(n.value))) elems = false;
          return;
        case 'ChanType':
          if (elems && holds(n.value)) elems = false;
          return;
      }
    });
    this.noLockResults = results;
    this.noLockElems = elems;
  }

  /** Per parameter of a package function: whether it takes a lock by value (memoised). */
  private lockParams(callee: ast.FuncDecl): boolean[] {
    let flags = this.lockParamsOf.get(callee);
    if (!flags) {
      flags = paramTypes(callee).map((t) => (t ? lockInside(this.pkg, this.ti.typeFromExpr(t)) !== null : false));
      this.lockParamsOf.set(callee, flags);
    }
    return flags;
  }

  /** The callee's source text, shortened for messages. */
  private calleeText(n: ast.CallExpr): string {
    const file = this.pkg.fileOfNode(n);
    const name = file ? file.src.slice(n.fun.pos, n.fun.end).replace(/\s+/g, ' ') : '?';
    return name.length > 40 ? name.slice(0, 37) + '...' : name;
  }

  /**
   * The copied value is one this function made and has not handed out (a zero value being
   * filled in, a literal), or it is a by-value parameter (reported at the parameter already).
   */
  private fresh(x: ast.Expr): boolean {
    const root = rootIdent(x);
    if (!root) return false;
    const b = this.pkg.bindingOf(root);
    if (!b || b.kind !== 'var') return false;
    if ((b.role === 'param' || b.role === 'recv') && this.byValueParams.has(b.id)) return true;
    // a local that holds a copy reported where it was made
    if (b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple && isCopySource(unparenExpr(b.source.expr))) return true;
    return isLocalFresh(this.pkg, b, x.pos);
  }

  /** `c := *orig` followed by `c.mu = sync.Mutex{}`: the copy gets a new lock. */
  private resetAfter(fn: FuncNode, stmt: ast.AssignStmt, lhs: ast.Expr): boolean {
    const file = this.pkg.fileOfNode(stmt);
    if (!file || !fn.body) return false;
    const target = file.src.slice(lhs.pos, lhs.end);
    let reset = false;
    inspect(fn.body, (n) => {
      if (reset || n.kind === 'FuncLit') return false;
      if (n.kind !== 'AssignStmt' || n.pos < stmt.end) return true;
      n.lhs.forEach((l, i) => {
        const x = unparenExpr(l);
        const r = n.rhs[i] ? unparenExpr(n.rhs[i]!) : null;
        if (x.kind !== 'SelectorExpr' || r?.kind !== 'CompositeLit') return;
        if (!file.src.slice(x.pos, x.end).startsWith(target + '.')) return;
        if (lockInside(this.pkg, this.ti.typeOf(x)) !== null) reset = true;
      });
      return true;
    });
    return reset;
  }
}

/** Expressions whose value is an existing variable's: not literals, calls or `*f()`. */
function isCopySource(x: ast.Expr): boolean {
  switch (x.kind) {
    case 'Ident':
      return x.name !== 'nil';
    case 'SelectorExpr':
    case 'IndexExpr':
      return true;
    case 'StarExpr':
      return unparenExpr(x.x).kind !== 'CallExpr';
    default:
      return false;
  }
}

function rootIdent(x: ast.Expr): ast.Ident | null {
  let e = unparenExpr(x);
  while (e.kind === 'SelectorExpr' || e.kind === 'IndexExpr' || e.kind === 'StarExpr') e = unparenExpr(e.x);
  return e.kind === 'Ident' ? e : null;
}

/** A local made in this function (zero value, literal, constructor result) not yet handed to anybody. */
function isLocalFresh(pkg: PackageModel, b: Binding, at: number): boolean {
  if (b.role !== 'local' && b.role !== 'result') return false;
  return isFreshBinding(pkg, b) && unpublishedAt(pkg, b, at);
}

/** The type expression of each parameter of a function, in order (a variadic's element last). */
function paramTypes(fn: ast.FuncDecl): (ast.Expr | null)[] {
  const out: (ast.Expr | null)[] = [];
  for (const f of fn.type.params.list) {
    const t = f.type?.kind === 'Ellipsis' ? f.type.elt : f.type;
    for (let i = 0; i < Math.max(1, f.names.length); i++) out.push(t);
  }
  return out;
}
