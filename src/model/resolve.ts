// Name resolution: links every identifier of a file to its Binding, following Go's scoping
// rules (a `:=` variable is in scope after its statement, range and type-switch variables,
// function literals capturing outer variables). Walks are iterative where expressions can be
// arbitrarily deep.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { type Binding, type BindingSource, type FuncNode, newBinding, Scope } from './scope.js';

/** Records what an identifier refers to, on the identifier itself (no side table to grow). */
function bind(ident: ast.Ident, b: Binding): void {
  ident.ref = b;
}

export class Resolver {
  private scope: Scope;
  private owner: FuncNode | null = null;

  constructor(
    fileScope: Scope,
    /** Output: every function literal's enclosing function. */
    private readonly funcParents: Map<FuncNode, FuncNode | null>,
  ) {
    this.scope = fileScope;
  }

  /** Resolves the bodies of a file's top-level declarations. */
  resolveFile(file: ast.File): void {
    for (const decl of file.decls) {
      if (decl.kind === 'FuncDecl') this.resolveFuncDecl(decl);
      else if (decl.kind === 'GenDecl') this.resolveTopLevelGenDecl(decl);
    }
  }

  private resolveTopLevelGenDecl(decl: ast.GenDecl): void {
    for (const spec of decl.specs) {
      if (spec.kind === 'ValueSpec') {
        if (spec.type) this.expr(spec.type);
        for (const v of spec.values) this.expr(v);
        for (const name of spec.names) this.recordDecl(name);
      } else if (spec.kind === 'TypeSpec') {
        this.recordDecl(spec.name);
        this.open();
          if (spec.typeParams) this.declareFields(spec.typeParams, 'param', 'type');
          this.expr(spec.type);
        this.close();
      }
    }
  }

  private recordDecl(ident: ast.Ident): void {
    const b = this.scope.lookup(ident.name);
    // unresolved: clear what an earlier model over the same tree recorded (the language server reuses trees)
    ident.ref = b && b.ident === ident ? b : undefined;
  }

  private resolveFuncDecl(fn: ast.FuncDecl): void {
    this.recordDecl(fn.name);
    this.open();
      const prevOwner = this.owner;
      this.owner = fn;
      if (fn.recv) {
        // receiver type parameters: func (s *Set[T]) ...
        for (const f of fn.recv.list) this.declareRecvTypeParams(f.type);
        this.declareFields(fn.recv, 'recv', 'var');
      }
      if (fn.type.typeParams) this.declareFields(fn.type.typeParams, 'param', 'type');
      this.declareFields(fn.type.params, 'param', 'var');
      if (fn.type.results) this.declareFields(fn.type.results, 'result', 'var');
      if (fn.body) this.stmtList(fn.body.list);
      this.owner = prevOwner;
    this.close();
  }

  private declareRecvTypeParams(t: ast.Expr | null): void {
    if (t === null) return;
    if (t.kind === 'StarExpr') return this.declareRecvTypeParams(t.x);
    if (t.kind === 'ParenExpr') return this.declareRecvTypeParams(t.x);
    const args = t.kind === 'IndexExpr' ? [t.index] : t.kind === 'IndexListExpr' ? t.indices : [];
    for (const a of args) if (a.kind === 'Ident') this.declare(a, 'type', null, { k: 'none' }, 'param');
  }

  private declareFields(list: ast.FieldList, role: Binding['role'], kind: 'var' | 'type'): void {
    // types first: a parameter's type never sees the parameters themselves
    for (const f of list.list) if (f.type) this.expr(f.type);
    let index = 0;
    for (const f of list.list) {
      if (f.names.length === 0) index++;
      for (const name of f.names) this.declare(name, kind, f.type, { k: 'param', index: index++ }, role);
    }
  }

  private declare(ident: ast.Ident, kind: Binding['kind'], typeExpr: ast.Expr | null, source: BindingSource, role: Binding['role']): Binding {
    const b = newBinding({ name: ident.name, kind, ident, owner: this.owner, typeExpr, source, role });
    this.scope.declare(b);
    bind(ident, b);
    return b;
  }

  private open(): void {
    this.scope = new Scope(this.scope);
  }

  private close(): void {
    this.scope = this.scope.parent!;
  }

  // -------------------------------------------------------------------------
  // Statements

