// How long the code of a function lives: code that runs once for the whole life of the process
// (main, init, the goroutines and helpers only they start) cannot leak per-call resources,
// because there is only one call and the process exit releases everything.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { forEachChild, inspect } from '../parse/walk.js';
import { callsToPackageFunctions, isNoReturnStmt } from './calls.js';
import { insideLoop } from './concurrency.js';
import { runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isNamed } from './types.js';

export function isPlainFunc(fn: FuncNode, name: string): fn is ast.FuncDecl {
  return fn.kind === 'FuncDecl' && fn.recv === null && fn.name.name === name;
}

/** `main.main` or any `init`. */
export function isMainOrInit(pkg: PackageModel, fn: FuncNode): boolean {
  return isPlainFunc(fn, 'init') || (pkg.name === 'main' && isPlainFunc(fn, 'main'));
}

/** A go statement's function literal: `go func() { ... }()`. */
export function isGoLiteral(fn: FuncNode): fn is ast.FuncLit {
  const p = fn.parent;
  return fn.kind === 'FuncLit' && p?.kind === 'CallExpr' && p.fun === fn && p.parent?.kind === 'GoStmt';
}

/**
 * True when `fn` runs at most once per process: main, init, function literals they run (not in
 * a loop), and — in package main — functions called only from such code.
 */
export function processLifetime(pkg: PackageModel, fn: FuncNode): boolean {
  return pkg.analysis('process-lifetime', () => new LifetimeAnalysis(pkg)).once(fn, 0);
}

class LifetimeAnalysis {
  private readonly memo = new Map<FuncNode, boolean>();
  private callSites: Map<FuncNode, ast.CallExpr[]> | null = null;

  constructor(private readonly pkg: PackageModel) {}

  once(fn: FuncNode, depth: number): boolean {
    const cached = this.memo.get(fn);
    if (cached !== undefined) return cached;
    if (depth > 6) return false;
    this.memo.set(fn, false); // recursion: not provably once
    const result = this.compute(fn, depth);
    this.memo.set(fn, result);
    return result;
  }

  private compute(fn: FuncNode, depth: number): boolean {
    const pkg = this.pkg;
    if (isMainOrInit(pkg, fn)) return true;
    if (fn.kind === 'FuncLit') {
      const outer = pkg.funcParents.get(fn) ?? null;
      return outer !== null && !insideLoop(fn, outer) && this.once(outer, depth + 1);
    }
    if (pkg.name !== 'main') return false;
    const sites = this.sitesOf(fn);
    if (sites.length === 0) return false;
    return sites.every((call) => {
      const outer = enclosing(call);
      return outer !== null && !insideLoop(call, outer) && this.once(outer, depth + 1);
    });
  }

  private sitesOf(fn: FuncNode): ast.CallExpr[] {
    if (this.callSites === null) {
      this.callSites = new Map();
      const ti = TypeInfo.of(this.pkg);
      for (const call of callsToPackageFunctions(this.pkg)) {
        const callee = ti.callee(call);
        if (!callee) continue;
        const list = this.callSites.get(callee);
        if (list) list.push(call);
        else this.callSites.set(callee, [call]);
      }
    }
    return this.callSites.get(fn) ?? [];
  }
}

function enclosing(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  }
  return null;
}

/**
 * The first loop of a body (outside nested function literals) that never ends: `for { }`,
 * `for true { }` or a range over a ticker channel, with no return, break out of it, goto, or
 * call that ends the goroutine (panic, runtime.Goexit, os.Exit, log.Fatal...) inside.
 */
export function endlessLoop(pkg: PackageModel, body: ast.BlockStmt): ast.ForStmt | ast.RangeStmt | null {
  let found: ast.ForStmt | ast.RangeStmt | null = null;
  inspect(body, (n) => {
    if (found !== null || n.kind === 'FuncLit') return false;
    if ((n.kind === 'ForStmt' || n.kind === 'RangeStmt') && runsForever(pkg, n) && !hasExit(pkg, n)) found = n;
    return true;
  });
  return found;
}

