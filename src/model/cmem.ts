// C memory a function must free: the results of C.malloc/C.calloc/C.CString/C.CBytes (and of
// package functions that return such memory), followed like the obligations of obligations.ts —
// where the pointer goes (a local, a struct field, returned, handed to a call), through
// conversions and aliases (`(*C.char)(p)`, `(*[1 << 30]byte)(p)[:n:n]`), and, for pointers held in
// locals, the exits reached without C.free. Passing the pointer to a C function is a use, not a
// release, unless the function's name says it frees (`av_free`, `SDL_FreeWAV`) or keeps it
// (`SDL_QueueAudio`, `register_buffer`): a kept pointer is the C side's to free. Passing it to a
// function of the package counts as what that function does with its parameter (frees it,
// keeps it, or only uses it).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { C_ALLOCATORS, isFreeingCName, retainingWord } from '../knowledge/cgo.js';
import { builtinName, isNoReturnStmt } from './calls.js';
import { carrier, cCall } from './cgo.js';
import { runFlow } from './flow.js';
import { addSite, joinSites, sameSites, type SiteSet } from './sitesets.js';
import { runsForever } from './lifetime.js';
import { closingBrace, enclosingFunc } from './obligations.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref } from './types.js';

export type CUseKind = 'release' | 'retained' | 'handed' | 'field' | 'alias' | 'neutral';

export interface CUse {
  kind: CUseKind;
  /** The reference (identifier or allocation), or the closure capturing it. */
  node: ast.Node;
  /** The call it is passed to (release, retained, neutral argument uses). */
  call?: ast.CallExpr;
  /** Name of that call's callee, for messages: "C.free", "C.SDL_QueueAudio", "freeBuffer". */
  callee?: string;
  /** For `retained`: the word of the C name that suggests it keeps the pointer. */
  word?: string;
  /** True when the reference sits in a deferred call or deferred closure. */
  deferred?: boolean;
  how?: 'returned' | 'argument' | 'stored' | 'sent' | 'outer' | 'result' | 'finalizer' | 'other';
  field?: { node: ast.Node; field: string; owner: string | null };
  alias?: Binding;
}

export type CTarget =
  | { k: 'discarded'; node: ast.Node }
  | { k: 'local'; binding: Binding; ident: ast.Ident }
  | { k: 'inline'; use: CUse }
  | { k: 'field'; node: ast.Node; field: string; owner: string | null }
  | { k: 'handed'; use: CUse };

export interface CAlloc {
  /** The allocating call: `C.malloc(n)`, or a call of a package function that returns C memory. */
  readonly call: ast.CallExpr;
  /** "C.malloc", "C.CString", or "newBuffer" for a package allocator. */
  readonly allocator: string;
  /** For package allocators: the C allocation inside them. */
  readonly inner: ast.CallExpr | null;
  readonly fn: FuncNode | null;
  /** The assignment or declaration holding it, when the allocation is its whole right-hand side. */
  readonly stmt: ast.AssignStmt | ast.DeclStmt | null;
  readonly target: CTarget;
}

export interface CExit {
  node: ast.Node;
  kind: 'return' | 'end';
}

export interface CAllocResult {
  readonly alloc: CAlloc;
  /** Exits reached with the memory neither freed nor handed on (panics excluded). */
  readonly missed: CExit[];
  /** The allocating statement runs again (loop) before the previous memory is freed. */
  overwritten: ast.Stmt | null;
  /** Every non-neutral use, and argument uses, in source order. */
  readonly uses: CUse[];
  readonly aliases: Binding[];
}

interface ParamFate {
  fate: 'frees' | 'keeps' | 'retains' | 'uses';
  /** For `retains`: the C call inside that keeps it, and the word of its name. */
  callee?: string;
  word?: string;
}

const KEEPS: ParamFate = { fate: 'keeps' };

const MAX_EXITS = 4;
const FREEING_METHODS = /^(Free|Close|Release|Destroy|Dispose|Delete|Finalize|Cleanup|Unref|Dealloc|Stop)$/;

