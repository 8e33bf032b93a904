// Values a function must release before it returns — the cancel func of a derived context, a
// *time.Ticker, the channel of time.Tick — followed from the call that makes them: where the
// value goes (discarded, a local variable, a struct field, returned or handed to a call) and,
// for values held in local variables, the exits reached without releasing it (dataflow over
// the function body). Releasing is kind-specific (calling cancel, t.Stop()); handing the value
// on (returning it, passing it to a function or a goroutine, storing it, capturing it in a
// closure that is deferred, started or called) transfers the duty and counts as released here,
// which is what keeps vet's lostcancel false positives away. Aliases (`stop := cancel`,
// `cleanup := func() { cancel() }`) are followed.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { type Creator, OBLIGATION_CREATORS, type ObligationKind } from '../knowledge/obligations.js';
import { callsNamed, isNoReturnStmt } from './calls.js';
import { runsForever } from './lifetime.js';
import { runFlow } from './flow.js';
import { addSite, joinSites, sameSites, type SiteSet } from './sitesets.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref } from './types.js';

/** The function names of OBLIGATION_CREATORS (`WithCancel` of `context.WithCancel`): calls by other names create nothing. */
const CREATOR_NAMES = [...new Set([...OBLIGATION_CREATORS.keys()].map((q) => q.slice(q.lastIndexOf('.') + 1)))];

export type { ObligationKind };

/** How a value is released: a func is called, a ticker stopped, a channel only received from. */
export type ValueKind = 'func' | 'ticker' | 'chan';

export interface FieldStore {
  /** The assignment target or composite-literal key. */
  node: ast.Node;
  field: string;
  /** The struct type of this package that declares the field, when known. */
  owner: string | null;
}

export type Target =
  /** `_`, an unused call result, `time.NewTicker(d).C`: nothing can ever release it. */
  | { k: 'discarded'; node: ast.Node }
  /** Used where it is made and never named: `for range time.Tick(d)`. */
  | { k: 'inline'; node: ast.Node }
  /** A variable declared in the function that makes it. */
  | { k: 'local'; binding: Binding; ident: ast.Ident }
  /** Stored in a struct field. */
  | ({ k: 'field' } & FieldStore)
  /** Returned, passed to a call, assigned to a result, outer or package variable, or an element. */
  | { k: 'handed'; how: HandedHow; node: ast.Node };

export type HandedHow = 'returned' | 'argument' | 'result' | 'outer' | 'stored' | 'sent' | 'other';

export interface Site {
  readonly kind: ObligationKind;
  readonly creator: Creator;
  readonly call: ast.CallExpr;
  /** "context.WithTimeout", "time.NewTicker". */
  readonly callee: string;
  /** The function that makes it; null in a package-level initialiser. */
  readonly fn: FuncNode | null;
  /** The statement holding the call, when the call is its whole right-hand side. */
  readonly stmt: ast.AssignStmt | ast.DeclStmt | ast.ExprStmt | null;
  readonly target: Target;
  /** The other result assigned with it: the derived context of `ctx, cancel := ...`. */
  readonly companion: ast.Expr | null;
}

export interface Exit {
  /** A return statement, or the closing brace of the body. */
  node: ast.Node;
  kind: 'return' | 'end';
}

export type UseKind = 'release' | 'handed' | 'field' | 'alias' | 'neutral';

export interface Use {
  kind: UseKind;
  /** The reference (identifier, or the closure capturing it). */
  node: ast.Node;
  how?: HandedHow;
  field?: FieldStore;
  alias?: Binding;
}

export interface SiteResult {
  readonly site: Site;
  /** Exits reached with the value not released (panics and os.Exit excluded). */
  readonly missed: Exit[];
  /** A creation statement run again (loop) while the previous value is not released. */
  overwritten: ast.Stmt | null;
  /** Every non-neutral use of the value or its aliases, in source order. */
  readonly uses: Use[];
  /** Variables the value flows into, besides its own. */
  readonly aliases: Binding[];
  /** Goroutine literals started in the function that read the value without releasing it. */
  readonly capturedBy: ast.FuncLit[];
}

const MAX_EXITS = 4;

export class Obligations {
  readonly sites: Site[] = [];
  private readonly byFn = new Map<FuncNode, Site[]>();
  private readonly results = new Map<Site, SiteResult>();
  private readonly analysed = new Set<FuncNode>();
  private readonly fieldMemo = new Map<string, boolean>();
  private readonly ti: TypeInfo;

