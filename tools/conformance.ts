// Compares gohazard's parser with go/parser on Go source files: the same files accepted, the
// same syntax trees (node kinds, exact positions, token positions and key values, in
// go/ast.Inspect order, then the comments; see tools/goast) and, for rejected files, the same
// errors.
// The reference comes from tools/goast (needs a Go toolchain). Usage:
//   node dist/tools/conformance.js [DIR...]   (default: `go env GOROOT`/src)
//   node dist/tools/conformance.js --explain FILE   (where the two first differ)
// CONFORMANCE_REJECTED=1 also compares the errors and trees of files both parsers reject.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ast from '../src/parse/ast.js';
import { LineIndex } from '../src/parse/lines.js';
import { parseFile, type ParseResult } from '../src/parse/parser.js';
import { tokenString } from '../src/parse/token.js';
import { inspect } from '../src/parse/walk.js';

export interface ReferenceEntry {
  path: string;
  ok: boolean;
  /** go/parser's errors as `line:column: message`, sorted as go/parser sorts them. */
  errors?: string[];
  nodes: number;
  hash: number;
}

export interface Verdict {
  ok: boolean;
  errors: string[];
  nodes: number;
  hash: number;
}

export interface Mismatch {
  path: string;
  reason: string;
}

export interface CompareOptions {
  /** Also compare the error lists and partial trees of files both parsers reject. */
  rejected?: boolean;
}

export interface ConformanceReport {
  files: number;
  rejectedByGo: number;
  /** Files we report errors for. */
  rejectedByUs: number;
  mismatches: Mismatch[];
  bytes: number;
  /** Time spent in parseFile alone. */
  parseMs: number;
}

/** The repository root, from tools/ or dist/tools/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'tools', 'goast', 'go.mod'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('tools/goast not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** `go env GOROOT`/src; throws when no Go toolchain is installed. */
export function goSourceRoot(): string {
  return join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src');
}

/** Runs go/parser over the .go files under `roots` through tools/goast. */
export function referenceFor(roots: string | string[]): ReferenceEntry[] {
  const out = execFileSync('go', ['run', '.', ...(Array.isArray(roots) ? roots : [roots])], {
    cwd: join(repoRoot(), 'tools', 'goast'),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' },
  });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as ReferenceEntry);
}

/** Decodes a file as the scanner's file reader must: invalid UTF-8 is an error, as in go/scanner. */
export function decodeSource(buf: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

/**
 * Our verdict in the shape of tools/goast's (same fingerprint of the tree, errors included).
 * `trace` receives the fingerprinted text of each node.
 */
export function verdict(src: string, result: ParseResult = parseFile(src), trace?: (line: string) => void): Verdict {
  const lines = new LineIndex(src);
  const at = (offset: number): string => {
    if (offset < 0) return '-';
    if (offset > src.length) return '0:0'; // go/token has no position past the end of the file
    const p = lines.position(offset);
    return `${p.line}:${p.column}`;
  };
  const errors = result.errors.map((e) => `${at(e.offset)}: ${e.message}`);
  const h = new Fnv1a();
  let nodes = 0;
  inspect(result.file, (node) => {
    nodes++;
    const text = `${node.kind} ${at(node.pos)} ${at(node.end)} ${detail(node, at).join(' ')}`;
    h.feed(text + ';');
    trace?.(text);
  });
  for (const c of result.file.comments) {
    nodes++;
    const text = `Comment ${at(c.pos)} ${at(c.end)} ${c.text}`;
    h.feed(text + ';');
    trace?.(text);
  }
  return { ok: errors.length === 0, errors, nodes, hash: h.sum() };
}

function detail(n: ast.Node, at: (offset: number) => string): string[] {
  switch (n.kind) {
    case 'Ident':
      return [n.name];
    case 'BasicLit':
      return [tokenString(n.litKind), n.value];
    case 'CompositeLit':
      return [at(n.lbrace), at(n.rbrace)];
    case 'IndexExpr':
    case 'IndexListExpr':
      return [at(n.lbrack), at(n.rbrack)];
    case 'SliceExpr':
      return [String(n.slice3)];
    case 'CallExpr':
      return [at(n.lparen), at(n.ellipsis), at(n.rparen)];
    case 'UnaryExpr':
      return [tokenString(n.op)];
    case 'BinaryExpr':
      return [tokenString(n.op), at(n.opPos)];
    case 'ChanType':
      return [at(n.arrow), String(n.dir)];
    case 'FieldList':
      return [at(n.opening), at(n.closing)];
    case 'EmptyStmt':
      return [String(n.implicit)];
    case 'SendStmt':
      return [at(n.arrow)];
    case 'IncDecStmt':
    case 'BranchStmt':
      return [tokenString(n.tok)];
    case 'AssignStmt':
    case 'RangeStmt':
      return [tokenString(n.tok), at(n.tokPos)];
    case 'BlockStmt':
      return [at(n.lbrace), at(n.rbrace)];
    case 'CaseClause':
      return [String(n.isDefault), at(n.colon)];
    case 'CommClause':
      return [at(n.colon)];
    case 'TypeSpec':
      return [at(n.assign)];
    case 'GenDecl':
      return [tokenString(n.tok), at(n.lparen)];
    case 'File':
      return [at(n.package)];
  }
  return [];
}

/** FNV-1a 32 over the UTF-8 bytes of the strings fed, as Go's hash/fnv.New32a. */
class Fnv1a {
  private h = 0x811c9dc5;

  feed(s: string): void {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) c = s.codePointAt(i++)!;
      const n = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3; // continuation bytes
      h = Math.imul(h ^ (((0xff00 >> (n + 1)) & 0xff) | (c >> (6 * n))), 0x01000193); // lead byte
      for (let k = n - 1; k >= 0; k--) h = Math.imul(h ^ (0x80 | ((c >> (6 * k)) & 63)), 0x01000193);
    }
    this.h = h;
  }

  sum(): number {
    return this.h >>> 0;
  }
}

