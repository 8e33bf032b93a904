// Child enumeration and pre-order traversal in go/ast.Walk order (comments excluded).

import type * as ast from './ast.js';

type Visit = (child: ast.Node) => void;

function each(list: readonly ast.Node[], visit: Visit): void {
  for (let i = 0; i < list.length; i++) visit(list[i]!);
}

function opt(node: ast.Node | null, visit: Visit): void {
  if (node !== null) visit(node);
}

/** Calls `visit` for each direct child of `node`, in source order as go/ast.Walk does. */
export function forEachChild(node: ast.Node, visit: Visit): void {
  // cases in order of how often the node kinds occur in real Go code
  switch (node.kind) {
    case 'Ident':
      return;
    case 'SelectorExpr':
      visit(node.x);
      visit(node.sel);
      return;
    case 'BasicLit':
      return;
    case 'CallExpr':
      visit(node.fun);
      each(node.args, visit);
      return;
    case 'AssignStmt':
      each(node.lhs, visit);
      each(node.rhs, visit);
      return;
    case 'BinaryExpr':
      visit(node.x);
      visit(node.y);
      return;
    case 'BlockStmt':
      each(node.list, visit);
      return;
    case 'KeyValueExpr':
      visit(node.key);
      visit(node.value);
      return;
    case 'ExprStmt':
      visit(node.x);
      return;
    case 'Field':
      each(node.names, visit);
      opt(node.type, visit);
      opt(node.tag, visit);
      return;
    case 'CompositeLit':
      opt(node.type, visit);
      each(node.elts, visit);
      return;
    case 'IfStmt':
      opt(node.init, visit);
      visit(node.cond);
      visit(node.body);
      opt(node.else, visit);
      return;
    case 'FieldList':
      each(node.list, visit);
      return;
    case 'ReturnStmt':
      each(node.results, visit);
      return;
    case 'IndexExpr':
      visit(node.x);
      visit(node.index);
      return;
    case 'StarExpr':
      visit(node.x);
      return;
    case 'UnaryExpr':
      visit(node.x);
      return;
    case 'ValueSpec':
      each(node.names, visit);
      opt(node.type, visit);
      each(node.values, visit);
      return;
    case 'FuncType':
      opt(node.typeParams, visit);
      visit(node.params);
      opt(node.results, visit);
      return;
    case 'BranchStmt':
      opt(node.label, visit);
      return;
    case 'FuncDecl':
      opt(node.recv, visit);
      visit(node.name);
      visit(node.type);
      opt(node.body, visit);
      return;
    case 'CaseClause':
      each(node.list, visit);
      each(node.body, visit);
      return;
    case 'ArrayType':
      opt(node.len, visit);
      visit(node.elt);
      return;
    case 'ForStmt':
      opt(node.init, visit);
      opt(node.cond, visit);
      opt(node.post, visit);
      visit(node.body);
      return;
    case 'GenDecl':
      each(node.specs, visit);
      return;
    case 'ParenExpr':
      visit(node.x);
      return;
    case 'ImportSpec':
      opt(node.name, visit);
      visit(node.path);
      return;
    case 'DeclStmt':
      visit(node.decl);
      return;
    case 'RangeStmt':
      opt(node.key, visit);
      opt(node.value, visit);
      visit(node.x);
      visit(node.body);
      return;
    case 'TypeSpec':
      visit(node.name);
      opt(node.typeParams, visit);
      visit(node.type);
      return;
    case 'SliceExpr':
      visit(node.x);
      opt(node.low, visit);
      opt(node.high, visit);
      opt(node.max, visit);
      return;
    case 'TypeAssertExpr':
      visit(node.x);
      opt(node.type, visit);
      return;
    case 'StructType':
      visit(node.fields);
      return;
    case 'SwitchStmt':
      opt(node.init, visit);
      opt(node.tag, visit);
      visit(node.body);
      return;
    case 'FuncLit':
      visit(node.type);
      visit(node.body);
      return;
    case 'IncDecStmt':
      visit(node.x);
      return;
    case 'MapType':
      visit(node.key);
      visit(node.value);
      return;
    case 'File':
      visit(node.name);
      each(node.decls, visit);
      return;
    case 'InterfaceType':
      visit(node.methods);
      return;
    case 'DeferStmt':
      visit(node.call);
      return;
    case 'Ellipsis':
      opt(node.elt, visit);
      return;
    case 'ChanType':
      visit(node.value);
      return;
    case 'TypeSwitchStmt':
      opt(node.init, visit);
      visit(node.assign);
      visit(node.body);
      return;
    case 'LabeledStmt':
      visit(node.label);
      visit(node.stmt);
      return;
    case 'IndexListExpr':
      visit(node.x);
      each(node.indices, visit);
      return;
    case 'CommClause':
      opt(node.comm, visit);
      each(node.body, visit);
      return;
    case 'SendStmt':
      visit(node.chan);
      visit(node.value);
      return;
    case 'EmptyStmt':
      return;
    case 'GoStmt':
      visit(node.call);
      return;
    case 'SelectStmt':
      visit(node.body);
      return;
    case 'BadExpr':
      return;
    case 'BadStmt':
      return;
    case 'BadDecl':
      return;
  }
}