export class CMemory {
  readonly allocs: CAlloc[] = [];
  private readonly byFn = new Map<FuncNode, CAlloc[]>();
  private readonly results = new Map<CAlloc, CAllocResult>();
  private readonly analysed = new Set<FuncNode>();
  private readonly fates = new Map<string, ParamFate>();
  private readonly computingFate = new Set<string>();
  private readonly fieldMemo = new Map<string, boolean>();
  private readonly refs = new Map<FuncNode, Map<Binding, ast.Ident[]>>();
  private readonly ti: TypeInfo;
  /** Package functions returning fresh C memory: declaration → result index → the C allocation. */
  private readonly allocators = new Map<ast.FuncDecl, Map<number, ast.CallExpr>>();

  private constructor(private readonly pkg: PackageModel) {
    this.ti = TypeInfo.of(pkg);
    if (!pkg.files.some((f) => f.usesCgo)) return;
    for (const call of pkg.calls) {
      const c = cCall(pkg, call);
      if (!c) continue;
      const allocator = C_ALLOCATORS.get(c.name);
      if (allocator) this.addSite(call, allocator, null);
    }
    // package functions that return C memory make their callers responsible for it (two levels)
    for (let round = 0; round < 2; round++) {
      const before = this.allocators.size;
      for (const a of [...this.allocs]) this.noteAllocator(a);
      if (this.allocators.size === before) break;
      for (const call of this.pkg.calls) {
        if (this.allocs.some((a) => a.call === call)) continue;
        const callee = this.ti.callee(call);
        const byIndex = callee ? this.allocators.get(callee) : undefined;
        if (!callee || !byIndex) continue;
        const fn = enclosingFunc(call);
        if (fn === callee) continue;
        this.addSite(call, callee.name.name, byIndex.get(0) ?? [...byIndex.values()][0]!, byIndex);
      }
    }
  }

  static of(pkg: PackageModel): CMemory {
    return pkg.analysis('cmem', (p) => new CMemory(p));
  }

  /** Flow result for an allocation held in a local; null for other targets. */
  result(a: CAlloc): CAllocResult | null {
    if (!a.fn || a.target.k !== 'local') return null;
    if (!this.analysed.has(a.fn)) this.analyse(a.fn);
    return this.results.get(a) ?? null;
  }

  /** Whether C memory stored in `owner.field` is freed (or handed to a freeing call) somewhere in the package. */
  fieldFreed(field: string, owner: string | null): boolean {
    const key = `${owner ?? '?'}.${field}`;
    let known = this.fieldMemo.get(key);
    if (known === undefined) this.fieldMemo.set(key, (known = this.searchFieldFree(field, owner)));
    return known;
  }

  /** True when a type of this package has a method that releases what it owns (Free, Close, Destroy...). */
  hasFreeingMethod(owner: string): boolean {
    for (const name of this.pkg.methods.get(owner)?.keys() ?? []) if (FREEING_METHODS.test(name)) return true;
    return false;
  }

  // -------------------------------------------------------------------------
  // Sites

  private addSite(call: ast.CallExpr, allocator: string, inner: ast.CallExpr | null, byIndex?: Map<number, ast.CallExpr>): void {
    const fn = enclosingFunc(call);
    const site = this.makeSite(call, allocator, inner, fn, byIndex);
    if (!site) return;
    this.allocs.push(site);
    if (fn) {
      const list = this.byFn.get(fn);
      if (list) list.push(site);
      else this.byFn.set(fn, [site]);
    }
  }

