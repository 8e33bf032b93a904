// Bindings (declared names) and lexical scopes.

import type * as ast from '../parse/ast.js';

/** A function body that can run: a declared function or a function literal. */
export type FuncNode = ast.FuncDecl | ast.FuncLit;

export type BindingKind = 'var' | 'const' | 'type' | 'func' | 'import' | 'builtin';

/** Where a variable's value comes from, for type inference. */
export type BindingSource =
  | { k: 'none' }
  /** `x := e`, `var x = e`, or the i-th value of a multi-value `a, b := f()`. */
  | { k: 'init'; expr: ast.Expr; index: number; ofTuple: boolean }
  /** Key (0) or value (1) of a range loop over `expr`. */
  | { k: 'range'; expr: ast.Expr; index: 0 | 1 }
  /** `v := x.(type)` in a type switch clause; `type` is the clause's single type, if any. */
  | { k: 'typeswitch'; subject: ast.Expr; type: ast.Expr | null }
  /** `v, ok := <-ch` in a select case or statement handled as init. */
  | { k: 'param'; index: number };

export interface Binding {
  readonly id: number;
  readonly name: string;
  readonly kind: BindingKind;
  /** The declaring identifier; null for universe and import bindings without a name. */
  readonly ident: ast.Ident | null;
  /** The function whose body declares it; null at package level. */
  readonly owner: FuncNode | null;
  /** Declared type, when written. */
  readonly typeExpr: ast.Expr | null;
  readonly source: BindingSource;
  /** Receiver, parameter or named result of `owner`. */
  readonly role: 'local' | 'param' | 'result' | 'recv' | 'package' | 'universe' | 'import';
  /** For imports: the import path. For package funcs and types: the declaring node. */
  readonly importPath?: string;
  readonly decl?: ast.FuncDecl | ast.TypeSpec | ast.ValueSpec;
}

let nextBindingId = 1;

export function newBinding(f: Omit<Binding, 'id'>): Binding {
  // every field written, in one order, so all bindings share one object shape
  return {
    id: nextBindingId++,
    name: f.name,
    kind: f.kind,
    ident: f.ident,
    owner: f.owner,
    typeExpr: f.typeExpr,
    source: f.source,
    role: f.role,
    importPath: f.importPath,
    decl: f.decl,
  };
}

export class Scope {
  /** Created on first declaration: most block scopes declare nothing. */
  private names: Map<string, Binding> | null = null;
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names?.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  lookupLocal(name: string): Binding | undefined {
    return this.names?.get(name);
  }

  declare(b: Binding): void {
    if (b.name === '_') return;
    (this.names ??= new Map()).set(b.name, b);
  }

  /** Declares unless a binding of that name exists here already (duplicate across build-tagged files). */
  declareFirst(b: Binding): void {
    if (b.name === '_' || this.names?.has(b.name)) return;
    (this.names ??= new Map()).set(b.name, b);
  }
}

const BUILTIN_FUNCS = [
  'append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min',
  'new', 'panic', 'print', 'println', 'real', 'recover',
];
const BUILTIN_TYPES = [
  'any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8',
  'int16', 'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
];
const BUILTIN_CONSTS = ['true', 'false', 'iota', 'nil'];

function universe(): Scope {
  const s = new Scope(null);
  const add = (name: string, kind: BindingKind) =>
    s.declare(newBinding({ name, kind, ident: null, owner: null, typeExpr: null, source: { k: 'none' }, role: 'universe' }));
  for (const n of BUILTIN_FUNCS) add(n, 'builtin');
  for (const n of BUILTIN_TYPES) add(n, 'type');
  for (const n of BUILTIN_CONSTS) add(n, 'const');
  return s;
}

export const UNIVERSE = universe();