/** One child onto the numbering stack, linked to its parent. */
function pushChild(stack: ast.Node[], child: ast.Node, parent: ast.Node): void {
  child.parent = parent;
  stack.push(child);
}

/** A list of children onto the numbering stack, last first (so they pop in source order). */
function pushChildren(stack: ast.Node[], list: readonly ast.Node[], parent: ast.Node): void {
  for (let i = list.length - 1; i >= 0; i--) pushChild(stack, list[i]!, parent);
}

/**
 * forEachChild for the index: pushes the children last first and links them to `node`, without
 * a callback per child or a reversal, and returns the node's kind code (KIND_CODES, without a
 * lookup by name). Must list the same children as forEachChild (the flat index tests compare
 * both on the standard library).
 */
function pushChildrenReversed(node: ast.Node, stack: ast.Node[]): number {
  switch (node.kind) {
    case 'Ident':
      return 29; // Ident
    case 'SelectorExpr':
      pushChild(stack, node.sel, node);
      pushChild(stack, node.x, node);
      return 43; // SelectorExpr
    case 'BasicLit':
      return 6; // BasicLit
    case 'CallExpr':
      pushChildren(stack, node.args, node);
      pushChild(stack, node.fun, node);
      return 10; // CallExpr
    case 'AssignStmt':
      pushChildren(stack, node.rhs, node);
      pushChildren(stack, node.lhs, node);
      return 2; // AssignStmt
    case 'BinaryExpr':
      pushChild(stack, node.y, node);
      pushChild(stack, node.x, node);
      return 7; // BinaryExpr
    case 'BlockStmt':
      pushChildren(stack, node.list, node);
      return 8; // BlockStmt
    case 'KeyValueExpr':
      pushChild(stack, node.value, node);
      pushChild(stack, node.key, node);
      return 36; // KeyValueExpr
    case 'ExprStmt':
      pushChild(stack, node.x, node);
      return 19; // ExprStmt
    case 'Field':
      if (node.tag !== null) pushChild(stack, node.tag, node);
      if (node.type !== null) pushChild(stack, node.type, node);
      pushChildren(stack, node.names, node);
      return 20; // Field
    case 'CompositeLit':
      pushChildren(stack, node.elts, node);
      if (node.type !== null) pushChild(stack, node.type, node);
      return 14; // CompositeLit
    case 'IfStmt':
      if (node.else !== null) pushChild(stack, node.else, node);
      pushChild(stack, node.body, node);
      pushChild(stack, node.cond, node);
      if (node.init !== null) pushChild(stack, node.init, node);
      return 30; // IfStmt
    case 'FieldList':
      pushChildren(stack, node.list, node);
      return 21; // FieldList
    case 'ReturnStmt':
      pushChildren(stack, node.results, node);
      return 41; // ReturnStmt
    case 'IndexExpr':
      pushChild(stack, node.index, node);
      pushChild(stack, node.x, node);
      return 33; // IndexExpr
    case 'StarExpr':
      pushChild(stack, node.x, node);
      return 46; // StarExpr
    case 'UnaryExpr':
      pushChild(stack, node.x, node);
      return 52; // UnaryExpr
    case 'ValueSpec':
      pushChildren(stack, node.values, node);
      if (node.type !== null) pushChild(stack, node.type, node);
      pushChildren(stack, node.names, node);
      return 53; // ValueSpec
    case 'FuncType':
      if (node.results !== null) pushChild(stack, node.results, node);
      pushChild(stack, node.params, node);
      if (node.typeParams !== null) pushChild(stack, node.typeParams, node);
      return 26; // FuncType
    case 'BranchStmt':
      if (node.label !== null) pushChild(stack, node.label, node);
      return 9; // BranchStmt
    case 'FuncDecl':
      if (node.body !== null) pushChild(stack, node.body, node);
      pushChild(stack, node.type, node);
      pushChild(stack, node.name, node);
      if (node.recv !== null) pushChild(stack, node.recv, node);
      return 24; // FuncDecl
    case 'CaseClause':
      pushChildren(stack, node.body, node);
      pushChildren(stack, node.list, node);
      return 11; // CaseClause
    case 'ArrayType':
      pushChild(stack, node.elt, node);
      if (node.len !== null) pushChild(stack, node.len, node);
      return 1; // ArrayType
    case 'ForStmt':
      pushChild(stack, node.body, node);
      if (node.post !== null) pushChild(stack, node.post, node);
      if (node.cond !== null) pushChild(stack, node.cond, node);
      if (node.init !== null) pushChild(stack, node.init, node);
      return 23; // ForStmt
    case 'GenDecl':
      pushChildren(stack, node.specs, node);
      return 27; // GenDecl
    case 'ParenExpr':
      pushChild(stack, node.x, node);
      return 39; // ParenExpr
    case 'ImportSpec':
      pushChild(stack, node.path, node);
      if (node.name !== null) pushChild(stack, node.name, node);
      return 31; // ImportSpec
    case 'DeclStmt':
      pushChild(stack, node.decl, node);
      return 15; // DeclStmt
    case 'RangeStmt':
      pushChild(stack, node.body, node);
      pushChild(stack, node.x, node);
      if (node.value !== null) pushChild(stack, node.value, node);
      if (node.key !== null) pushChild(stack, node.key, node);
      return 40; // RangeStmt
    case 'TypeSpec':
      pushChild(stack, node.type, node);
      if (node.typeParams !== null) pushChild(stack, node.typeParams, node);
      pushChild(stack, node.name, node);
      return 50; // TypeSpec
    case 'SliceExpr':
      if (node.max !== null) pushChild(stack, node.max, node);
      if (node.high !== null) pushChild(stack, node.high, node);
      if (node.low !== null) pushChild(stack, node.low, node);
      pushChild(stack, node.x, node);
      return 45; // SliceExpr
    case 'TypeAssertExpr':
      if (node.type !== null) pushChild(stack, node.type, node);
      pushChild(stack, node.x, node);
      return 49; // TypeAssertExpr
    case 'StructType':
      pushChild(stack, node.fields, node);
      return 47; // StructType
    case 'SwitchStmt':
      pushChild(stack, node.body, node);
      if (node.tag !== null) pushChild(stack, node.tag, node);
      if (node.init !== null) pushChild(stack, node.init, node);
      return 48; // SwitchStmt
    case 'FuncLit':
      pushChild(stack, node.body, node);
      pushChild(stack, node.type, node);
      return 25; // FuncLit
    case 'IncDecStmt':
      pushChild(stack, node.x, node);
      return 32; // IncDecStmt
    case 'MapType':
      pushChild(stack, node.value, node);
      pushChild(stack, node.key, node);
      return 38; // MapType
    case 'File':
      pushChildren(stack, node.decls, node);
      pushChild(stack, node.name, node);
      return 22; // File
    case 'InterfaceType':
      pushChild(stack, node.methods, node);
      return 35; // InterfaceType
    case 'DeferStmt':
      pushChild(stack, node.call, node);
      return 16; // DeferStmt
    case 'Ellipsis':
      if (node.elt !== null) pushChild(stack, node.elt, node);
      return 17; // Ellipsis
    case 'ChanType':
      pushChild(stack, node.value, node);
      return 12; // ChanType
    case 'TypeSwitchStmt':
      pushChild(stack, node.body, node);
      pushChild(stack, node.assign, node);
      if (node.init !== null) pushChild(stack, node.init, node);
      return 51; // TypeSwitchStmt
    case 'LabeledStmt':
      pushChild(stack, node.stmt, node);
      pushChild(stack, node.label, node);
      return 37; // LabeledStmt
    case 'IndexListExpr':
      pushChildren(stack, node.indices, node);
      pushChild(stack, node.x, node);
      return 34; // IndexListExpr
    case 'CommClause':
      pushChildren(stack, node.body, node);
      if (node.comm !== null) pushChild(stack, node.comm, node);
      return 13; // CommClause
    case 'SendStmt':
      pushChild(stack, node.value, node);
      pushChild(stack, node.chan, node);
      return 44; // SendStmt
    case 'EmptyStmt':
      return 18; // EmptyStmt
    case 'GoStmt':
      pushChild(stack, node.call, node);
      return 28; // GoStmt
    case 'SelectStmt':
      pushChild(stack, node.body, node);
      return 42; // SelectStmt
    case 'BadExpr':
      return 4; // BadExpr
    case 'BadStmt':
      return 5; // BadStmt
    case 'BadDecl':
      return 3; // BadDecl
  }
  return 0;
}