  private constructor(private readonly pkg: PackageModel) {
    this.ti = TypeInfo.of(pkg);
    for (const call of callsNamed(pkg, { selector: CREATOR_NAMES })) {
      const callee = this.ti.qualifiedCallee(call);
      const creator = callee !== null ? OBLIGATION_CREATORS.get(callee) : undefined;
      if (!creator || callee === null) continue;
      const fn = enclosingFunc(call);
      const site = this.makeSite(call, callee, creator, fn);
      this.sites.push(site);
      if (fn) {
        const list = this.byFn.get(fn);
        if (list) list.push(site);
        else this.byFn.set(fn, [site]);
      }
    }
  }

  static of(pkg: PackageModel): Obligations {
    return pkg.analysis('obligations', (p) => new Obligations(p));
  }

  sitesOf(kind: ObligationKind): Site[] {
    return this.sites.filter((s) => s.kind === kind);
  }

  /**
   * Flow result for a site held in a local variable, used inline, or (tickers) discarded; null
   * otherwise. A discarded or inline value is never released: `missed` lists the exits reached
   * after it is made.
   */
  result(site: Site): SiteResult | null {
    if (!site.fn || !flowTracked(site)) return null;
    if (!this.analysed.has(site.fn)) this.analyse(site.fn);
    return this.results.get(site) ?? null;
  }

  /**
   * Whether a value stored in field `field` of `owner` is ever released or handed on anywhere in
   * the package (any selector of that name that is not an assignment target counts).
   */
  fieldReleased(field: string, owner: string | null, vk: ValueKind): boolean {
    const key = `${owner ?? '?'}.${field}:${vk}`;
    let known = this.fieldMemo.get(key);
    if (known === undefined) this.fieldMemo.set(key, (known = this.searchFieldRelease(field, owner, vk)));
    return known;
  }

