// The Go syntax tree, modelled on go/ast: same node names, same fields, same child order.
// Every node carries `pos` and `end` (offsets into the file's source string, end exclusive)
// computed as go/ast's Pos()/End() would be. Offsets are UTF-16 code units of the JS string;
// report/ converts them to Go's line and byte column once (see parse/lines.ts).

import type { Tok } from './token.js';

interface NodeBase {
  pos: number;
  end: number;
  /** Set by model/ once the file is indexed; undefined on a bare parse. Created with the node so
   *  that setting it later does not change the object's shape. */
  parent?: Node | undefined;
  /** Pre-order position in the package's flat node index (model/), -1 until indexed; created
   *  with the node for the same reason as `parent`. */
  pre?: number;
}

// ---------------------------------------------------------------------------
// Expressions and types

export interface BadExpr extends NodeBase {
  kind: 'BadExpr';
}
export interface Ident extends NodeBase {
  kind: 'Ident';
  name: string;
  /** What the name refers to; set by model/ during resolution (a model Binding). */
  ref?: unknown;
}
export interface Ellipsis extends NodeBase {
  kind: 'Ellipsis';
  elt: Expr | null;
}
export type LitKind = Tok.INT | Tok.FLOAT | Tok.IMAG | Tok.CHAR | Tok.STRING;
export interface BasicLit extends NodeBase {
  kind: 'BasicLit';
  litKind: LitKind;
  /** The literal as written, quotes included. */
  value: string;
}
export interface FuncLit extends NodeBase {
  kind: 'FuncLit';
  type: FuncType;
  body: BlockStmt;
}
export interface CompositeLit extends NodeBase {
  kind: 'CompositeLit';
  type: Expr | null;
  lbrace: number;
  elts: Expr[];
  rbrace: number;
}
export interface ParenExpr extends NodeBase {
  kind: 'ParenExpr';
  x: Expr;
}
export interface SelectorExpr extends NodeBase {
  kind: 'SelectorExpr';
  x: Expr;
  sel: Ident;
}
export interface IndexExpr extends NodeBase {
  kind: 'IndexExpr';
  x: Expr;
  lbrack: number;
  index: Expr;
  rbrack: number;
}
export interface IndexListExpr extends NodeBase {
  kind: 'IndexListExpr';
  x: Expr;
  lbrack: number;
  indices: Expr[];
  rbrack: number;
}
export interface SliceExpr extends NodeBase {
  kind: 'SliceExpr';
  x: Expr;
  low: Expr | null;
  high: Expr | null;
  max: Expr | null;
  slice3: boolean;
}
export interface TypeAssertExpr extends NodeBase {
  kind: 'TypeAssertExpr';
  x: Expr;
  /** null for `x.(type)` in a type switch. */
  type: Expr | null;
}
export interface CallExpr extends NodeBase {
  kind: 'CallExpr';
  fun: Expr;
  lparen: number;
  args: Expr[];
  /** Position of `...` in `f(xs...)`, or -1. */
  ellipsis: number;
  rparen: number;
}
export interface StarExpr extends NodeBase {
  kind: 'StarExpr';
  x: Expr;
}
export interface UnaryExpr extends NodeBase {
  kind: 'UnaryExpr';
  op: Tok;
  x: Expr;
}
export interface BinaryExpr extends NodeBase {
  kind: 'BinaryExpr';
  x: Expr;
  opPos: number;
  op: Tok;
  y: Expr;
}
export interface KeyValueExpr extends NodeBase {
  kind: 'KeyValueExpr';
  key: Expr;
  value: Expr;
}
export interface ArrayType extends NodeBase {
  kind: 'ArrayType';
  /** null for slices; an Ellipsis for `[...]T`. */
  len: Expr | null;
  elt: Expr;
}
export interface StructType extends NodeBase {
  kind: 'StructType';
  fields: FieldList;
}
export interface FuncType extends NodeBase {
  kind: 'FuncType';
  typeParams: FieldList | null;
  params: FieldList;
  results: FieldList | null;
}
export interface InterfaceType extends NodeBase {
  kind: 'InterfaceType';
  methods: FieldList;
}
export interface MapType extends NodeBase {
  kind: 'MapType';
  key: Expr;
  value: Expr;
}
export const enum ChanDir {
  SEND = 1,
  RECV = 2,
  BOTH = 3,
}
export interface ChanType extends NodeBase {
  kind: 'ChanType';
  arrow: number;
  dir: ChanDir;
  value: Expr;
}

export type Expr =
  | BadExpr
  | Ident
  | Ellipsis
  | BasicLit
  | FuncLit
  | CompositeLit
  | ParenExpr
  | SelectorExpr
  | IndexExpr
  | IndexListExpr
  | SliceExpr
  | TypeAssertExpr
  | CallExpr
  | StarExpr
  | UnaryExpr
  | BinaryExpr
  | KeyValueExpr
  | ArrayType
  | StructType
  | FuncType
  | InterfaceType
  | MapType
  | ChanType;

// ---------------------------------------------------------------------------
// Fields

export interface Field extends NodeBase {
  kind: 'Field';
  names: Ident[];
  /** null only in erroneous input. */
  type: Expr | null;
  tag: BasicLit | null;
}
export interface FieldList extends NodeBase {
  kind: 'FieldList';
  opening: number;
  list: Field[];
  closing: number;
}

// ---------------------------------------------------------------------------
// Statements

