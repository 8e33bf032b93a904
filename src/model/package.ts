// The package model: the files of one Go package, their shared scope, the index of declared
// types, functions and methods, and a memo for analyses computed once and shared by rules.

import type * as ast from '../parse/ast.js';
import type { LineIndex } from '../parse/lines.js';
import { Tok } from '../parse/token.js';
import { FlatIndex, inspect, kindCode, type KindSet, kindSet } from '../parse/walk.js';
import type { GoVersion } from './goversion.js';
import { fileScope, Resolver } from './resolve.js';
import { type Binding, type FuncNode, newBinding, Scope, UNIVERSE } from './scope.js';

export interface FileModel {
  /** Path as reported in findings. */
  readonly path: string;
  readonly src: string;
  readonly ast: ast.File;
  readonly lines: LineIndex;
  /** Local import name → import path. */
  readonly imports: Map<string, string>;
  /** True for _test.go files. */
  readonly isTest: boolean;
  /** True when the file says it is generated (`// Code generated ... DO NOT EDIT.`). */
  readonly isGenerated: boolean;
  /** Files with `import "C"`. */
  readonly usesCgo: boolean;
}

const LISTED_KINDS = kindSet(['CallExpr', 'FuncDecl', 'FuncLit', 'GoStmt', 'ValueSpec']);
const IDENT_KIND = kindSet(['Ident']);
const NO_IDENTS: readonly ast.Ident[] = [];

export class PackageModel {
  readonly scope = new Scope(UNIVERSE);
  /** Function literal → enclosing function (null when at package level, e.g. in a var initialiser). */
  readonly funcParents = new Map<FuncNode, FuncNode | null>();
  /** Type name → declarations (several with build-tagged files). */
  readonly types = new Map<string, ast.TypeSpec[]>();
  /** Package-level function name → declarations. */
  readonly funcs = new Map<string, ast.FuncDecl[]>();
  /** Receiver base type name → method name → declarations. */
  readonly methods = new Map<string, Map<string, ast.FuncDecl[]>>();
  /** Every top-level declaration with the file that holds it. */
  readonly fileOf = new Map<ast.Node, FileModel>();
  /** Every function body (declarations and literals), in source order per file. */
  readonly functions: FuncNode[] = [];
  /** Every go statement. */
  readonly goStmts: ast.GoStmt[] = [];
  /** Every call expression. */
  readonly calls: ast.CallExpr[] = [];
  /** Every `var`/`const` spec, at package level and in function bodies. */
  readonly valueSpecs: ast.ValueSpec[] = [];
  private readonly memo = new Map<string, unknown>();
  /** Every node of the package in pre-order (see FlatIndex). */
  private readonly flat: FlatIndex;

  constructor(
    readonly dir: string,
    readonly name: string,
    readonly files: readonly FileModel[],
    readonly goVersion: GoVersion,
    /** The files' trees already numbered, in this order (the engine numbers each right after parsing it). */
    index?: FlatIndex,
  ) {
    this.flat = index ?? new FlatIndex();
    for (const f of files) this.declareTopLevel(f);
    for (const f of files) {
      if (!index) this.flat.add(f.ast);
      const scope = fileScope(f.ast, this.scope, f.imports);
      new Resolver(scope, this.funcParents).resolveFile(f.ast);
      for (const d of f.ast.decls) this.fileOf.set(d, f);
    }
    this.flat.seal();
    this.collectLists();
  }

  /** Computes an analysis once per package; rules share the result. */
  analysis<T>(key: string, compute: (pkg: PackageModel) => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute(this);
    this.memo.set(key, value);
    return value;
  }

  /** The lists analyses would otherwise walk for, from the sealed index (files in order, each in pre-order). */
  private collectLists(): void {
    this.flat.eachOfKinds(LISTED_KINDS, (n) => {
      switch (n.kind) {
        case 'CallExpr':
          this.calls.push(n);
          break;
        case 'FuncDecl':
        case 'FuncLit':
          this.functions.push(n);
          break;
        case 'GoStmt':
          this.goStmts.push(n);
          break;
        case 'ValueSpec':
          this.valueSpecs.push(n);
          break;
      }
    });
  }

  /**
   * The nodes of one kind in source pre-order, in the package or in the subtree of `within`
   * (function literals included): for analyses that look for one kind of node, instead of a walk.
   */
  nodesOfKind<K extends ast.Node['kind']>(kind: K, within?: ast.Node): Extract<ast.Node, { kind: K }>[] {
    if (within === undefined || this.flat.holds(within)) return this.flat.ofKind(kind, within);
    const out: Extract<ast.Node, { kind: K }>[] = [];
    inspect(within, (n) => {
      if (n.kind === kind) out.push(n as Extract<ast.Node, { kind: K }>);
    });
    return out;
  }

  /**
   * Every node of these kinds in the package or in the subtree of `within` (function literals
   * included), files in order, each in pre-order.
   */
  eachNodeOfKinds(kinds: KindSet, visit: (node: ast.Node) => void, within?: ast.Node): void {
    if (within === undefined || this.flat.holds(within)) {
      this.flat.eachOfKinds(kinds, visit, within);
      return;
    }
    inspect(within, (n) => {
      if (kinds.mask[kindCode(n.kind)] === 1) visit(n);
    });
  }