  private makeSite(
    call: ast.CallExpr,
    allocator: string,
    inner: ast.CallExpr | null,
    fn: FuncNode | null,
    byIndex?: Map<number, ast.CallExpr>,
  ): CAlloc | null {
    const base = { call, allocator, inner, fn };
    const c = carrier(this.pkg, call);
    const p = c.parent;
    if (p?.kind === 'AssignStmt' && p.rhs.includes(c as ast.Expr)) {
      let lhs: ast.Expr | undefined;
      if (p.rhs.length === p.lhs.length) lhs = p.lhs[p.rhs.indexOf(c as ast.Expr)];
      else if (p.rhs.length === 1 && byIndex) {
        // p, err := newBuffer(n): the index that holds the memory
        const [index] = [...byIndex.keys()];
        lhs = p.lhs[index!];
      }
      const stmt = p.rhs.length === 1 ? p : null;
      if (!lhs) return { ...base, stmt, target: { k: 'handed', use: { kind: 'handed', node: p, how: 'other' } } };
      return { ...base, stmt, target: this.targetOf(lhs, fn, c) };
    }
    if (p?.kind === 'ValueSpec' && p.values.includes(c as ast.Expr)) {
      let name: ast.Ident | undefined;
      if (p.values.length === p.names.length) name = p.names[p.values.indexOf(c as ast.Expr)];
      else if (p.values.length === 1 && byIndex) name = p.names[[...byIndex.keys()][0]!];
      const declStmt = p.parent?.parent?.kind === 'DeclStmt' ? p.parent.parent : null;
      const stmt = declStmt && p.values.length === 1 ? declStmt : null;
      if (!name) return { ...base, stmt, target: { k: 'handed', use: { kind: 'handed', node: p, how: 'other' } } };
      return { ...base, stmt, target: this.targetOf(name, fn, c) };
    }
    if (p?.kind === 'ExprStmt') return { ...base, stmt: null, target: { k: 'discarded', node: call } };
    if (byIndex && !byIndex.has(0)) return null; // a multi-result allocator used in an expression: not the memory
    const use = this.classify(c, fn);
    switch (use.kind) {
      case 'neutral':
        return { ...base, stmt: null, target: { k: 'inline', use } };
      case 'field':
        return { ...base, stmt: null, target: { k: 'field', ...use.field! } };
      default:
        return { ...base, stmt: null, target: { k: 'handed', use } };
    }
  }

  private targetOf(lhs: ast.Expr, fn: FuncNode | null, at: ast.Node): CTarget {
    const x = unparenExpr(lhs);
    if (x.kind === 'Ident') {
      if (x.name === '_') return { k: 'discarded', node: x };
      const b = this.pkg.bindingOf(x);
      if (b && fn !== null && b.owner === fn && b.role === 'local') return { k: 'local', binding: b, ident: x };
      return { k: 'handed', use: { kind: 'handed', node: at, how: b?.role === 'result' ? 'result' : 'outer' } };
    }
    if (x.kind === 'SelectorExpr') return { k: 'field', ...this.fieldStore(x) };
    return { k: 'handed', use: { kind: 'handed', node: at, how: 'stored' } };
  }

  private fieldStore(sel: ast.SelectorExpr): { node: ast.Node; field: string; owner: string | null } {
    const f = this.ti.field(this.ti.typeOf(sel.x), sel.sel.name);
    return { node: sel, field: sel.sel.name, owner: f?.owner ?? null };
  }

  /** Records package functions that return C memory they allocate. */
  private noteAllocator(a: CAlloc): void {
    const fn = a.fn;
    if (!fn || fn.kind !== 'FuncDecl' || fn.type.results === null) return;
    const returned: ast.Node[] = [];
    if (a.target.k === 'handed' && a.target.use.how === 'returned') returned.push(a.target.use.node);
    else if (a.target.k === 'local') {
      for (const { use } of this.collectUses(fn, a.target.binding).uses)
        if (use.kind === 'handed' && use.how === 'returned') returned.push(use.node);
    }
    for (const node of returned) {
      const c = carrier(this.pkg, node);
      const ret = c.parent;
      if (ret?.kind !== 'ReturnStmt') continue;
      const index = ret.results.indexOf(c as ast.Expr);
      if (index < 0) continue;
      let byIndex = this.allocators.get(fn);
      if (!byIndex) this.allocators.set(fn, (byIndex = new Map()));
      if (!byIndex.has(index)) byIndex.set(index, a.inner ?? a.call);
    }
  }

