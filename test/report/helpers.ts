// Small builders for reporter tests: findings and documents with only what a test cares about.

import type { Finding, ReportDocument } from '../../src/report/finding.js';

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'map-concurrent-write',
    family: 'map-concurrency',
    severity: 'error',
    file: 'main.go',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: 'concurrent map writes: m is written by goroutines that run at the same time',
    related: [],
    fixes: [],
    ...over,
  };
}

export function doc(findings: Finding[], over: Partial<ReportDocument> = {}): ReportDocument {
  return { version: 1, findings, errors: [], stats: { files: 1, lines: 10, ms: 5 }, ...over };
}

/** Sources by path, as the CLI's reader would give them. */
export function sources(files: Record<string, string>): (file: string) => string | undefined {
  return (file) => files[file];
}

/** A Go file indented with tabs, with a CJK map key on line 6. */
export const MAIN_GO = [
  'package main',
  '',
  'func main() {',
  '\tm := map[string]int{}',
  '\tgo func() {',
  '\t\tm["键"] = 1',
  '\t}()',
  '\tm["b"] = 2',
  '}',
  '',
].join('\n');