  /** The innermost function (declaration or literal) around `node`, not `node` itself; null at package level. */
  enclosingFunction(node: ast.Node): FuncNode | null {
    if (this.flat.holds(node)) return this.flat.enclosingFunction(node);
    for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncDecl' || n.kind === 'FuncLit') return n;
    return null;
  }

  fileOfNode(node: ast.Node): FileModel | undefined {
    let n: ast.Node | undefined = node;
    while (n !== undefined && n.parent !== undefined && n.kind !== 'File') {
      // a GenDecl inside a function body is not a top-level declaration: keep walking
      if (n.kind === 'FuncDecl' || n.kind === 'GenDecl' || n.kind === 'BadDecl') {
        const f = this.fileOf.get(n);
        if (f) return f;
      }
      n = n.parent;
    }
    return n !== undefined ? this.fileOf.get(n) : undefined;
  }

  /** What an identifier refers to (set during resolution), or undefined. */
  bindingOf(ident: ast.Ident): Binding | undefined {
    return ident.ref as Binding | undefined;
  }

  private identsByBinding?: Map<Binding, ast.Ident[]>;

  /**
   * Every identifier that refers to `b` (its declaring identifier included), files in order,
   * each in pre-order: one pass over the package's identifiers answers every later question of
   * the form "where else is this variable used?".
   */
  identsOf(b: Binding): readonly ast.Ident[] {
    if (!this.identsByBinding) {
      const byBinding = new Map<Binding, ast.Ident[]>();
      this.flat.eachOfKinds(IDENT_KIND, (n) => {
        const ref = (n as ast.Ident).ref as Binding | undefined;
        if (ref === undefined || ref.role === 'universe') return; // nobody asks where `nil` is used
        const list = byBinding.get(ref);
        if (list) list.push(n as ast.Ident);
        else byBinding.set(ref, [n as ast.Ident]);
      });
      this.identsByBinding = byBinding;
    }
    return this.identsByBinding.get(b) ?? NO_IDENTS;
  }

  /** Whether `inner` lies in `outer`'s subtree (`outer` included); both must be nodes of this package. */
  contains(outer: ast.Node, inner: ast.Node): boolean {
    if (this.flat.holds(outer) && this.flat.holds(inner)) return inner.pre! >= outer.pre! && inner.pre! < this.flat.end[outer.pre!]!;
    for (let n: ast.Node | undefined = inner; n !== undefined; n = n.parent) if (n === outer) return true;
    return false;
  }

  /** Methods declared on a named type of this package, by name. */
  method(typeName: string, name: string): ast.FuncDecl | undefined {
    return this.methods.get(typeName)?.get(name)?.[0];
  }

  private methodNames?: Set<string>;

  /** Whether any type of this package declares a method of this name. */
  hasMethodNamed(name: string): boolean {
    if (!this.methodNames) {
      this.methodNames = new Set();
      for (const byName of this.methods.values()) for (const m of byName.keys()) this.methodNames.add(m);
    }
    return this.methodNames.has(name);
  }

  typeSpec(name: string): ast.TypeSpec | undefined {
    return this.types.get(name)?.[0];
  }

  private declareTopLevel(f: FileModel): void {
    for (const decl of f.ast.decls) {
      if (decl.kind === 'FuncDecl') {
        if (decl.recv) {
          const recvType = receiverTypeName(decl);
          if (recvType === null) continue;
          let byName = this.methods.get(recvType);
          if (!byName) this.methods.set(recvType, (byName = new Map()));
          push(byName, decl.name.name, decl);
        } else {
          push(this.funcs, decl.name.name, decl);
          if (decl.name.name === 'init' || decl.name.name === '_') continue;
          this.scope.declareFirst(
            newBinding({
              name: decl.name.name,
              kind: 'func',
              ident: decl.name,
              owner: null,
              typeExpr: decl.type,
              source: { k: 'none' },
              role: 'package',
              decl,
            }),
          );
        }
      } else if (decl.kind === 'GenDecl') {
        for (const spec of decl.specs) {
          if (spec.kind === 'TypeSpec') {
            push(this.types, spec.name.name, spec);
            this.scope.declareFirst(
              newBinding({
                name: spec.name.name,
                kind: 'type',
                ident: spec.name,
                owner: null,
                typeExpr: spec.type,
                source: { k: 'none' },
                role: 'package',
                decl: spec,
              }),
            );
          } else if (spec.kind === 'ValueSpec') {
            const ofTuple = spec.values.length === 1 && spec.names.length > 1;
            spec.names.forEach((name, i) => {
              const expr = ofTuple ? spec.values[0] : spec.values[i];
              this.scope.declareFirst(
                newBinding({
                  name: name.name,
                  kind: decl.tok === Tok.CONST ? 'const' : 'var',
                  ident: name,
                  owner: null,
                  typeExpr: spec.type,
                  source: expr ? { k: 'init', expr, index: ofTuple ? i : 0, ofTuple } : { k: 'none' },
                  role: 'package',
                  decl: spec,
                }),
              );
            });
          }
        }
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `T` for methods declared on T, *T, T[P] or *T[P]. */
export function receiverTypeName(fn: ast.FuncDecl): string | null {
  const field = fn.recv?.list[0];
  let t = field?.type ?? null;
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
      case 'Ident':
        return t.name;
      default:
        return null;
    }
  }
  return null;
}
