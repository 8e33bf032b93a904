// Compares gohazard's parser with go/parser on a Go source tree: same files accepted, and for
// accepted files the same syntax tree (node kinds with start/end lines, go/ast.Inspect order).
// The reference comes from tools/goast (needs a Go toolchain). Usage:
//   node dist/tools/conformance.js [GOROOT/src]   (default: `go env GOROOT`/src)

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineIndex } from '../src/parse/lines.js';
import { parseFile } from '../src/parse/parser.js';
import { inspect } from '../src/parse/walk.js';

export interface ReferenceEntry {
  path: string;
  ok: boolean;
  error?: string;
  nodes?: number;
  hash?: number;
}

export interface Mismatch {
  path: string;
  reason: string;
}

export interface ConformanceReport {
  files: number;
  rejectedByGo: number;
  mismatches: Mismatch[];
  bytes: number;
  parseMs: number;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs go/parser over `root` through tools/goast. */
export function referenceFor(root: string): ReferenceEntry[] {
  const out = execFileSync('go', ['run', '.', root], {
    cwd: join(repoRoot, 'tools', 'goast'),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' },
  });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as ReferenceEntry);
}

/** FNV-1a 32 of the node fingerprint string, as tools/goast computes it. */
export function fingerprint(src: string): { ok: boolean; error?: string; nodes: number; hash: number } {
  const { file, errors } = parseFile(src);
  if (errors.length > 0) {
    const lines = new LineIndex(src);
    const e = errors[0]!;
    const p = lines.position(e.offset);
    return { ok: false, error: `${p.line}:${p.column}: ${e.message}`, nodes: 0, hash: 0 };
  }
  const lines = new LineIndex(src);
  let h = 0x811c9dc5;
  let nodes = 0;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  inspect(file, (node) => {
    nodes++;
    feed(`${node.kind}:${lines.line(node.pos)}:${lines.line(node.end)};`);
  });
  return { ok: true, nodes, hash: h >>> 0 };
}

export function compare(reference: ReferenceEntry[]): ConformanceReport {
  const mismatches: Mismatch[] = [];
  let bytes = 0;
  let parseMs = 0;
  const decoder = new TextDecoder('utf-8');
  for (const ref of reference) {
    const buf = readFileSync(ref.path);
    bytes += buf.length;
    const src = decoder.decode(buf);
    const t0 = performance.now();
    const mine = fingerprint(src);
    parseMs += performance.now() - t0;
    if (mine.ok !== ref.ok) {
      mismatches.push({
        path: ref.path,
        reason: ref.ok ? `we reject a file go/parser accepts: ${mine.error}` : `we accept a file go/parser rejects: ${ref.error}`,
      });
    } else if (mine.ok && (mine.nodes !== ref.nodes || mine.hash !== ref.hash)) {
      mismatches.push({ path: ref.path, reason: `syntax tree differs (nodes ${mine.nodes} vs ${ref.nodes})` });
    }
  }
  return { files: reference.length, rejectedByGo: reference.filter((r) => !r.ok).length, mismatches, bytes, parseMs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src');
  const report = compare(referenceFor(root));
  for (const m of report.mismatches.slice(0, 50)) console.log(`${m.path}: ${m.reason}`);
  console.log(
    `${report.files} files, ${report.rejectedByGo} rejected by go/parser, ${report.mismatches.length} mismatches; ` +
      `parse ${(report.parseMs / 1000).toFixed(2)} s for ${(report.bytes / 1e6).toFixed(1)} MB = ` +
      `${(report.bytes / 1e6 / (report.parseMs / 1000)).toFixed(1)} MB/s (one core, incl. fingerprint walk)`,
  );
}