  // -------------------------------------------------------------------------
  // Uses

  /** What a reference to the memory (or the allocation itself) does with it, from its context in `fn`. */
  classify(node: ast.Node, fn: FuncNode | null): CUse {
    const pkg = this.pkg;
    const c = carrier(pkg, node);
    const p = c.parent;
    const deferred = isDeferred(c, fn);
    if (!p) return { kind: 'neutral', node };
    switch (p.kind) {
      case 'CallExpr': {
        if (p.fun === c) return { kind: 'neutral', node };
        const builtin = builtinName(pkg, p);
        if (builtin !== null) {
          if (builtin === 'append' && p.args[0] !== c) return { kind: 'handed', node, how: 'stored' };
          return { kind: 'neutral', node };
        }
        const cc = cCall(pkg, p);
        if (cc) {
          const callee = `C.${cc.name}`;
          if (cc.helper) return { kind: 'neutral', node, call: p, callee };
          if (isFreeingCName(cc.name)) return { kind: 'release', node, call: p, callee, deferred };
          const word = retainingWord(cc.name);
          if (word !== null) return { kind: 'retained', node, call: p, callee, word };
          return { kind: 'neutral', node, call: p, callee };
        }
        const q = this.ti.qualifiedCallee(p);
        if (q !== null) {
          if (q === 'runtime.SetFinalizer') return { kind: 'handed', node, how: 'finalizer', call: p, callee: q };
          const path = q.slice(0, q.lastIndexOf('.'));
          if (path === 'unsafe' || path === 'runtime' || path === 'syscall' || path === 'golang.org/x/sys/unix')
            return { kind: 'neutral', node, call: p, callee: q };
          return { kind: 'handed', node, how: 'argument', call: p, callee: q };
        }
        const callee = this.ti.callee(p);
        if (callee) {
          const index = p.args.indexOf(c as ast.Expr);
          const fate = this.paramFate(callee, index);
          const name = callee.name.name;
          if (fate.fate === 'frees') return { kind: 'release', node, call: p, callee: name, deferred };
          if (fate.fate === 'retains') return { kind: 'retained', node, call: p, callee: `${name} (${fate.callee})`, word: fate.word! };
          if (fate.fate === 'keeps') return { kind: 'handed', node, how: 'argument', call: p, callee: name };
          return { kind: 'neutral', node, call: p, callee: name };
        }
        return { kind: 'handed', node, how: 'argument', call: p };
      }
      case 'ReturnStmt':
        return { kind: 'handed', node, how: 'returned' };
      case 'AssignStmt': {
        const i = p.rhs.indexOf(c as ast.Expr);
        if (i < 0 || p.lhs.length !== p.rhs.length) return i < 0 ? { kind: 'neutral', node } : { kind: 'handed', node, how: 'other' };
        return this.storedInto(p.lhs[i]!, node, fn);
      }
      case 'ValueSpec': {
        const i = p.values.indexOf(c as ast.Expr);
        if (i < 0 || p.names.length !== p.values.length) return { kind: 'neutral', node };
        return this.storedInto(p.names[i]!, node, fn);
      }
      case 'KeyValueExpr': {
        const lit = p.parent;
        if (p.value === c && lit?.kind === 'CompositeLit' && p.key.kind === 'Ident') {
          const t = lit.type ? this.ti.typeFromExpr(lit.type) : this.ti.typeOf(lit);
          const named = deref(t);
          const owner = named.k === 'named' && named.pkg === '' ? named.name : null;
          if (owner !== null && this.ti.field(named, p.key.name))
            return { kind: 'field', node, field: { node: p.key, field: p.key.name, owner } };
        }
        return p.key === c ? { kind: 'neutral', node } : { kind: 'handed', node, how: 'stored' };
      }
      case 'SendStmt':
        return p.value === c ? { kind: 'handed', node, how: 'sent' } : { kind: 'neutral', node };
      case 'BinaryExpr':
      case 'IndexExpr':
      case 'StarExpr':
      case 'SelectorExpr':
      case 'ExprStmt':
      case 'IfStmt':
      case 'SwitchStmt':
      case 'IncDecStmt':
      case 'RangeStmt':
        return { kind: 'neutral', node };
      case 'UnaryExpr':
        return p.op === Tok.AND ? { kind: 'handed', node, how: 'other' } : { kind: 'neutral', node };
      default:
        return { kind: 'handed', node, how: 'other' };
    }
  }