/**
 * Every node of a package in pre-order, with where each subtree ends: walking a subtree becomes
 * a loop over an array instead of a child enumeration per node (analyses walk function bodies
 * dozens of times). Built once per package model; `inspect` uses the index that was built last
 * and falls back to enumerating children for any node it does not hold.
 */
export class FlatIndex {
  readonly nodes: ast.Node[] = [];
  /** For the node at index i: the index just past its last descendant. */
  end = new Int32Array(0);

  /** Subtree ends and kind codes while trees are added, with room to grow (seal takes views). */
  private endBuf = new Int32Array(4096);
  private codeBuf = new Uint8Array(4096);
  /** Work lists of add, kept between files. */
  private readonly stack: ast.Node[] = [];
  private readonly open: number[] = [];
  private readonly heights: number[] = [];

  /** Adds `root`'s tree (numbering its nodes) and sets parent links. */
  add(root: ast.Node): void {
    const nodes = this.nodes;
    const stack = this.stack;
    // nodes whose subtrees are still being numbered, with the stack height their children start at
    const open = this.open;
    const heights = this.heights;
    let ends = this.endBuf;
    let codes = this.codeBuf;
    stack.push(root);
    while (stack.length > 0) {
      // a node's subtree is done once the stack is back below where its children were pushed
      while (heights.length > 0 && heights[heights.length - 1]! >= stack.length) {
        heights.pop();
        ends[open.pop()!] = nodes.length;
      }
      const node = stack.pop()!;
      const i = nodes.length;
      if (i === ends.length) {
        ends = this.endBuf = grown(ends, new Int32Array(ends.length * 2));
        codes = this.codeBuf = grown(codes, new Uint8Array(codes.length * 2));
      }
      node.pre = i;
      nodes.push(node);
      ends[i] = i + 1;
      const first = stack.length;
      codes[i] = pushChildrenReversed(node, stack);
      if (stack.length > first) {
        open.push(i);
        heights.push(first);
      }
    }
    while (open.length > 0) ends[open.pop()!] = nodes.length;
    heights.length = 0;
  }