  private stmtList(list: readonly ast.Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: ast.Stmt | null): void {
    if (s === null) return;
    switch (s.kind) {
      case 'DeclStmt':
        if (s.decl.kind === 'GenDecl') this.localGenDecl(s.decl);
        return;
      case 'LabeledStmt':
        this.stmt(s.stmt);
        return;
      case 'ExprStmt':
        this.expr(s.x);
        return;
      case 'SendStmt':
        this.expr(s.chan);
        this.expr(s.value);
        return;
      case 'IncDecStmt':
        this.expr(s.x);
        return;
      case 'AssignStmt':
        this.assign(s);
        return;
      case 'GoStmt':
      case 'DeferStmt':
        this.expr(s.call);
        return;
      case 'ReturnStmt':
        for (const r of s.results) this.expr(r);
        return;
      case 'BlockStmt':
        this.open();
        this.stmtList(s.list);
        this.close();
        return;
      case 'IfStmt':
        this.open();
          this.stmt(s.init);
          this.expr(s.cond);
          this.stmt(s.body);
          this.stmt(s.else);
        this.close();
        return;
      case 'SwitchStmt':
        this.open();
          this.stmt(s.init);
          if (s.tag) this.expr(s.tag);
          for (const c of s.body.list) {
            if (c.kind !== 'CaseClause') continue;
            for (const e of c.list) this.expr(e);
            this.open();
        this.stmtList(c.body);
        this.close();
          }
        this.close();
        return;
      case 'TypeSwitchStmt':
        this.open();
        this.typeSwitch(s);
        this.close();
        return;
      case 'SelectStmt':
        for (const c of s.body.list) {
          if (c.kind !== 'CommClause') continue;
          this.open();
            this.stmt(c.comm);
            this.stmtList(c.body);
          this.close();
        }
        return;
      case 'ForStmt':
        this.open();
          this.stmt(s.init);
          if (s.cond) this.expr(s.cond);
          this.stmt(s.post);
          this.stmt(s.body);
        this.close();
        return;
      case 'RangeStmt':
        this.expr(s.x);
        this.open();
          if (s.tok === Tok.DEFINE) {
            if (s.key && s.key.kind === 'Ident') this.declare(s.key, 'var', null, { k: 'range', expr: s.x, index: 0 }, 'local');
            if (s.value && s.value.kind === 'Ident') this.declare(s.value, 'var', null, { k: 'range', expr: s.x, index: 1 }, 'local');
          } else {
            if (s.key) this.expr(s.key);
            if (s.value) this.expr(s.value);
          }
          this.stmt(s.body);
        this.close();
        return;
      case 'CaseClause':
      case 'CommClause':
        // handled by their switch/select
        return;
      case 'BranchStmt':
      case 'EmptyStmt':
      case 'BadStmt':
        return;
    }
  }

  private typeSwitch(s: ast.TypeSwitchStmt): void {
    this.stmt(s.init);
    let symbol: ast.Ident | null = null;
    let subject: ast.Expr | null = null;
    const guard = s.assign;
    if (guard.kind === 'AssignStmt' && guard.lhs.length === 1 && guard.lhs[0]!.kind === 'Ident') {
      symbol = guard.lhs[0] as ast.Ident;
      const rhs = guard.rhs[0]!;
      subject = rhs.kind === 'TypeAssertExpr' ? rhs.x : rhs;
      this.expr(subject);
    } else if (guard.kind === 'ExprStmt') {
      this.expr(guard.x);
    }
    for (const c of s.body.list) {
      if (c.kind !== 'CaseClause') continue;
      for (const e of c.list) this.expr(e);
      this.open();
        if (symbol !== null && subject !== null) {
          const single = c.list.length === 1 && !(c.list[0]!.kind === 'Ident' && c.list[0]!.name === 'nil') ? c.list[0]! : null;
          const b = newBinding({
            name: symbol.name,
            kind: 'var',
            ident: symbol,
            owner: this.owner,
            typeExpr: single,
            source: { k: 'typeswitch', subject, type: single },
            role: 'local',
          });
          this.scope.declare(b);
          bind(symbol, b);
        }
        this.stmtList(c.body);
      this.close();
    }
  }

  private assign(s: ast.AssignStmt): void {
    for (const r of s.rhs) this.expr(r);
    if (s.tok !== Tok.DEFINE) {
      for (const l of s.lhs) this.expr(l);
      return;
    }
    const ofTuple = s.rhs.length === 1 && s.lhs.length > 1;
    s.lhs.forEach((l, i) => {
      if (l.kind !== 'Ident') return this.expr(l);
      const existing = this.scope.lookupLocal(l.name);
      if (existing !== undefined) {
        bind(l, existing); // redeclaration reuses the variable
        return;
      }
      const expr = ofTuple ? s.rhs[0]! : s.rhs[i];
      const source: BindingSource = expr ? { k: 'init', expr, index: ofTuple ? i : 0, ofTuple } : { k: 'none' };
      this.declare(l, 'var', null, source, 'local');
    });
  }