  private storedInto(lhs: ast.Expr, node: ast.Node, fn: FuncNode | null): CUse {
    const x = unparenExpr(lhs);
    if (x.kind === 'Ident') {
      if (x.name === '_') return { kind: 'neutral', node };
      const b = this.pkg.bindingOf(x);
      if (b && fn !== null && b.owner === fn && b.role === 'local') return { kind: 'alias', node, alias: b };
      return { kind: 'handed', node, how: b?.role === 'result' ? 'result' : 'outer' };
    }
    if (x.kind === 'SelectorExpr') return { kind: 'field', node, field: this.fieldStore(x) };
    return { kind: 'handed', node, how: 'stored' };
  }

  /** What a package function does with the pointer given as its `index`-th argument. */
  private paramFate(callee: FuncNode, index: number): ParamFate {
    if (index < 0 || !callee.body) return KEEPS;
    const params: Binding[] = [];
    for (const f of callee.type.params.list) {
      if (f.names.length === 0) return KEEPS;
      for (const n of f.names) {
        const b = this.pkg.bindingOf(n);
        if (!b) return KEEPS;
        params.push(b);
      }
    }
    const last = callee.type.params.list[callee.type.params.list.length - 1];
    const variadic = last?.type?.kind === 'Ellipsis';
    const param = index < params.length ? params[index]! : null;
    if (!param || (variadic && index >= params.length - 1)) return KEEPS;
    const key = `${param.id}`;
    const known = this.fates.get(key);
    if (known) return known;
    if (this.computingFate.has(key)) return KEEPS;
    this.computingFate.add(key);
    let fate: ParamFate = { fate: 'uses' };
    try {
      for (const { use } of this.collectUses(callee, param).uses) {
        if (use.kind === 'release') {
          fate = { fate: 'frees' };
          break;
        }
        if (use.kind === 'retained' && fate.fate === 'uses') fate = { fate: 'retains', callee: use.callee!, word: use.word! };
        else if (use.kind !== 'neutral' && use.kind !== 'alias' && use.kind !== 'retained') fate = KEEPS;
      }
    } finally {
      this.computingFate.delete(key);
    }
    this.fates.set(key, fate);
    return fate;
  }

  /** A reference's effect; references inside closures act through the closure. */
  private useOf(id: ast.Ident, fn: FuncNode): CUse {
    let outermost: ast.FuncLit | null = null;
    let inner: FuncNode = fn;
    for (let n = id.parent; n !== undefined && n !== fn; n = n.parent) {
      if (n.kind === 'FuncLit') {
        if (outermost === null) inner = n;
        outermost = n;
      }
    }
    const direct = this.classify(id, inner);
    if (outermost === null || direct.kind === 'neutral' || direct.kind === 'alias') return direct;
    // the closure frees or hands on the memory when it runs: judge where the closure goes
    const lp = outermost.parent;
    if (lp?.kind === 'CallExpr' && lp.fun === outermost) {
      return { ...direct, node: outermost, deferred: lp.parent?.kind === 'DeferStmt' };
    }
    const via = this.classify(outermost, fn);
    if (via.kind === 'alias') return { ...direct, kind: direct.kind === 'release' ? 'release' : 'handed', node: outermost };
    return via.kind === 'neutral' ? { ...direct, kind: 'handed', how: 'other', node: outermost } : { ...via, node: outermost };
  }

