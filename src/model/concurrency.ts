// Where code runs concurrently. Roots are the entry points of goroutines: `go` statements,
// errgroup/WaitGroup.Go callbacks, HTTP handlers (one goroutine per request), and, per named
// type, its exported methods as called from outside while the type's goroutines run. Frames
// are the functions a root reaches through calls within the package, with parameters bound to
// what the caller passed. The questions rules ask: which roots run this function, and can two
// accesses happen at the same time (no happens-before through spawn order or a join)?

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, inspect, kindSet } from '../parse/walk.js';
import { HTTP_HANDLER_REGISTRATION } from '../knowledge/stdlib.js';
import { type Location, locate, locationKey } from './accesses.js';
import { builtinName, callsByName } from './calls.js';
import { lockRef } from './locks.js';
import { type PackageModel, receiverTypeName } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isNamed } from './types.js';

export type RootKind = 'go' | 'errgroup' | 'handler' | 'external';

export interface Root {
  readonly id: number;
  readonly kind: RootKind;
  /** The go statement, the registration call, or the handler/method declaration. */
  readonly site: ast.Node;
  /** The function executing the go statement (null for handlers and external callers). */
  readonly spawner: FuncNode | null;
  /** The function body the root starts in. */
  readonly entry: FuncNode;
  /** The call started by `go f(args)`, whose arguments bind the entry's parameters. */
  readonly call: ast.CallExpr | null;
  /** Several instances may run at the same time (loop, handler, repeatedly called spawner). */
  multiple: boolean;
  /** For `external`: the type whose exported methods it stands for. */
  readonly ownerType?: string;
}

export interface Frame {
  readonly root: Root;
  readonly fn: FuncNode;
  /** Parameter binding id → the caller's location for it. */
  readonly subst: ReadonlyMap<number, Location>;
  /** The call that entered this frame from its parent frame (null for the root's entry). */
  readonly via: ast.CallExpr | null;
  readonly parent: Frame | null;
  /**
   * The call of the root's spawner whose arguments bind the spawner's parameters that the
   * goroutine captures (`fill(&m)` for `func fill(m *map[K]V) { go func() { (*m)[k] = v }() }`);
   * undefined for the frames that leave those parameters unbound.
   */
  readonly context?: ast.CallExpr;
}

const MAX_FRAME_DEPTH = 5;
/** What a frame's body is searched for: calls into other frames, literals, go statements. */
const FRAME_KINDS = kindSet(['GoStmt', 'FuncLit', 'CallExpr']);
/** Call sites of a spawner that get their own parameter-bound frames, per root. */
const MAX_SPAWNER_CONTEXTS = 4;

export class Concurrency {
  readonly roots: Root[] = [];
  /** Frames per function. */
  private readonly framesByFn = new Map<FuncNode, Frame[]>();
  /** Roots started (go statements) per spawner function. */
  readonly spawnsIn = new Map<FuncNode, Root[]>();
  private readonly ti: TypeInfo;
  /** Calls of each package function, by callee. */
  private readonly callSites = new Map<FuncNode, readonly ast.CallExpr[]>();
  /** Calls of instantiations (`f[T](...)`): callees found by no name. */
  private genericCalls?: ast.CallExpr[];
  private readonly boundByEveryCaller = new Set<Root>();

  private constructor(private readonly pkg: PackageModel) {
    this.ti = TypeInfo.of(pkg);
    this.findRoots();
    for (const r of this.roots) this.expand(r);
    this.computeMultiplicity();
  }

  static of(pkg: PackageModel): Concurrency {
    return pkg.analysis('concurrency', (p) => new Concurrency(p));
  }

  framesOf(fn: FuncNode): readonly Frame[] {
    return this.framesByFn.get(fn) ?? [];
  }