/** `for {}`, `for true {}`, or a range over a ticker channel (never closed). */
export function runsForever(pkg: PackageModel, loop: ast.ForStmt | ast.RangeStmt): boolean {
  if (loop.kind === 'ForStmt') {
    if (loop.cond === null) return true;
    const c = unparenExpr(loop.cond);
    return c.kind === 'Ident' && c.name === 'true' && pkg.bindingOf(c)?.role === 'universe';
  }
  return isTickerChannel(pkg, loop.x);
}

/** `t.C` of a *time.Ticker or `time.Tick(d)`: channels that are never closed. */
export function isTickerChannel(pkg: PackageModel, e: ast.Expr, depth = 0): boolean {
  const ti = TypeInfo.of(pkg);
  const x = unparenExpr(e);
  if (x.kind === 'Ident' && depth < 2) {
    // tick := time.Tick(d); c := t.C
    const b = pkg.bindingOf(x);
    return b?.kind === 'var' && b.source.k === 'init' && !b.source.ofTuple && isTickerChannel(pkg, b.source.expr, depth + 1);
  }
  if (x.kind === 'CallExpr') return ti.qualifiedCallee(x) === 'time.Tick';
  if (x.kind === 'SelectorExpr' && x.sel.name === 'C') {
    const t = deref(ti.typeOf(x.x));
    return isNamed(t, 'time', 'Ticker');
  }
  return false;
}

const STATEMENTS: ReadonlySet<string> = new Set([
  'BlockStmt',
  'IfStmt',
  'ForStmt',
  'RangeStmt',
  'SwitchStmt',
  'TypeSwitchStmt',
  'SelectStmt',
  'CaseClause',
  'CommClause',
  'LabeledStmt',
]);

function hasExit(pkg: PackageModel, loop: ast.ForStmt | ast.RangeStmt): boolean {
  const ownLabel = loop.parent?.kind === 'LabeledStmt' ? loop.parent.label.name : null;
  const innerLabels = new Set<string>();
  inspect(loop.body, (n) => {
    if (n.kind === 'LabeledStmt') innerLabels.add(n.label.name);
    return n.kind !== 'FuncLit';
  });
  let exit = false;
  // depth of statements an unlabeled break would leave instead of this loop
  const walk = (n: ast.Node, breakable: number): void => {
    if (exit || n.kind === 'FuncLit') return;
    switch (n.kind) {
      case 'ReturnStmt':
        exit = true;
        return;
      case 'BranchStmt':
        if (n.tok === Tok.GOTO) exit = true;
        else if (n.tok === Tok.BREAK) {
          if (n.label !== null) exit = n.label.name === ownLabel || !innerLabels.has(n.label.name);
          else if (breakable === 0) exit = true;
        } else if (n.tok === Tok.CONTINUE && n.label !== null && n.label.name !== ownLabel && !innerLabels.has(n.label.name)) exit = true;
        return;
      case 'ExprStmt':
        if (isNoReturnStmt(pkg, n)) exit = true;
        return;
      default:
        // statements only: expressions cannot leave the loop (and may nest deeply)
        if (!STATEMENTS.has(n.kind)) return;
    }
    const nested =
      n.kind === 'ForStmt' || n.kind === 'RangeStmt' || n.kind === 'SwitchStmt' || n.kind === 'TypeSwitchStmt' || n.kind === 'SelectStmt';
    forEachChild(n, (c) => walk(c, breakable + (nested ? 1 : 0)));
  };
  forEachChild(loop.body, (c) => walk(c, 0));
  return exit;
}

/**
 * The exits of a function body that can be reached (returns and the closing brace; not panics,
 * os.Exit or runtime.Goexit), understanding `for {}` and ranges over ticker channels as endless.
 * Empty for code that runs until the process ends.
 */
export function reachableExits(pkg: PackageModel, fn: FuncNode): ast.Node[] {
  const out: ast.Node[] = [];
  if (!fn.body) return out;
  runFlow<boolean>(
    fn.body,
    true,
    {
      simple: (_node, s) => s,
      join: (a, b) => a || b,
      equal: (a, b) => a === b,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      endless: (loop) => runsForever(pkg, loop),
    },
    {
      exit(at, _s, kind) {
        if (kind !== 'panic') out.push(at);
      },
    },
  );
  return out;
}