  /** Per node: its kind's code (KIND_CODES), so walks can pass over kinds without touching nodes. */
  codes = new Uint8Array(0);

  /** Whether `node` is numbered in this index. */
  holds(node: ast.Node): boolean {
    const at = node.pre;
    return at !== undefined && at >= 0 && this.nodes[at] === node;
  }

  /** The nodes of one kind in pre-order: in the whole index, or in the subtree of `within` (which the index must hold). */
  ofKind<K extends ast.Node['kind']>(kind: K, within?: ast.Node): Extract<ast.Node, { kind: K }>[] {
    const code = KIND_CODES.get(kind)!;
    const from = within ? within.pre! : 0;
    const to = within ? this.end[from]! : this.nodes.length;
    const codes = this.codes;
    const out: Extract<ast.Node, { kind: K }>[] = [];
    for (let i = from; i < to; i++) if (codes[i] === code) out.push(this.nodes[i] as Extract<ast.Node, { kind: K }>);
    return out;
  }

  private funcOf?: Int32Array;

  /** The innermost function declaration or literal whose subtree holds `node` (held by this index), not `node` itself. */
  enclosingFunction(node: ast.Node): ast.FuncDecl | ast.FuncLit | null {
    if (!this.funcOf) {
      const nodes = this.nodes;
      const end = this.end;
      const funcOf = new Int32Array(nodes.length);
      const open: number[] = [];
      for (let i = 0; i < nodes.length; i++) {
        while (open.length > 0 && end[open[open.length - 1]!]! <= i) open.pop();
        funcOf[i] = open.length > 0 ? open[open.length - 1]! : -1;
        const c = this.codes[i]!;
        if (c === FUNC_LIT || c === FUNC_DECL) open.push(i);
      }
      this.funcOf = funcOf;
    }
    const f = this.funcOf[node.pre!]!;
    return f < 0 ? null : (this.nodes[f] as ast.FuncDecl | ast.FuncLit);
  }

