// Small helpers for parser tests: parse, find nodes by kind, read a node's source text.

import { expect } from 'vitest';
import type * as ast from '../../src/parse/ast.js';
import { parseFile, type ParseResult } from '../../src/parse/parser.js';
import { inspect } from '../../src/parse/walk.js';

type NodeOf<K extends ast.NodeKind> = Extract<ast.Node, { kind: K }>;

/** Every source given to parse() or parseWithErrors(), for a cross-check with go/parser. */
export const parsedSources: string[] = [];

export interface Parsed {
  src: string;
  file: ast.File;
  /** Source text of a node (its pos..end). */
  text(node: { pos: number; end: number }): string;
  /** The first node of a kind, in go/ast.Inspect order, that satisfies `where`. */
  find<K extends ast.NodeKind>(kind: K, where?: (n: NodeOf<K>) => boolean): NodeOf<K>;
  /** The first node of a kind whose source text is exactly `text`. */
  at<K extends ast.NodeKind>(kind: K, text: string): NodeOf<K>;
  all<K extends ast.NodeKind>(kind: K): NodeOf<K>[];
}

function wrap(src: string, result: ParseResult): Parsed {
  const text = (n: { pos: number; end: number }): string => src.slice(n.pos, n.end);
  const all = <K extends ast.NodeKind>(kind: K): NodeOf<K>[] => {
    const out: NodeOf<K>[] = [];
    inspect(result.file, (n) => {
      if (n.kind === kind) out.push(n as NodeOf<K>);
    });
    return out;
  };
  const find = <K extends ast.NodeKind>(kind: K, where: (n: NodeOf<K>) => boolean = () => true): NodeOf<K> => {
    const n = all(kind).find(where);
    if (n === undefined) throw new Error(`no ${kind} found`);
    return n;
  };
  return { src, file: result.file, text, find, all, at: (kind, t) => find(kind, (n) => text(n) === t) };
}

/** Parses a source that must be free of syntax errors. */
export function parse(src: string): Parsed {
  parsedSources.push(src);
  const result = parseFile(src);
  expect(result.errors, 'syntax errors').toEqual([]);
  return wrap(src, result);
}

/** Parses a source that may have errors; returns them with the tree. */
export function parseWithErrors(src: string): Parsed & { errors: ParseResult['errors'] } {
  parsedSources.push(src);
  const result = parseFile(src);
  return { ...wrap(src, result), errors: result.errors };
}

/** Parses a function body: `package p; func _() { <body> }`. */
export function parseBody(body: string): Parsed {
  return parse(`package p\n\nfunc _() {\n${body}\n}\n`);
}

/** Parses top-level declarations after `package p`. */
export function parseDecls(decls: string): Parsed {
  return parse(`package p\n\n${decls}\n`);
}