  /** The calls of a package function found in the package (empty when no goroutine starts anywhere). */
  callSitesOf(fn: FuncNode): readonly ast.CallExpr[] {
    // only a package function can be a callee; a few are asked about, so their calls are
    // resolved by name on demand instead of resolving every call of the package
    if (this.roots.length === 0 || fn.kind !== 'FuncDecl') return [];
    let sites = this.callSites.get(fn);
    if (!sites) {
      const byName = callsByName(this.pkg);
      this.genericCalls ??= byName.other.filter((c) => {
        const fun = unparenExpr(c.fun);
        return fun.kind === 'IndexExpr' || fun.kind === 'IndexListExpr';
      });
      const name = fn.name.name;
      const found: ast.CallExpr[] = [];
      for (const list of [byName.plain.get(name), byName.selector.get(name), this.genericCalls]) {
        for (const c of list ?? []) if (this.ti.callee(c) === fn) found.push(c);
      }
      sites = found.sort((a, b) => a.pre! - b.pre!);
      this.callSites.set(fn, sites);
    }
    return sites;
  }

  /** The function that lexically encloses a node (FuncDecl or FuncLit). */
  enclosingFunc(node: ast.Node): FuncNode | null {
    for (let n = node.parent; n !== undefined; n = n.parent) {
      if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
    }
    return null;
  }

  // -------------------------------------------------------------------------
  // Roots

  private addRoot(r: Omit<Root, 'id'>): Root {
    const root: Root = { id: this.roots.length + 1, ...r };
    this.roots.push(root);
    if (root.spawner) {
      const list = this.spawnsIn.get(root.spawner);
      if (list) list.push(root);
      else this.spawnsIn.set(root.spawner, [root]);
    }
    return root;
  }

  private findRoots(): void {
    const pkg = this.pkg;
    const handlerDecls = new Set<FuncNode>();
    for (const n of pkg.goStmts) {
      const entry = this.startedFunc(n.call);
      if (entry) this.addRoot({ kind: 'go', site: n, spawner: this.enclosingFunc(n), entry, call: n.call, multiple: false });
    }
    // only `x.Go(f)` and handler registrations can start one, in source order
    const byName = callsByName(pkg).selector;
    const callbacks = [...new Set(['Go', ...HTTP_HANDLER_REGISTRATION.keys()])].flatMap((name) => byName.get(name) ?? []);
    callbacks.sort((a, b) => a.pre! - b.pre!);
    for (const call of callbacks) this.maybeCallbackRoot(call, handlerDecls);
    for (const fn of pkg.functions) {
      if (fn.kind === 'FuncDecl' && !handlerDecls.has(fn) && isHandlerSignature(pkg, fn.type)) {
        handlerDecls.add(fn);
        this.addRoot({ kind: 'handler', site: fn, spawner: null, entry: fn, call: null, multiple: true });
      }
    }
    // Exported methods of a type run in their callers' goroutines, concurrently with the
    // goroutines the type starts.
    const typesWithRoots = new Set<string>();
    for (const r of this.roots) {
      if (r.entry.kind === 'FuncDecl' && r.entry.recv) {
        const t = receiverTypeName(r.entry);
        if (t) typesWithRoots.add(t);
      }
      const spawner = r.spawner;
      if (spawner?.kind === 'FuncDecl' && spawner.recv) {
        const t = receiverTypeName(spawner);
        if (t) typesWithRoots.add(t);
      }
    }
    for (const typeName of typesWithRoots) {
      const methods = pkg.methods.get(typeName);
      if (!methods) continue;
      for (const [name, decls] of methods) {
        if (!/^[A-Z]/.test(name)) continue;
        for (const decl of decls) {
          if (this.roots.some((r) => r.entry === decl)) continue;
          this.addRoot({ kind: 'external', site: decl, spawner: null, entry: decl, call: null, multiple: false, ownerType: typeName });
        }
      }
    }
  }