  /** Makes the typed tables once every tree is added; makes this the index `inspect` uses. */
  seal(): void {
    this.end = this.endBuf.subarray(0, this.nodes.length);
    this.codes = this.codeBuf.subarray(0, this.nodes.length);
    this.funcOf = undefined;
    active = this;
  }

  /**
   * Nodes of the given kinds in pre-order, over the whole index or the subtree of `within` (which
   * the index must hold), function literals included: one pass for several kinds.
   */
  eachOfKinds(kinds: KindSet, visit: (node: ast.Node, code: number) => void, within?: ast.Node): void {
    const mask = kinds.mask;
    const codes = this.codes;
    const nodes = this.nodes;
    const from = within ? within.pre! : 0;
    const to = within ? this.end[from]! : codes.length;
    for (let i = from; i < to; i++) if (mask[codes[i]!] === 1) visit(nodes[i]!, codes[i]!);
  }
}

/** `to` with `from`'s contents at its start. */
function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const ALL_KINDS: readonly ast.Node['kind'][] = [
  'ArrayType', 'AssignStmt', 'BadDecl', 'BadExpr', 'BadStmt', 'BasicLit', 'BinaryExpr', 'BlockStmt', 'BranchStmt',
  'CallExpr', 'CaseClause', 'ChanType', 'CommClause', 'CompositeLit', 'DeclStmt', 'DeferStmt', 'Ellipsis', 'EmptyStmt',
  'ExprStmt', 'Field', 'FieldList', 'File', 'ForStmt', 'FuncDecl', 'FuncLit', 'FuncType', 'GenDecl', 'GoStmt', 'Ident',
  'IfStmt', 'ImportSpec', 'IncDecStmt', 'IndexExpr', 'IndexListExpr', 'InterfaceType', 'KeyValueExpr', 'LabeledStmt',
  'MapType', 'ParenExpr', 'RangeStmt', 'ReturnStmt', 'SelectStmt', 'SelectorExpr', 'SendStmt', 'SliceExpr', 'StarExpr',
  'StructType', 'SwitchStmt', 'TypeAssertExpr', 'TypeSpec', 'TypeSwitchStmt', 'UnaryExpr', 'ValueSpec',
];
/** Node kind → a small number (0: none). pushChildrenReversed spells these numbers out. */
const KIND_CODES = new Map<string, number>(ALL_KINDS.map((k, i) => [k, i + 1]));

/** The code the flat index stores for a node kind. */
export function kindCode(kind: string): number {
  return KIND_CODES.get(kind) ?? 0;
}
const FUNC_LIT = KIND_CODES.get('FuncLit')!;
const FUNC_DECL = KIND_CODES.get('FuncDecl')!;

/** A set of node kinds for eachOfKinds, made once (at module load) by kindSet. */
export type KindSet = { readonly mask: Uint8Array };

export function kindSet(kinds: readonly ast.Node['kind'][]): KindSet {
  const mask = new Uint8Array(ALL_KINDS.length + 1);
  for (const k of kinds) mask[KIND_CODES.get(k)!] = 1;
  return { mask };
}

