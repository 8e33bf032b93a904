// Rule fixtures in the style of golang.org/x/tools/go/analysis/analysistest: Go files under
// testdata/<rule-id>/ carry `// want "regexp"` comments on every line that must be flagged.
// Each expectation consumes one finding of the rule whose span starts on that line and whose
// message matches; an unexpected finding or an unmatched expectation is a failure. A file
// `x.go.golden` holds x.go after applying the first fix of every finding.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { applyEdits } from '../cli/fix.js';
import type { Finding } from '../report/finding.js';
import { scanSources } from '../scan/memory.js';

export interface Expectation {
  file: string;
  line: number;
  pattern: RegExp;
}

export interface FixtureReport {
  failures: string[];
  files: number;
  positives: number;
  negatives: number;
  findings: Finding[];
}

const WANT = /(?:\/\/|\/\*)\s*want\s+((?:(?:"(?:[^"\\]|\\.)*"|`[^`]*`)\s*)+)/;
const WANT_ITEM = /"((?:[^"\\]|\\.)*)"|`([^`]*)`/g;

/** Expectations written in one file's comments. */
export function parseWants(file: string, src: string): Expectation[] {
  const out: Expectation[] = [];
  src.split('\n').forEach((text, i) => {
    const m = WANT.exec(text);
    if (!m) return;
    for (const item of m[1]!.matchAll(WANT_ITEM)) {
      const pattern = item[1] !== undefined ? JSON.parse(`"${item[1]}"`) as string : item[2]!;
      out.push({ file, line: i + 1, pattern: new RegExp(pattern) });
    }
  });
  return out;
}

function goFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...goFilesUnder(p));
    else if (name.endsWith('.go')) out.push(p);
  }
  return out;
}

function goModsUnder(root: string, dir: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) goModsUnder(root, p, into);
    else if (name === 'go.mod') into[relative(root, dir).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
}

/** Runs one rule (or several, e.g. all of them) over a fixture directory and checks every expectation. */
export function checkFixtures(rule: Rule | readonly Rule[], dir: string): FixtureReport {
  const rules: readonly Rule[] = Array.isArray(rule) ? rule : [rule as Rule];
  const ids = new Set(rules.map((r) => r.meta.id));
  const files = goFilesUnder(dir).map((abs) => ({ path: relative(dir, abs).split('\\').join('/'), src: readFileSync(abs, 'utf8'), abs }));
  const goMods: Record<string, string> = {};
  goModsUnder(dir, dir, goMods);
  const doc = scanSources(files, { rules, goMods });
  const failures: string[] = [];
  for (const e of doc.errors) failures.push(`${e.file}${e.line ? `:${e.line}` : ''}: unexpected error: ${e.message}`);
  const wants = files.flatMap((f) => parseWants(f.path, f.src));
  const findings = doc.findings.filter((f) => ids.has(f.rule));
  const unmatched = [...findings];
  for (const w of wants) {
    const i = unmatched.findIndex((f) => f.file === w.file && f.line === w.line && w.pattern.test(f.message));
    if (i >= 0) {
      unmatched.splice(i, 1);
    } else {
      const near = findings.filter((f) => f.file === w.file && f.line === w.line).map((f) => JSON.stringify(f.message));
      failures.push(`${w.file}:${w.line}: no finding matching /${w.pattern.source}/${near.length ? ` (got ${near.join(', ')})` : ''}`);
    }
  }
  for (const f of unmatched) failures.push(`${f.file}:${f.line}:${f.column}: unexpected finding: ${f.message}`);
  // fixes against golden files
  for (const f of files) {
    let golden: string;
    try {
      golden = readFileSync(f.abs + '.golden', 'utf8');
    } catch {
      continue;
    }
    const edits = findings.filter((x) => x.file === f.path && x.fixes.length > 0).flatMap((x) => x.fixes[0]!.edits);
    edits.sort((a, b) => a.offset! - b.offset!);
    const fixed = applyEdits(Buffer.from(f.src, 'utf8'), edits).toString('utf8');
    if (fixed !== golden) failures.push(`${f.path}: fixes do not produce ${f.path}.golden:\n${diffLines(golden, fixed)}`);
  }
  const withWants = new Set(wants.map((w) => w.file));
  return {
    failures,
    files: files.length,
    positives: withWants.size,
    negatives: files.filter((f) => !withWants.has(f.path)).length,
    findings,
  };
}

function diffLines(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 12; i++) {
    if (a[i] !== b[i]) out.push(`  line ${i + 1}: want ${JSON.stringify(a[i] ?? '')}\n           got  ${JSON.stringify(b[i] ?? '')}`);
  }
  return out.join('\n');
}