  private searchFieldFree(field: string, owner: string | null): boolean {
    for (const fn of this.pkg.functions) {
      if (!fn.body) continue;
      let found = false;
      inspect(fn.body, (n) => {
        if (found) return false;
        if (n.kind !== 'SelectorExpr' || n.sel.name !== field) return true;
        if (owner !== null) {
          const f = this.ti.field(this.ti.typeOf(n.x), field);
          if (f && f.owner !== null && f.owner !== owner) return true;
        }
        const use = this.classify(n, enclosingFunc(n));
        if (use.kind === 'release' || use.kind === 'retained' || (use.kind === 'handed' && use.how !== 'other')) found = true;
        return true;
      });
      if (found) return true;
    }
    return false;
  }

  private refsIn(fn: FuncNode): Map<Binding, ast.Ident[]> {
    let r = this.refs.get(fn);
    if (!r) this.refs.set(fn, (r = computeRefs(this.pkg, fn)));
    return r;
  }

  /** The uses of memory held in a local, followed through aliases. */
  private collectUses(
    fn: FuncNode,
    binding: Binding,
  ): { uses: { id: ast.Ident; use: CUse }[]; aliases: Binding[]; bindings: Set<Binding> } {
    const refs = this.refsIn(fn);
    const bindings = new Set<Binding>([binding]);
    const aliases: Binding[] = [];
    const uses: { id: ast.Ident; use: CUse }[] = [];
    const work = [binding];
    while (work.length > 0) {
      const b = work.pop()!;
      for (const id of refs.get(b) ?? []) {
        const use = this.useOf(id, fn);
        uses.push({ id, use });
        if (use.kind === 'alias' && !bindings.has(use.alias!)) {
          bindings.add(use.alias!);
          aliases.push(use.alias!);
          work.push(use.alias!);
        }
      }
    }
    return { uses, aliases, bindings };
  }

  // -------------------------------------------------------------------------
  // Flow

  private analyse(fn: FuncNode): void {
    this.analysed.add(fn);
    const sites = (this.byFn.get(fn) ?? []).filter((a) => a.target.k === 'local');
    if (sites.length === 0 || !fn.body) return;
    const pkg = this.pkg;
    const releases = new Map<ast.Node, Set<number>>();
    const addRelease = (n: ast.Node, i: number): void => {
      const set = releases.get(n);
      if (set) set.add(i);
      else releases.set(n, new Set([i]));
    };
    const bindingsOf: Set<Binding>[] = [];
    const results: CAllocResult[] = sites.map((alloc) => ({ alloc, missed: [], overwritten: null, uses: [], aliases: [] }));
    sites.forEach((site, index) => {
      if (site.target.k !== 'local') return;
      const { uses, aliases, bindings } = this.collectUses(fn, site.target.binding);
      bindingsOf[index] = bindings;
      const r = results[index]!;
      r.aliases.push(...aliases);
      for (const { id, use } of uses) {
        if (use.kind === 'neutral') {
          if (use.call) r.uses.push(use);
          continue;
        }
        r.uses.push(use);
        if (use.kind === 'alias') continue;
        addRelease(id, index);
        // `if p != nil { C.free(p) }`: the free covers the nil path too
        const guard = nilGuardAround(pkg, id, fn, bindings, '!=');
        if (guard) addRelease(guard, index);
      }
      r.uses.sort((a, b) => a.node.pos - b.node.pos);
    });

    const siteIndex = new Map<ast.CallExpr, number>(sites.map((s, i) => [s.call, i]));
    type State = SiteSet;
    const add = addSite;
    runFlow<State>(
      fn.body,
      [],
      {
        simple(node, s) {
          let out = s;
          const made: number[] = [];
          inspect(node, (n) => {
            const rel = releases.get(n);
            if (rel && out.some((i) => rel.has(i))) out = out.filter((i) => !rel.has(i));
            if (n.kind === 'CallExpr') {
              const i = siteIndex.get(n);
              if (i !== undefined) made.push(i);
            }
          });
          for (const i of made) out = add(out, i);
          return out;
        },
        join: joinSites,
        equal: sameSites,
        noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
        endless: (loop) => runsForever(pkg, loop),
      },
      {
        before(stmt, s) {
          if (s.length === 0) return;
          sites.forEach((site, i) => {
            if (site.stmt === stmt && s.includes(i)) results[i]!.overwritten ??= stmt;
          });
        },
        exit(at, s, kind) {
          if (kind === 'panic') return;
          for (const i of s) {
            // `if p == nil { return err }`: nothing was allocated on this path
            if (at.kind !== 'BlockStmt' && insideNilBranch(pkg, at, fn, bindingsOf[i]!)) continue;
            const missed = results[i]!.missed;
            if (missed.length >= MAX_EXITS) continue;
            const node: ast.Node = at.kind === 'BlockStmt' ? closingBrace(at) : at;
            if (!missed.some((m) => m.node.pos === node.pos)) missed.push({ node, kind: kind === 'return' ? 'return' : 'end' });
          }
        },
      },
    );
    for (const r of results) {
      r.missed.sort((a, b) => a.node.pos - b.node.pos);
      this.results.set(r.alloc, r);
    }
  }
}