/**
 * Calls `visit` for each node of the given kinds in `root`'s subtree (root included), in
 * pre-order, not entering function literals below `root`: the shape of most per-function
 * analyses, without a call per node of other kinds. `visit` returns false to skip the node's
 * subtree.
 */
export function eachOfKinds(root: ast.Node, kinds: KindSet, visit: (node: ast.Node) => boolean | void): void {
  const ix = active;
  const at = root.pre;
  const mask = kinds.mask;
  if (ix !== null && at !== undefined && at >= 0 && ix.nodes[at] === root) {
    const nodes = ix.nodes;
    const end = ix.end;
    const codes = ix.codes;
    const stop = end[at]!;
    for (let i = at; i < stop; ) {
      const code = codes[i]!;
      if (mask[code] === 1 && visit(nodes[i]!) === false) i = end[i]!;
      else i = code === FUNC_LIT && i !== at ? end[i]! : i + 1;
    }
    return;
  }
  inspectEnter(root, (n) => {
    if (mask[KIND_CODES.get(n.kind) ?? 0] === 1 && visit(n) === false) return false;
    return n === root || n.kind !== 'FuncLit';
  });
}

let active: FlatIndex | null = null;

/**
 * Pre-order traversal without recursion (generated Go has expression chains thousands of
 * levels deep). `enter` returns false to skip a node's children; `leave`, when given, runs
 * after them.
 */
export function inspect(root: ast.Node, enter: (node: ast.Node) => boolean | void, leave?: (node: ast.Node) => void): void {
  const ix = active;
  const at = root.pre;
  if (ix !== null && at !== undefined && at >= 0 && ix.nodes[at] === root) {
    if (leave) inspectFlatLeave(ix, at, enter, leave);
    else inspectFlat(ix, at, enter);
    return;
  }
  if (!leave) return inspectEnter(root, enter);
  const nodes: ast.Node[] = [root];
  const leaving: boolean[] = [false];
  const push = (child: ast.Node): void => {
    nodes.push(child);
    leaving.push(false);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (leaving.pop()) {
      leave(node);
      continue;
    }
    if (enter(node) === false) continue;
    nodes.push(node);
    leaving.push(true);
    const first = nodes.length;
    forEachChild(node, push);
    // children were pushed in source order; reverse them so they pop in source order
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      const t = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = t;
    }
  }
}

/** `inspect` without a `leave` callback over a tree outside the index: one stack, nothing to remember per node. */
function inspectEnter(root: ast.Node, enter: (node: ast.Node) => boolean | void): void {
  const nodes: ast.Node[] = [root];
  const push = (child: ast.Node): void => {
    nodes.push(child);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (enter(node) === false) continue;
    const first = nodes.length;
    forEachChild(node, push);
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      const t = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = t;
    }
  }
}

function inspectFlat(ix: FlatIndex, at: number, enter: (node: ast.Node) => boolean | void): void {
  const nodes = ix.nodes;
  const end = ix.end;
  const stop = end[at]!;
  for (let i = at; i < stop; ) {
    if (enter(nodes[i]!) === false) i = end[i]!;
    else i++;
  }
}

function inspectFlatLeave(ix: FlatIndex, at: number, enter: (node: ast.Node) => boolean | void, leave: (node: ast.Node) => void): void {
  const nodes = ix.nodes;
  const end = ix.end;
  const stop = end[at]!;
  // entered nodes whose subtrees are still open, innermost last
  const open: number[] = [];
  for (let i = at; i < stop; ) {
    while (open.length > 0 && end[open[open.length - 1]!]! <= i) leave(nodes[open.pop()!]!);
    if (enter(nodes[i]!) === false) {
      i = end[i]!;
      continue;
    }
    open.push(i);
    i++;
  }
  while (open.length > 0) leave(nodes[open.pop()!]!);
}

/** Links every node below `root` to its parent (iteratively: see inspect). */
export function setParents(root: ast.Node): void {
  const stack: ast.Node[] = [root];
  let parent: ast.Node = root;
  const link = (child: ast.Node): void => {
    child.parent = parent;
    stack.push(child);
  };
  while (stack.length > 0) {
    parent = stack.pop()!;
    forEachChild(parent, link);
  }
}