  /** errgroup.Go / WaitGroup.Go callbacks and HTTP handler registrations. */
  private maybeCallbackRoot(call: ast.CallExpr, handlerDecls: Set<FuncNode>): void {
    const fun = unparenExpr(call.fun);
    if (fun.kind !== 'SelectorExpr') return;
    const name = fun.sel.name;
    if (name === 'Go' && call.args.length === 1) {
      const recv = deref(this.ti.typeOf(fun.x));
      const isGroup =
        isNamed(recv, 'golang.org/x/sync/errgroup', 'Group') ||
        isNamed(recv, 'sync', 'WaitGroup') ||
        (recv.k === 'unknown' && /^(g|eg|grp|group|wg)$/i.test(exprName(fun.x)));
      const entry = isGroup ? this.funcValue(call.args[0]!) : null;
      if (entry) this.addRoot({ kind: 'errgroup', site: call, spawner: this.enclosingFunc(call), entry, call: null, multiple: false });
      return;
    }
    const argIndex = HTTP_HANDLER_REGISTRATION.get(name);
    if (argIndex !== undefined) {
      const isHTTP =
        (fun.x.kind === 'Ident' && this.pkg.bindingOf(fun.x)?.importPath === 'net/http') ||
        isNamed(deref(this.ti.typeOf(fun.x)), 'net/http', 'ServeMux');
      const arg = call.args[argIndex];
      if (!isHTTP || !arg) return;
      const entry = this.funcValue(arg);
      if (entry && !handlerDecls.has(entry)) {
        handlerDecls.add(entry);
        this.addRoot({ kind: 'handler', site: call, spawner: null, entry, call: null, multiple: true });
      }
    }
  }