export function compare(reference: ReferenceEntry[], options: CompareOptions = {}): ConformanceReport {
  const mismatches: Mismatch[] = [];
  let bytes = 0;
  let parseMs = 0;
  let rejectedByUs = 0;
  for (const ref of reference) {
    const buf = readFileSync(ref.path);
    bytes += buf.length;
    const src = decodeSource(buf);
    let mine: Verdict;
    if (src === null) {
      mine = { ok: false, errors: ['illegal UTF-8 encoding'], nodes: 0, hash: 0 };
    } else {
      const t0 = performance.now();
      const result = parseFile(src, { filename: ref.path });
      parseMs += performance.now() - t0;
      mine = verdict(src, result);
    }
    if (!mine.ok) rejectedByUs++;
    const reason = differs(ref, mine, src !== null && options.rejected === true);
    if (reason !== null) mismatches.push({ path: ref.path, reason });
  }
  return {
    files: reference.length,
    rejectedByGo: reference.filter((r) => !r.ok).length,
    rejectedByUs,
    mismatches,
    bytes,
    parseMs,
  };
}

function differs(ref: ReferenceEntry, mine: Verdict, compareRejected: boolean): string | null {
  if (mine.ok !== ref.ok) {
    return ref.ok ? `we reject a file go/parser accepts: ${mine.errors[0]}` : `we accept a file go/parser rejects: ${ref.errors?.[0]}`;
  }
  if (!ref.ok && !compareRejected) return null;
  if (!ref.ok) {
    const theirs = (ref.errors ?? []).join(' | ');
    const ours = mine.errors.join(' | ');
    if (theirs !== ours) return `errors differ:\n  go:   ${theirs}\n  ours: ${ours}`;
    // go/parser returns an empty file after too many errors; we keep the partial tree
    if (ref.nodes <= 2) return null;
  }
  if (mine.nodes !== ref.nodes || mine.hash !== ref.hash) return `syntax tree differs (nodes ${mine.nodes} vs ${ref.nodes})`;
  return null;
}

/** Prints where our tree and errors for one file first differ from go/parser's. */
export function explain(path: string): void {
  const goLines = execFileSync('go', ['run', '.', '-v', path], { cwd: join(repoRoot(), 'tools', 'goast'), encoding: 'utf8' }).split('\n');
  const src = readFileSync(path, 'utf8');
  const ourLines: string[] = [];
  const mine = verdict(src, parseFile(src, { filename: path }), (l) => ourLines.push(l));
  const [ref] = referenceFor(path);
  console.log(`go:   ${(ref?.errors ?? []).join(' | ') || 'no errors'}\nours: ${mine.errors.join(' | ') || 'no errors'}`);
  const i = ourLines.findIndex((l, k) => l !== goLines[k]);
  if (i < 0 && ourLines.length === goLines.filter((l) => l !== '').length) return console.log('same tree');
  const at = i < 0 ? ourLines.length : i;
  for (let k = Math.max(0, at - 3); k < at + 4; k++) console.log(`${k === at ? '>' : ' '} go:   ${goLines[k] ?? ''}\n${k === at ? '>' : ' '} ours: ${ourLines[k] ?? ''}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--explain') {
  explain(process.argv[3]!);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const roots = process.argv.length > 2 ? process.argv.slice(2) : [goSourceRoot()];
  const report = compare(referenceFor(roots), { rejected: process.env.CONFORMANCE_REJECTED === '1' });
  for (const m of report.mismatches.slice(0, 50)) console.log(`${m.path}: ${m.reason}`);
  console.log(
    `${report.files} files, ${report.rejectedByGo} rejected by go/parser, ${report.rejectedByUs} by us, ` +
      `${report.mismatches.length} mismatches; parse ${(report.parseMs / 1000).toFixed(2)} s for ` +
      `${(report.bytes / 1e6).toFixed(1)} MB = ${(report.bytes / 1e6 / (report.parseMs / 1000)).toFixed(1)} MB/s (one core)`,
  );
  if (report.files === 0 || report.mismatches.length > 0) process.exitCode = 1;
}