  private searchFieldRelease(field: string, owner: string | null, vk: ValueKind): boolean {
    for (const fn of this.pkg.functions) {
      if (!fn.body) continue;
      let found = false;
      inspect(fn.body, (n) => {
        if (found) return false;
        if (n.kind === 'FuncLit') return false; // analysed as its own function
        if (n.kind !== 'SelectorExpr' || n.sel.name !== field) return true;
        if (owner !== null) {
          const f = this.ti.field(this.ti.typeOf(n.x), field);
          if (f && f.owner !== null && f.owner !== owner) return true;
        }
        const use = this.classify(n, vk, fn);
        if (use.kind !== 'neutral') found = true;
        return true;
      });
      if (found) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------
  // Sites

  private makeSite(call: ast.CallExpr, callee: string, creator: Creator, fn: FuncNode | null): Site {
    let e: ast.Node = call;
    let p = call.parent;
    while (p?.kind === 'ParenExpr') {
      e = p;
      p = p.parent;
    }
    const base = { kind: creator.kind, creator, call, callee, fn };
    const tuple = creator.kind === 'cancel';
    const companionIndex = tuple ? 0 : -1;
    if (p?.kind === 'AssignStmt' && p.rhs.includes(e as ast.Expr)) {
      let lhs: ast.Expr | undefined;
      let companion: ast.Expr | null = null;
      if (tuple) {
        if (p.rhs.length === 1) {
          lhs = p.lhs[creator.index];
          companion = p.lhs[companionIndex] ?? null;
        }
      } else if (p.lhs.length === p.rhs.length) {
        lhs = p.lhs[p.rhs.indexOf(e as ast.Expr)];
      }
      const stmt = p.rhs.length === 1 ? p : null;
      return { ...base, stmt, companion, target: lhs ? this.targetOf(lhs, fn) : { k: 'handed', how: 'other', node: p } };
    }
    if (p?.kind === 'ValueSpec' && p.values.includes(e as ast.Expr)) {
      let name: ast.Ident | undefined;
      let companion: ast.Expr | null = null;
      if (tuple) {
        if (p.values.length === 1) {
          name = p.names[creator.index];
          companion = p.names[companionIndex] ?? null;
        }
      } else if (p.names.length === p.values.length) {
        name = p.names[p.values.indexOf(e as ast.Expr)];
      }
      const declStmt = p.parent?.parent?.kind === 'DeclStmt' ? p.parent.parent : null;
      const stmt = declStmt && p.values.length === 1 ? declStmt : null;
      return { ...base, stmt, companion, target: name ? this.targetOf(name, fn) : { k: 'handed', how: 'other', node: p } };
    }
    if (p?.kind === 'ExprStmt') return { ...base, stmt: p, companion: null, target: { k: 'discarded', node: call } };
    const none = { ...base, stmt: null, companion: null };
    if (tuple) return { ...none, target: { k: 'handed', how: 'other', node: p ?? call } };
    // used where it is made: `for range time.Tick(d)`, `time.NewTicker(d).C`, `&T{t: time.NewTicker(d)}`
    const use = this.classify(call, creator.kind === 'ticker' ? 'ticker' : 'chan', fn);
    switch (use.kind) {
      case 'neutral':
        return { ...none, target: creator.kind === 'tick' ? { k: 'inline', node: call } : { k: 'discarded', node: call } };
      case 'field':
        return { ...none, target: { k: 'field', ...use.field! } };
      default:
        return { ...none, target: { k: 'handed', how: use.how ?? 'other', node: p ?? call } };
    }
  }

  private targetOf(lhs: ast.Expr, fn: FuncNode | null): Target {
    const x = unparenExpr(lhs);
    if (x.kind === 'Ident') {
      if (x.name === '_') return { k: 'discarded', node: x };
      const b = this.pkg.bindingOf(x);
      if (!b) return { k: 'handed', how: 'other', node: x };
      if (fn !== null && b.owner === fn && b.role === 'local') return { k: 'local', binding: b, ident: x };
      return { k: 'handed', how: b.role === 'result' ? 'result' : 'outer', node: x };
    }
    if (x.kind === 'SelectorExpr') return { k: 'field', ...this.fieldStore(x) };
    return { k: 'handed', how: 'stored', node: x };
  }

  private fieldStore(sel: ast.SelectorExpr): FieldStore {
    const f = this.ti.field(this.ti.typeOf(sel.x), sel.sel.name);
    return { node: sel, field: sel.sel.name, owner: f?.owner ?? null };
  }

  // -------------------------------------------------------------------------
  // Uses

  /**
   * What a reference to the value (an identifier, a field selector, or a closure capturing it)
   * does with it, judged from its syntactic context in `fn`.
   */
  classify(node: ast.Node, vk: ValueKind, fn: FuncNode | null): Use {
    let e: ast.Node = node;
    let p = node.parent;
    while (p?.kind === 'ParenExpr') {
      e = p;
      p = p.parent;
    }
    if (!p) return { kind: 'neutral', node };
    switch (vk) {
      case 'func':
        if (p.kind === 'CallExpr' && p.fun === e) return { kind: 'release', node };
        break;
      case 'ticker':
        if (p.kind === 'SelectorExpr' && p.x === e) {
          if (p.sel.name === 'Stop') return { kind: 'release', node };
          if (p.sel.name === 'C' || p.sel.name === 'Reset') return { kind: 'neutral', node };
          return { kind: 'handed', how: 'other', node };
        }
        break;
      case 'chan':
        if (p.kind === 'UnaryExpr' && p.op === Tok.ARROW) return { kind: 'neutral', node };
        if (p.kind === 'RangeStmt' && p.x === e) return { kind: 'neutral', node };
        break;
    }
    switch (p.kind) {
      case 'BinaryExpr':
        return p.op === Tok.EQL || p.op === Tok.NEQ ? { kind: 'neutral', node } : { kind: 'handed', how: 'other', node };
      case 'AssignStmt': {
        const i = p.rhs.indexOf(e as ast.Expr);
        if (i < 0) return { kind: 'neutral', node }; // being assigned, not used
        if (p.lhs.length !== p.rhs.length) return { kind: 'handed', how: 'other', node };
        return this.storedInto(p.lhs[i]!, node, fn);
      }
      case 'ValueSpec': {
        const i = p.values.indexOf(e as ast.Expr);
        if (i < 0 || p.names.length !== p.values.length) return { kind: 'neutral', node };
        return this.storedInto(p.names[i]!, node, fn);
      }
      case 'ReturnStmt':
        return { kind: 'handed', how: 'returned', node };
      case 'CallExpr':
        return { kind: 'handed', how: 'argument', node };
      case 'SendStmt':
        return { kind: 'handed', how: 'sent', node };
      case 'KeyValueExpr': {
        const lit = p.parent;
        if (p.value === e && lit?.kind === 'CompositeLit' && p.key.kind === 'Ident') {
          const t = lit.type ? this.ti.typeFromExpr(lit.type) : this.ti.typeOf(lit);
          const named = deref(t);
          const structOwner = named.k === 'named' && named.pkg === '' ? named.name : null;
          if (structOwner !== null && this.ti.field(named, p.key.name)) {
            return { kind: 'field', node, field: { node: p.key, field: p.key.name, owner: structOwner } };
          }
        }
        return { kind: 'handed', how: 'stored', node };
      }
      default:
        return { kind: 'handed', how: 'other', node };
    }
  }

  private storedInto(lhs: ast.Expr, node: ast.Node, fn: FuncNode | null): Use {
    const x = unparenExpr(lhs);
    if (x.kind === 'Ident') {
      // `_ = cancel`: deliberately dropped, as with any other explicit use
      if (x.name === '_') return { kind: 'release', node };
      const b = this.pkg.bindingOf(x);
      if (b && fn !== null && b.owner === fn && b.role === 'local') return { kind: 'alias', node, alias: b };
      return { kind: 'handed', how: b?.role === 'result' ? 'result' : 'outer', node };
    }
    if (x.kind === 'SelectorExpr') return { kind: 'field', node, field: this.fieldStore(x) };
    return { kind: 'handed', how: 'stored', node };
  }

  // -------------------------------------------------------------------------
  // Flow

  private analyse(fn: FuncNode): void {
    this.analysed.add(fn);
    const sites = (this.byFn.get(fn) ?? []).filter(flowTracked);
    if (sites.length === 0 || !fn.body) return;
    const pkg = this.pkg;

    // Every identifier of the body (nested closures included) by binding.
    const refs = new Map<Binding, ast.Ident[]>();
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

    // Follow each site's value through aliases; record what each reference releases.
    const releases = new Map<ast.Ident, Set<number>>();
    const results: SiteResult[] = sites.map((site) => ({ site, missed: [], overwritten: null, uses: [], aliases: [], capturedBy: [] }));
    sites.forEach((site, index) => {
      if (site.target.k !== 'local') return;
      const vk: ValueKind = site.kind === 'cancel' ? 'func' : site.kind === 'ticker' ? 'ticker' : 'chan';
      const seen = new Set<Binding>([site.target.binding]);
      const work: { b: Binding; vk: ValueKind }[] = [{ b: site.target.binding, vk }];
      while (work.length > 0) {
        const { b, vk: kind } = work.pop()!;
        for (const id of refs.get(b) ?? []) {
          const use = this.useOf(id, kind, fn);
          if (use.kind === 'neutral') {
            const lit = goLiteralAround(id, fn);
            if (lit && !results[index]!.capturedBy.includes(lit)) results[index]!.capturedBy.push(lit);
            continue;
          }
          results[index]!.uses.push(use);
          if (use.kind === 'alias') {
            const a = use.alias!;
            if (!seen.has(a)) {
              seen.add(a);
              results[index]!.aliases.push(a);
              work.push({ b: a, vk: use.node.kind === 'FuncLit' ? 'func' : kind });
            }
            continue;
          }
          const set = releases.get(id);
          if (set) set.add(index);
          else releases.set(id, new Set([index]));
        }
      }
      results[index]!.uses.sort((a, b) => a.node.pos - b.node.pos);
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
            if (n.kind === 'Ident') {
              const rel = releases.get(n);
              if (rel && out.some((i) => rel.has(i))) out = out.filter((i) => !rel.has(i));
            } else if (n.kind === 'CallExpr') {
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
            if (site.stmt === stmt && site.target.k === 'local' && s.includes(i)) results[i]!.overwritten ??= stmt;
          });
        },
        exit(at, s, kind) {
          if (kind === 'panic') return;
          for (const i of s) {
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
      this.results.set(r.site, r);
    }
  }

  /** A reference's effect; references inside closures act through the closure. */
  private useOf(id: ast.Ident, vk: ValueKind, fn: FuncNode): Use {
    let outermost: ast.FuncLit | null = null;
    let inner: FuncNode = fn;
    for (let n = id.parent; n !== undefined && n !== fn; n = n.parent) {
      if (n.kind === 'FuncLit') {
        if (outermost === null) inner = n;
        outermost = n;
      }
    }
    const direct = this.classify(id, vk, inner);
    if (outermost === null || direct.kind === 'neutral') return direct;
    // a closure that releases or hands on the value is itself a func that must run
    const viaClosure = this.classify(outermost, 'func', fn);
    return viaClosure.kind === 'neutral' ? viaClosure : { ...viaClosure, node: viaClosure.kind === 'alias' ? outermost : viaClosure.node };
  }
}

/** The outermost `go func() { ... }()` literal of `fn` around a reference, if any. */
function goLiteralAround(id: ast.Node, fn: FuncNode): ast.FuncLit | null {
  let found: ast.FuncLit | null = null;
  for (let n = id.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'FuncLit' && n.parent?.kind === 'CallExpr' && n.parent.fun === n && n.parent.parent?.kind === 'GoStmt') found = n;
  }
  return found;
}

function flowTracked(site: Site): boolean {
  return site.target.k === 'local' || site.target.k === 'inline' || (site.target.k === 'discarded' && site.kind !== 'cancel');
}

/** The function (declaration or literal) whose body lexically contains a node. */
export function enclosingFunc(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  }
  return null;
}

/** A node standing for the closing brace of a block, for related locations. */
export function closingBrace(body: ast.BlockStmt): ast.Node {
  const at = body.rbrace >= 0 ? body.rbrace : Math.max(body.pos, body.end - 1);
  return { kind: 'EmptyStmt', implicit: true, pos: at, end: at + 1, parent: body };
}