  /** The function a `go` statement starts: a literal, a package function, or a method. */
  private startedFunc(call: ast.CallExpr): FuncNode | null {
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'FuncLit') return fun;
    return this.ti.callee(call);
  }

  /** A function value: literal, package function name, or method value `s.handle`. */
  private funcValue(e: ast.Expr): FuncNode | null {
    const x = unparenExpr(e);
    if (x.kind === 'FuncLit') return x;
    if (x.kind === 'Ident') {
      const b = this.pkg.bindingOf(x);
      return b?.kind === 'func' && b.decl?.kind === 'FuncDecl' ? b.decl : null;
    }
    if (x.kind === 'SelectorExpr') return this.ti.method(this.ti.typeOf(x.x), x.sel.name)?.decl ?? null;
    if (x.kind === 'CallExpr') {
      // http.HandlerFunc(f) conversions
      if (x.args.length === 1) return this.funcValue(x.args[0]!);
    }
    return null;
  }

  // -------------------------------------------------------------------------
  // Frames

  private expand(root: Root): void {
    this.expandIn(root, null, new Map());
    const sites = this.spawnerContexts(root);
    let everyCaller = sites.length > 0 && sites.length === this.callSitesOf(root.spawner!).length;
    for (const site of sites) {
      const bound = new Map<number, Location>();
      this.bindArgs(site, root.spawner!, bound, null, false);
      if (bound.size > 0) this.expandIn(root, site, bound);
      else everyCaller = false;
    }
    if (everyCaller) this.boundByEveryCaller.add(root);
  }

  /**
   * True when the goroutine has frames bound to every call of its spawner, so the frames that
   * leave the spawner's parameters unbound add nothing about what those parameters are.
   */
  bindsEveryCaller(root: Root): boolean {
    return this.boundByEveryCaller.has(root);
  }

  /**
   * Calls of the root's spawner whose arguments may be what the goroutine touches: a
   * goroutine started by `func fill(m *map[K]V)` writes the caller's map.
   */
  private spawnerContexts(root: Root): ast.CallExpr[] {
    const spawner = root.spawner;
    if (spawner?.kind !== 'FuncDecl' || spawner.type.params.list.length === 0) return [];
    return this.callSitesOf(spawner).slice(0, MAX_SPAWNER_CONTEXTS);
  }

  private expandIn(root: Root, context: ast.CallExpr | null, outer: ReadonlyMap<number, Location>): void {
    const subst = new Map<number, Location>(outer);
    if (root.call) this.bindArgs(root.call, root.entry, subst, context ? outer : null);
    const ctx = context ? { context } : {};
    const first: Frame = { root, fn: root.entry, subst, via: null, parent: null, ...ctx };
    const queue: { frame: Frame; depth: number }[] = [{ frame: first, depth: 0 }];
    const seen = new Set<FuncNode>();
    while (queue.length > 0) {
      const { frame, depth } = queue.shift()!;
      if (seen.has(frame.fn)) continue;
      seen.add(frame.fn);
      const list = this.framesByFn.get(frame.fn);
      if (list) list.push(frame);
      else this.framesByFn.set(frame.fn, [frame]);
      const byRoot = this.framesByRoot.get(root);
      if (byRoot) byRoot.push(frame);
      else this.framesByRoot.set(root, [frame]);
      if (!frame.fn.body || depth >= MAX_FRAME_DEPTH) continue;
      eachOfKinds(frame.fn.body, FRAME_KINDS, (n) => {
        if (n.kind === 'GoStmt') {
          // the started function belongs to its own root; its other arguments are evaluated here
          for (const a of n.call.args) this.walkNested(a, frame, queue, depth);
          return false;
        }
        if (n.kind === 'FuncLit') {
          // a literal that is not started with `go` runs in this goroutine (callback, defer)
          if (!isGoTarget(n) && !this.isCallbackRootTarget(n))
            queue.push({ frame: { root, fn: n, subst: frame.subst, via: null, parent: frame, ...ctx }, depth: depth + 1 });
          return false;
        }
        if (n.kind === 'CallExpr') {
          const callee = this.ti.callee(n);
          if (callee && callee !== frame.fn) {
            const sub = new Map<number, Location>();
            this.bindArgs(n, callee, sub, frame.subst);
            queue.push({ frame: { root, fn: callee, subst: sub, via: n, parent: frame, ...ctx }, depth: depth + 1 });
          }
        }
        return true;
      });
    }
  }

  private walkNested(e: ast.Expr, frame: Frame, queue: { frame: Frame; depth: number }[], depth: number): void {
    inspect(e, (n) => {
      if (n.kind === 'FuncLit') {
        queue.push({
          frame: {
            root: frame.root,
            fn: n,
            subst: frame.subst,
            via: null,
            parent: frame,
            ...(frame.context ? { context: frame.context } : {}),
          },
          depth: depth + 1,
        });
        return false;
      }
      return true;
    });
  }

  private isCallbackRootTarget(lit: ast.FuncLit): boolean {
    return this.roots.some((r) => r.entry === lit && r.kind !== 'go');
  }

  /** Binds a callee's receiver and parameters to the locations of the call's operands. */
  private bindArgs(
    call: ast.CallExpr,
    callee: FuncNode,
    into: Map<number, Location>,
    outer: ReadonlyMap<number, Location> | null,
    withReceiver = true,
  ): void {
    const pkg = this.pkg;
    const params: ast.Ident[] = [];
    for (const f of callee.type.params.list) for (const n of f.names) params.push(n);
    call.args.forEach((arg, i) => {
      const p = params[i];
      if (!p) return;
      const b = pkg.bindingOf(p);
      const loc = locate(pkg, arg, outer ?? undefined);
      if (b && loc) into.set(b.id, loc);
    });
    if (withReceiver && callee.kind === 'FuncDecl' && callee.recv) {
      const recvName = callee.recv.list[0]?.names[0];
      const fun = unparenExpr(call.fun);
      if (recvName && fun.kind === 'SelectorExpr') {
        const b = pkg.bindingOf(recvName);
        const loc = locate(pkg, fun.x, outer ?? undefined);
        if (b && loc) into.set(b.id, loc);
      }
    }
  }

  // -------------------------------------------------------------------------
  // Multiplicity

  private computeMultiplicity(): void {
    if (this.roots.length === 0) return;
    const repeatable = (fn: FuncNode, depth: number): boolean => {
      if (depth > 4) return false;
      if (fn.kind === 'FuncDecl' && (fn.name.name === 'main' || fn.name.name === 'init') && !fn.recv) return false;
      if (this.framesOf(fn).some((fr) => fr.root.kind === 'handler')) return true;
      // recursive calls run one after another in the same goroutine (a recursive `go`
      // statement is its own root, judged by overlap)
      const sites = this.callSitesOf(fn).filter((site) => !isNestedFunc(this, site, fn));
      if (sites.length >= 2) return true;
      for (const site of sites) {
        if (insideLoop(site, this.enclosingFunc(site))) return true;
        const outer = this.enclosingFunc(site);
        if (outer && repeatable(outer, depth + 1)) return true;
        if (site.parent?.kind === 'GoStmt') {
          // started as a goroutine itself: repeatable if that go statement is
          const r = this.roots.find((x) => x.site === site.parent);
          if (r && (insideLoop(r.site, r.spawner) || (r.spawner !== null && repeatable(r.spawner, depth + 1)))) return true;
        }
      }
      if (fn.kind === 'FuncLit') {
        const outer = this.pkg.funcParents.get(fn);
        if (outer && repeatable(outer, depth + 1)) return true;
        if (insideLoop(fn, outer ?? null)) return true;
      }
      return false;
    };
    for (const r of this.roots) {
      if (r.kind === 'handler') continue;
      if (r.kind === 'go' || r.kind === 'errgroup') {
        // a goroutine joined before its loop's next iteration has one instance at a time
        const perIteration = insideLoop(r.site, r.spawner) && !this.joinedEachIteration(r);
        r.multiple = perIteration || (r.spawner !== null && repeatable(r.spawner, 0));
      }
    }
  }

  /** True when the spawner of `root` can run again while earlier instances are alive. */
  spawnerRepeats(root: Root): boolean {
    return root.multiple && !insideLoop(root.site, root.spawner);
  }

  // -------------------------------------------------------------------------
  // Ordering within a spawner

  /**
   * Can `node` (in function `fn`, which started `root`) run while `root` runs?
   * Code before the go statement cannot, unless the go statement is in a loop (an earlier
   * iteration's goroutine is alive) or the location is shared across calls of the spawner.
   * Code after it can, until a join that waits for the goroutine.
   */
  spawnerOverlaps(root: Root, node: ast.Node, sharedAcrossCalls: boolean): boolean {
    if (!root.spawner) return false;
    const goPos = root.site.pos;
    if (node.pos < goPos) {
      const loop = enclosingLoopOf(root.site, root.spawner);
      if (loop && node.pos >= loop.pos && node.end <= loop.end)
        return !this.joinedBefore(root, node, loop) && !this.joinedEachIteration(root);
      return sharedAcrossCalls && root.multiple;
    }
    if (node.pos >= root.site.pos && node.end <= root.site.end) return false; // the go statement's own arguments
    return !this.joinedBefore(root, node, null);
  }

  /** A wait (wg.Wait, receive from a channel the goroutine signals) dominating `node` after the spawn. */
  joinedBefore(root: Root, node: ast.Node, within: ast.Node | null): boolean {
    const signals = this.signalsOf(root);
    if (signals.size === 0) return false;
    for (let child: ast.Node = node, n = node.parent; n !== undefined && n !== root.spawner; child = n, n = n.parent) {
      const list = n.kind === 'BlockStmt' ? n.list : n.kind === 'CaseClause' || n.kind === 'CommClause' ? n.body : null;
      if (!list) continue;
      for (const stmt of list) {
        if (stmt === child) break;
        if (stmt.end <= root.site.pos && !(within && stmt.pos >= within.pos)) continue;
        if (this.waitsFor(stmt, signals)) return true;
      }
    }
    return false;
  }

  /**
   * True when the go statement sits in a loop whose body waits for the goroutine after
   * starting it: `for ... { wg.Add(1); go f(); wg.Wait() }` runs one goroutine at a time.
   */
  joinedEachIteration(root: Root): boolean {
    const loop = enclosingLoopOf(root.site, root.spawner);
    return loop !== null && this.waitedForWithin(root, loop);
  }

  /**
   * True when the spawner waits for the goroutine after starting it, before it returns
   * (`go b.launch(); <-b.signal`): the goroutine does not outlive the call that started it.
   */
  joinedBeforeReturn(root: Root): boolean {
    return root.spawner !== null && root.kind !== 'handler' && this.waitedForWithin(root, root.spawner);
  }

  /** A statement after the go statement, in a block between it and `boundary`, waits for the goroutine. */
  private waitedForWithin(root: Root, boundary: ast.Node): boolean {
    const signals = this.signalsOf(root);
    if (signals.size === 0) return false;
    for (let child: ast.Node = root.site, n = root.site.parent; n !== undefined && n !== boundary; child = n, n = n.parent) {
      const list = n.kind === 'BlockStmt' ? n.list : n.kind === 'CaseClause' || n.kind === 'CommClause' ? n.body : null;
      if (!list) continue;
      const at = list.indexOf(child as ast.Stmt);
      if (at < 0) continue;
      for (const stmt of list.slice(at + 1)) if (this.waitsFor(stmt, signals)) return true;
    }
    return false;
  }

  private readonly signalCache = new Map<Root, Set<string>>();
  private readonly framesByRoot = new Map<Root, Frame[]>();

  /** Keys of the WaitGroups a root calls Done on and the channels it sends on or closes. */
  signalsOf(root: Root): Set<string> {
    const cached = this.signalCache.get(root);
    if (cached) return cached;
    const out = new Set<string>();
    this.signalCache.set(root, out);
    const frames = this.framesByRoot.get(root) ?? [];
    for (const frame of frames) {
      if (!frame.fn.body) continue;
      inspect(frame.fn.body, (n) => {
        if (n.kind === 'FuncLit' && n !== frame.fn) return false;
        if (n.kind === 'SendStmt') out.add(this.syncKey(n.chan, frame.subst));
        if (n.kind === 'CallExpr') {
          const fun = unparenExpr(n.fun);
          if (fun.kind === 'SelectorExpr' && fun.sel.name === 'Done') out.add(this.syncKey(fun.x, frame.subst));
          if (builtinName(this.pkg, n) === 'close' && n.args[0]) out.add(this.syncKey(n.args[0], frame.subst));
        }
        return true;
      });
    }
    if (root.kind === 'errgroup' && root.site.kind === 'CallExpr') {
      const fun = unparenExpr(root.site.fun);
      if (fun.kind === 'SelectorExpr') out.add(this.syncKey(fun.x, new Map()));
    }
    return out;
  }

  private syncKey(e: ast.Expr, subst: ReadonlyMap<number, Location>): string {
    const loc = locate(this.pkg, e, subst);
    if (loc) return locationKey(loc.k === 'addr' ? loc.of : loc);
    return lockRef(this.pkg, e, false).typeKey;
  }

  private waitsFor(stmt: ast.Stmt, signals: Set<string>): boolean {
    let found = false;
    inspect(stmt, (n) => {
      if (found || n.kind === 'FuncLit' || n.kind === 'GoStmt') return false;
      if (n.kind === 'CallExpr') {
        const fun = unparenExpr(n.fun);
        if (fun.kind === 'SelectorExpr' && fun.sel.name === 'Wait' && signals.has(this.syncKey(fun.x, new Map()))) found = true;
      } else if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW) {
        if (signals.has(this.syncKey(n.x, new Map()))) found = true;
      } else if (n.kind === 'RangeStmt') {
        if (signals.has(this.syncKey(n.x, new Map()))) found = true;
      }
      return !found;
    });
    return found;
  }
}