  private localGenDecl(decl: ast.GenDecl): void {
    for (const spec of decl.specs) {
      if (spec.kind === 'ValueSpec') {
        if (spec.type) this.expr(spec.type);
        for (const v of spec.values) this.expr(v);
        const ofTuple = spec.values.length === 1 && spec.names.length > 1;
        spec.names.forEach((name, i) => {
          const expr = ofTuple ? spec.values[0] : spec.values[i];
          const source: BindingSource = expr ? { k: 'init', expr, index: ofTuple ? i : 0, ofTuple } : { k: 'none' };
          this.declare(name, decl.tok === Tok.CONST ? 'const' : 'var', spec.type, source, 'local');
        });
      } else if (spec.kind === 'TypeSpec') {
        this.declare(spec.name, 'type', null, { k: 'none' }, 'local');
        this.open();
          if (spec.typeParams) this.declareFields(spec.typeParams, 'param', 'type');
          this.expr(spec.type);
        this.close();
      }
    }
  }

  // -------------------------------------------------------------------------
  // Expressions. Recursive, except along the left spine of binary expressions: generated
  // code has `"..." + "..." + ...` chains thousands of terms long.

  private expr(e: ast.Expr | null): void {
    while (e !== null) {
      switch (e.kind) {
        case 'Ident': {
          e.ref = this.scope.lookup(e.name); // undefined clears an earlier model's answer
          return;
        }
        case 'BasicLit':
        case 'BadExpr':
          return;
        case 'SelectorExpr':
          e = e.x;
          continue;
        case 'CallExpr':
          for (const a of e.args) this.expr(a);
          e = e.fun;
          continue;
        case 'BinaryExpr':
          this.expr(e.y);
          e = e.x;
          continue;
        case 'UnaryExpr':
        case 'StarExpr':
        case 'ParenExpr':
          e = e.x;
          continue;
        case 'IndexExpr':
          this.expr(e.index);
          e = e.x;
          continue;
        case 'IndexListExpr':
          for (const i of e.indices) this.expr(i);
          e = e.x;
          continue;
        case 'SliceExpr':
          this.expr(e.low);
          this.expr(e.high);
          this.expr(e.max);
          e = e.x;
          continue;
        case 'TypeAssertExpr':
          this.expr(e.type);
          e = e.x;
          continue;
        case 'KeyValueExpr':
          this.expr(e.key);
          e = e.value;
          continue;
        case 'CompositeLit':
          this.compositeLit(e);
          return;
        case 'FuncLit':
          this.funcLit(e);
          return;
        case 'Ellipsis':
          e = e.elt;
          continue;
        case 'ArrayType':
          this.expr(e.len);
          e = e.elt;
          continue;
        case 'MapType':
          this.expr(e.key);
          e = e.value;
          continue;
        case 'ChanType':
          e = e.value;
          continue;
        case 'StructType':
          for (const f of e.fields.list) this.expr(f.type);
          return;
        case 'InterfaceType':
          for (const f of e.methods.list) this.expr(f.type);
          return;
        case 'FuncType':
          // parameter names of a function type are not in scope anywhere
          if (e.typeParams) for (const f of e.typeParams.list) this.expr(f.type);
          for (const f of e.params.list) this.expr(f.type);
          if (e.results) for (const f of e.results.list) this.expr(f.type);
          return;
      }
    }
  }

  private compositeLit(lit: ast.CompositeLit): void {
    if (lit.type) this.expr(lit.type);
    // Identifier keys name struct fields unless the literal is clearly a map or array.
    const keyIsValue = lit.type !== null && (lit.type.kind === 'MapType' || lit.type.kind === 'ArrayType');
    for (const e of lit.elts) {
      if (e.kind === 'KeyValueExpr') {
        if (e.key.kind !== 'Ident' || keyIsValue) this.expr(e.key);
        this.expr(e.value);
      } else {
        this.expr(e);
      }
    }
  }

  private funcLit(fn: ast.FuncLit): void {
    this.funcParents.set(fn, this.owner);
    this.open();
      const prevOwner = this.owner;
      this.owner = fn;
      this.declareFields(fn.type.params, 'param', 'var');
      if (fn.type.results) this.declareFields(fn.type.results, 'result', 'var');
      this.stmtList(fn.body.list);
      this.owner = prevOwner;
    this.close();
  }
}

/** Declares a file's imports in a new scope under the package scope. */
export function fileScope(file: ast.File, packageScope: Scope, importPaths: Map<string, string>): Scope {
  const scope = new Scope(packageScope);
  for (const spec of file.imports) {
    const path = unquoteImport(spec.path.value);
    const local = spec.name ? spec.name.name : defaultImportName(path);
    if (local === '_' || local === '.') continue;
    importPaths.set(local, path);
    scope.declare(
      newBinding({ name: local, kind: 'import', ident: spec.name, owner: null, typeExpr: null, source: { k: 'none' }, role: 'import', importPath: path }),
    );
  }
  return scope;
}

function unquoteImport(lit: string): string {
  return lit.length >= 2 ? lit.slice(1, -1) : lit;
}

/** The package name an import path is usually declared as: last element, minus a /vN suffix or a go- prefix. */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  last = last.replace(/^go-/, '').replace(/[.-]go$/, '');
  return last.replace(/[^A-Za-z0-9_]/g, '_');
}
