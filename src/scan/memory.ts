// Scanning sources held in memory: no file system, so it runs in a browser page, the language
// server and tests. Files are grouped by directory; each directory is analysed as a package.

import { type Config, resolveRules, type ResolvedRule } from '../engine/config.js';
import { analyzeDirectory, type SourceFile } from '../engine/engine.js';
import type { Rule } from '../engine/rule.js';
import { type GoVersion, NEWEST, parseGoDirective } from '../model/goversion.js';
import { compareFindings, FAMILIES, type ReportDocument } from '../report/finding.js';
import { RULES } from '../rules/index.js';

export interface MemoryScanOptions {
  config?: Config;
  rules?: readonly Rule[];
  /** Language version when no go.mod text is given. */
  goVersion?: GoVersion;
  /** go.mod contents by directory ('' for the root), to read the `go` directive from. */
  goMods?: Record<string, string>;
}

export function isKnownRuleOrFamily(rules: readonly Rule[]): (id: string) => boolean {
  const ids = new Set<string>([...rules.map((r) => r.meta.id), ...FAMILIES]);
  return (id) => ids.has(id);
}

/** Scans in-memory Go files, e.g. `[{ path: 'main.go', src }]`. */
export function scanSources(files: readonly SourceFile[], options: MemoryScanOptions = {}): ReportDocument {
  const started = Date.now();
  const rules = options.rules ?? RULES;
  const resolved: ResolvedRule[] = resolveRules(rules, options.config, options.rules !== undefined);
  const byDir = new Map<string, SourceFile[]>();
  for (const f of files) {
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    const list = byDir.get(dir);
    if (list) list.push(f);
    else byDir.set(dir, [f]);
  }
  const doc: ReportDocument = { version: 1, findings: [], errors: [], stats: { files: 0, lines: 0, ms: 0 } };
  for (const [dir, list] of byDir) {
    const goVersion = configuredVersion(options.config) ?? versionFor(dir, options.goMods) ?? options.goVersion ?? NEWEST;
    const result = analyzeDirectory({ dir, files: list, goVersion }, resolved, { isKnownRule: isKnownRuleOrFamily(rules) });
    doc.findings.push(...result.findings);
    doc.errors.push(...result.errors);
    doc.stats.files += result.files;
    doc.stats.lines += result.lines;
  }
  doc.findings.sort(compareFindings);
  doc.stats.ms = Date.now() - started;
  return doc;
}

function versionFor(dir: string, goMods: Record<string, string> | undefined): GoVersion | null {
  if (!goMods) return null;
  for (let d = dir; ; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') {
    const text = goMods[d];
    if (text !== undefined) return parseGoDirective(text, d === '' ? 'go.mod' : `${d}/go.mod`);
    if (d === '') return null;
  }
}

/** The `go` setting of a config, as a version. */
export function configuredVersion(config: Config | undefined): GoVersion | null {
  if (!config?.go) return null;
  const [major, minor] = config.go.split('.').map(Number);
  return { major: major!, minor: minor!, source: 'config' };
}