function isNestedFunc(conc: Concurrency, node: ast.Node, fn: FuncNode): boolean {
  for (let f = conc.enclosingFunc(node); f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) if (f === fn) return true;
  return false;
}

function isGoTarget(lit: ast.FuncLit): boolean {
  const p = lit.parent;
  return p?.kind === 'CallExpr' && p.fun === lit && p.parent?.kind === 'GoStmt';
}

/** The innermost for/range loop around `node` inside `fn`, if any. */
export function enclosingLoopOf(node: ast.Node, fn: FuncNode | null): ast.ForStmt | ast.RangeStmt | null {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return n;
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return null;
  }
  return null;
}

export function insideLoop(node: ast.Node, fn: FuncNode | null): boolean {
  return enclosingLoopOf(node, fn) !== null;
}

function exprName(e: ast.Expr): string {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') return x.name;
  if (x.kind === 'SelectorExpr') return x.sel.name;
  return '';
}

/** func(http.ResponseWriter, *http.Request), in any spelling of the import. */
export function isHandlerSignature(pkg: PackageModel, ft: ast.FuncType): boolean {
  const params = ft.params.list;
  const types: ast.Expr[] = [];
  for (const f of params) {
    if (!f.type) return false;
    for (let i = 0; i < Math.max(1, f.names.length); i++) types.push(f.type);
  }
  if (types.length !== 2 || (ft.results && ft.results.list.length > 0)) return false;
  const ti = TypeInfo.of(pkg);
  return (
    isNamed(ti.typeFromExpr(types[0]!), 'net/http', 'ResponseWriter') && isNamed(deref(ti.typeFromExpr(types[1]!)), 'net/http', 'Request')
  );
}
