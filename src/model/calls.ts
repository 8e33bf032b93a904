// Classifying calls: builtins, std functions by qualified name, calls that never return.

import type * as ast from '../parse/ast.js';
import { NO_RETURN_FUNCS, NO_RETURN_METHODS } from '../knowledge/stdlib.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';

/** Name of the builtin a call invokes (make, len, close, delete, panic...), or null. */
export function builtinName(pkg: PackageModel, call: ast.CallExpr): string | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'Ident') return null;
  const b = pkg.bindingOf(fun);
  return b?.kind === 'builtin' ? fun.name : null;
}

/** "importpath.Func" for calls of another package's function (including C.x), else null. */
export function qualifiedName(pkg: PackageModel, call: ast.CallExpr): string | null {
  return TypeInfo.of(pkg).qualifiedCallee(call);
}

/** True when the call is the method `name` on a value of std type pkgPath.typeName (or a pointer to it). */
export function isMethodOn(pkg: PackageModel, call: ast.CallExpr, pkgPath: string, typeName: string, ...names: string[]): boolean {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || !names.includes(fun.sel.name)) return false;
  let t = TypeInfo.of(pkg).typeOf(fun.x);
  if (t.k === 'ptr') t = t.elem;
  return t.k === 'named' && t.pkg === pkgPath && t.name === typeName;
}

/** Method name of a call `x.m(...)` (any receiver), or null. */
export function methodName(call: ast.CallExpr): string | null {
  const fun = unparenExpr(call.fun);
  return fun.kind === 'SelectorExpr' ? fun.sel.name : null;
}

/** True for expression statements that never return: panic, os.Exit, log.Fatal, t.Fatal... */
export function isNoReturnStmt(pkg: PackageModel, stmt: ast.ExprStmt): boolean {
  const x = unparenExpr(stmt.x);
  if (x.kind !== 'CallExpr') return false;
  if (builtinName(pkg, x) === 'panic') return true;
  const q = qualifiedName(pkg, x);
  if (q !== null) return NO_RETURN_FUNCS.has(q);
  const fun = unparenExpr(x.fun);
  if (fun.kind === 'SelectorExpr' && NO_RETURN_METHODS.has(fun.sel.name)) {
    // t.Fatal(...), b.FailNow(), logger.Fatalf(...): receivers that are not this package's types
    const t = TypeInfo.of(pkg).typeOf(fun.x);
    const base = t.k === 'ptr' ? t.elem : t;
    return !(base.k === 'named' && base.pkg === '');
  }
  return false;
}

/**
 * Functions whose bodies, or closures inside them, call a method with one of these names
 * (`x.Unlock()`, `wg.Done()`): a cheap superset of the functions a per-function flow about those
 * calls can say anything about. Found by name alone, from the package's call list.
 */
export function functionsCallingMethods(pkg: PackageModel, names: readonly string[]): ReadonlySet<FuncNode> {
  return pkg.analysis(`calls:methods:${names.join(',')}`, (p) => {
    const byName = methodCalls(p);
    const out = new Set<FuncNode>();
    for (const name of names) {
      for (const call of byName.get(name) ?? []) {
        // the whole chain of enclosing functions; one already in the set has its chain there too
        for (let fn = p.enclosingFunction(call); fn !== null && !out.has(fn); fn = p.enclosingFunction(fn)) out.add(fn);
      }
    }
    return out;
  });
}

/** The package's calls by the name they call: `x.m(...)` under m, `f(...)` under f; the rest (literals, instantiations, ...) apart. */
export interface CallsByName {
  selector: ReadonlyMap<string, readonly ast.CallExpr[]>;
  plain: ReadonlyMap<string, readonly ast.CallExpr[]>;
  other: readonly ast.CallExpr[];
}

export function callsByName(pkg: PackageModel): CallsByName {
  return pkg.analysis('calls:by-name', (p) => {
    const selector = new Map<string, ast.CallExpr[]>();
    const plain = new Map<string, ast.CallExpr[]>();
    const other: ast.CallExpr[] = [];
    for (const call of p.calls) {
      const fun = unparenExpr(call.fun);
      const byName = fun.kind === 'SelectorExpr' ? selector : fun.kind === 'Ident' ? plain : null;
      if (byName === null) {
        other.push(call);
        continue;
      }
      const name = fun.kind === 'SelectorExpr' ? fun.sel.name : (fun as ast.Ident).name;
      const list = byName.get(name);
      if (list) list.push(call);
      else byName.set(name, [call]);
    }
    return { selector, plain, other };
  });
}

/** The package's `x.m(...)` calls by method (or package member) name. */
export function methodCalls(pkg: PackageModel): ReadonlyMap<string, readonly ast.CallExpr[]> {
  return callsByName(pkg).selector;
}

/**
 * The calls made by one of these names, in source order: `x.name(...)` for `selector` names,
 * `name(...)` for `plain` ones. A search that only cares about some callees starts here
 * instead of at every call of the package.
 */
export function callsNamed(pkg: PackageModel, names: { selector?: Iterable<string>; plain?: Iterable<string>; other?: boolean }): ast.CallExpr[] {
  const byName = callsByName(pkg);
  const out = new Set<ast.CallExpr>();
  for (const name of names.selector ?? []) for (const c of byName.selector.get(name) ?? []) out.add(c);
  for (const name of names.plain ?? []) for (const c of byName.plain.get(name) ?? []) out.add(c);
  if (names.other) for (const c of byName.other) out.add(c);
  return [...out].sort((a, b) => a.pre! - b.pre!);
}

/**
 * The calls that may call a function or method of this package (TypeInfo.callee can only
 * resolve those): by a package function's or method's name, or not by a name at all
 * (`f[T](...)`). In source order.
 */
export function callsToPackageFunctions(pkg: PackageModel): ast.CallExpr[] {
  return pkg.analysis('calls:to-package-functions', (p) => {
    const byName = callsByName(p);
    return callsNamed(p, {
      plain: [...byName.plain.keys()].filter((name) => p.funcs.has(name)),
      selector: [...byName.selector.keys()].filter((name) => p.hasMethodNamed(name)),
      other: true,
    });
  });
}
