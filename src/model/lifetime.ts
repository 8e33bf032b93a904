// How long the code of a function lives: code that runs once for the whole life of the process
// (main, init, the goroutines and helpers only they start) cannot leak per-call resources,
// because there is only one call and the process exit releases everything.

import type * as ast from '../parse/ast.js';
import { insideLoop } from './concurrency.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo } from './typeinfo.js';

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
      for (const call of this.pkg.calls) {
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