/** Every identifier of a body (nested closures included) by binding, declarations excluded. */
function computeRefs(pkg: PackageModel, fn: FuncNode): Map<Binding, ast.Ident[]> {
  const refs = new Map<Binding, ast.Ident[]>();
  if (!fn.body) return refs;
  inspect(fn.body, (n) => {
    if (n.kind === 'Ident') {
      const b = pkg.bindingOf(n);
      if (b && b.ident !== n) {
        const list = refs.get(b);
        if (list) list.push(n);
        else refs.set(b, [n]);
      }
    }
  });
  return refs;
}

/** True when a node is part of a `defer` statement's call (directly, not inside a nested closure body). */
function isDeferred(node: ast.Node, fn: FuncNode | null): boolean {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'DeferStmt') return true;
    if (n.kind === 'FuncLit' || n.kind === 'BlockStmt') return false;
  }
  return false;
}

/** `x == nil` / `x != nil` (either order) on one of the bindings. */
function nilTest(pkg: PackageModel, cond: ast.Expr, bindings: ReadonlySet<Binding>, op: '==' | '!='): boolean {
  const c = unparenExpr(cond);
  if (c.kind !== 'BinaryExpr') return false;
  if (c.op === (op === '==' ? Tok.LOR : Tok.LAND)) return nilTest(pkg, c.x, bindings, op) || nilTest(pkg, c.y, bindings, op);
  if (c.op !== (op === '==' ? Tok.EQL : Tok.NEQ)) return false;
  const isNil = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && x.name === 'nil' && pkg.bindingOf(x)?.role === 'universe';
  };
  const isVar = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    if (x.kind !== 'Ident') return false;
    const b = pkg.bindingOf(x);
    return b !== undefined && bindings.has(b);
  };
  return (isNil(c.y) && isVar(c.x)) || (isNil(c.x) && isVar(c.y));
}

/** The condition of an enclosing `if x != nil { ... }` whose then-branch holds `node`. */
function nilGuardAround(pkg: PackageModel, node: ast.Node, fn: FuncNode, bindings: ReadonlySet<Binding>, op: '!='): ast.Expr | null {
  let child: ast.Node = node;
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'FuncLit') return null;
    if (n.kind === 'IfStmt' && n.body === child && nilTest(pkg, n.cond, bindings, op)) return n.cond;
    child = n;
  }
  return null;
}

/** True when an exit sits in the then-branch of `if x == nil { ... }`. */
function insideNilBranch(pkg: PackageModel, at: ast.Node, fn: FuncNode, bindings: ReadonlySet<Binding>): boolean {
  let child: ast.Node = at;
  for (let n = at.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'FuncLit') return false;
    if (n.kind === 'IfStmt' && n.body === child && nilTest(pkg, n.cond, bindings, '==')) return true;
    child = n;
  }
  return false;
}