export interface BadStmt extends NodeBase {
  kind: 'BadStmt';
}
export interface DeclStmt extends NodeBase {
  kind: 'DeclStmt';
  decl: GenDecl | BadDecl;
}
export interface EmptyStmt extends NodeBase {
  kind: 'EmptyStmt';
  implicit: boolean;
}
export interface LabeledStmt extends NodeBase {
  kind: 'LabeledStmt';
  label: Ident;
  stmt: Stmt;
}
export interface ExprStmt extends NodeBase {
  kind: 'ExprStmt';
  x: Expr;
}
export interface SendStmt extends NodeBase {
  kind: 'SendStmt';
  chan: Expr;
  arrow: number;
  value: Expr;
}
export interface IncDecStmt extends NodeBase {
  kind: 'IncDecStmt';
  x: Expr;
  tok: Tok.INC | Tok.DEC;
}
export interface AssignStmt extends NodeBase {
  kind: 'AssignStmt';
  lhs: Expr[];
  tokPos: number;
  tok: Tok;
  rhs: Expr[];
}
export interface GoStmt extends NodeBase {
  kind: 'GoStmt';
  call: CallExpr;
}
export interface DeferStmt extends NodeBase {
  kind: 'DeferStmt';
  call: CallExpr;
}
export interface ReturnStmt extends NodeBase {
  kind: 'ReturnStmt';
  results: Expr[];
}
export interface BranchStmt extends NodeBase {
  kind: 'BranchStmt';
  tok: Tok.BREAK | Tok.CONTINUE | Tok.GOTO | Tok.FALLTHROUGH;
  label: Ident | null;
}
export interface BlockStmt extends NodeBase {
  kind: 'BlockStmt';
  lbrace: number;
  list: Stmt[];
  /** -1 when the closing brace is missing. */
  rbrace: number;
}
export interface IfStmt extends NodeBase {
  kind: 'IfStmt';
  init: Stmt | null;
  cond: Expr;
  body: BlockStmt;
  else: Stmt | null;
}
export interface CaseClause extends NodeBase {
  kind: 'CaseClause';
  /** Empty for `default:`. */
  list: Expr[];
  isDefault: boolean;
  colon: number;
  body: Stmt[];
}
export interface SwitchStmt extends NodeBase {
  kind: 'SwitchStmt';
  init: Stmt | null;
  tag: Expr | null;
  body: BlockStmt;
}
export interface TypeSwitchStmt extends NodeBase {
  kind: 'TypeSwitchStmt';
  init: Stmt | null;
  /** `x := y.(type)` or `y.(type)`. */
  assign: Stmt;
  body: BlockStmt;
}
export interface CommClause extends NodeBase {
  kind: 'CommClause';
  /** Send or receive statement; null for `default:`. */
  comm: Stmt | null;
  colon: number;
  body: Stmt[];
}
export interface SelectStmt extends NodeBase {
  kind: 'SelectStmt';
  body: BlockStmt;
}
export interface ForStmt extends NodeBase {
  kind: 'ForStmt';
  init: Stmt | null;
  cond: Expr | null;
  post: Stmt | null;
  body: BlockStmt;
}
export interface RangeStmt extends NodeBase {
  kind: 'RangeStmt';
  key: Expr | null;
  value: Expr | null;
  tokPos: number;
  /** DEFINE, ASSIGN, or ILLEGAL for `for range x`. */
  tok: Tok;
  x: Expr;
  body: BlockStmt;
}

export type Stmt =
  | BadStmt
  | DeclStmt
  | EmptyStmt
  | LabeledStmt
  | ExprStmt
  | SendStmt
  | IncDecStmt
  | AssignStmt
  | GoStmt
  | DeferStmt
  | ReturnStmt
  | BranchStmt
  | BlockStmt
  | IfStmt
  | CaseClause
  | SwitchStmt
  | TypeSwitchStmt
  | CommClause
  | SelectStmt
  | ForStmt
  | RangeStmt;

// ---------------------------------------------------------------------------
// Declarations

export interface ImportSpec extends NodeBase {
  kind: 'ImportSpec';
  name: Ident | null;
  path: BasicLit;
}
export interface ValueSpec extends NodeBase {
  kind: 'ValueSpec';
  names: Ident[];
  type: Expr | null;
  values: Expr[];
}
export interface TypeSpec extends NodeBase {
  kind: 'TypeSpec';
  name: Ident;
  typeParams: FieldList | null;
  /** Position of `=` for aliases, or -1. */
  assign: number;
  type: Expr;
}
export type Spec = ImportSpec | ValueSpec | TypeSpec;

export interface BadDecl extends NodeBase {
  kind: 'BadDecl';
}
export interface GenDecl extends NodeBase {
  kind: 'GenDecl';
  tok: Tok.IMPORT | Tok.CONST | Tok.TYPE | Tok.VAR;
  lparen: number;
  specs: Spec[];
}
export interface FuncDecl extends NodeBase {
  kind: 'FuncDecl';
  recv: FieldList | null;
  name: Ident;
  /** Its `pos` is the `func` keyword. */
  type: FuncType;
  /** null for external (assembly) functions. */
  body: BlockStmt | null;
}
export type Decl = BadDecl | GenDecl | FuncDecl;

// ---------------------------------------------------------------------------
// Files

export interface Comment {
  pos: number;
  /** pos + text.length, as go/ast's End(). */
  end: number;
  /** Comment text including `//` or `/* *\/`, carriage returns removed. */
  text: string;
}

export interface File extends NodeBase {
  kind: 'File';
  /** Position of the `package` keyword. */
  package: number;
  name: Ident;
  decls: Decl[];
  imports: ImportSpec[];
  /** Every comment of the file in source order. */
  comments: Comment[];
}

export type Node = Expr | Stmt | Spec | Decl | Field | FieldList | File;
export type NodeKind = Node['kind'];
