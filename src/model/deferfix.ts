// Where `defer x()` can be added right after a statement: the statement sits directly in a block
// of the function, outside loops (a defer in a loop piles up until the function returns), and
// the rest of its line is empty or a comment. The insertion keeps the statement's indentation.

import type * as ast from '../parse/ast.js';
import type { FileModel } from './package.js';
import type { FuncNode } from './scope.js';

export interface Insertion {
  pos: number;
  text: string;
}

export function deferAfter(file: FileModel, stmt: ast.Stmt, fn: FuncNode, call: string): Insertion | null {
  const parent = stmt.parent;
  if (parent?.kind !== 'BlockStmt' && parent?.kind !== 'CaseClause' && parent?.kind !== 'CommClause') return null;
  for (let n: ast.Node | undefined = parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt' || n.kind === 'FuncLit') return null;
  }
  const src = file.src;
  const lineStart = src.lastIndexOf('\n', stmt.pos - 1) + 1;
  const indent = /^[ \t]*/.exec(src.slice(lineStart, stmt.pos))?.[0] ?? '';
  if (lineStart + indent.length !== stmt.pos) return null; // something precedes it on its line
  let eol = src.indexOf('\n', stmt.end);
  if (eol < 0) eol = src.length;
  const rest = src.slice(stmt.end, eol).replace(/\r$/, '');
  if (!/^\s*(\/\/.*)?$/.test(rest)) return null;
  const at = src[eol - 1] === '\r' ? eol - 1 : eol;
  return { pos: at, text: `${src[eol - 1] === '\r' ? '\r\n' : '\n'}${indent}defer ${call}` };
}
