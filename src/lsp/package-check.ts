// Analysing the package of an edited file: the open buffers of its directory from memory, the
// other .go files from disk (cached by modification time and size, so a re-check after a
// keystroke reads nothing), through the same engine as `gohazard scan`. Incremental per package:
// a file whose text did not change keeps its parse tree, so an edit reparses only the edited
// file, then the package model and the rules run again over the package.

import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, resolveRules, type ResolvedRule } from '../engine/config.js';
import { analyzeDirectory, type PackageResult, type ParsedSource, type SourceFile } from '../engine/engine.js';
import type { GoVersion } from '../model/goversion.js';
import { RULES } from '../rules/index.js';
import { GoModResolver } from '../scan/gomod.js';
import { isKnownRuleOrFamily } from '../scan/memory.js';
import { readGoSource } from '../scan/source.js';
import type { InputError } from '../report/finding.js';

interface DiskEntry {
  mtimeMs: number;
  size: number;
  src: string | null;
  error?: string;
}

export interface PackageCheck extends PackageResult {
  /** Source text of every file analysed, by absolute path (for converting positions). */
  sources: Map<string, string>;
}

const isKnownRule = isKnownRuleOrFamily(RULES);

export class PackageChecker {
  private readonly disk = new Map<string, DiskEntry>();
  private readonly modules = new GoModResolver();
  /** Parse results of each directory's files, by path. */
  private readonly parsed = new Map<string, Map<string, ParsedSource>>();
  private rules: ResolvedRule[];

  constructor(private config: Config) {
    this.rules = resolveRules(RULES, config);
  }

  /** Forgets a directory's parse trees (no file of it is open any more). */
  forget(dir: string): void {
    this.parsed.delete(dir);
  }

  /** Rebuilds the rule set, e.g. after the language or the config changed. */
  configure(config: Config): void {
    this.config = config;
    this.rules = resolveRules(RULES, config);
  }

  /** Analyses the .go files of `dir`; `buffers` (absolute path → text) win over the disk. */
  check(dir: string, buffers: ReadonlyMap<string, string>): PackageCheck {
    const errors: InputError[] = [];
    const files: SourceFile[] = [];
    const sources = new Map<string, string>();
    const paths = new Set<string>(this.goFilesOnDisk(dir));
    for (const path of buffers.keys()) if (dirOf(path) === dir) paths.add(path);
    for (const path of [...paths].sort()) {
      const src = buffers.get(path) ?? this.read(path, errors);
      if (src === null) continue;
      files.push({ path, src });
      sources.set(path, src);
    }
    let parseCache = this.parsed.get(dir);
    if (!parseCache) this.parsed.set(dir, (parseCache = new Map()));
    for (const path of parseCache.keys()) if (!sources.has(path)) parseCache.delete(path);
    const result = analyzeDirectory({ dir, files, goVersion: this.goVersion(dir) }, this.rules, { isKnownRule, parseCache });
    return { ...result, errors: [...errors, ...result.errors], sources };
  }

  private goVersion(dir: string): GoVersion {
    if (this.config.go) {
      const [major, minor] = this.config.go.split('.').map(Number);
      return { major: major!, minor: minor!, source: 'config' };
    }
    return this.modules.forDir(dir).version;
  }

  private goFilesOnDisk(dir: string): string[] {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.go'))
        .map((e) => join(dir, e.name));
    } catch {
      return [];
    }
  }

  private read(path: string, errors: InputError[]): string | null {
    let mtimeMs: number;
    let size: number;
    try {
      const st = statSync(path);
      mtimeMs = st.mtimeMs;
      size = st.size;
    } catch {
      this.disk.delete(path);
      return null; // deleted since the directory was listed
    }
    let entry = this.disk.get(path);
    if (!entry || entry.mtimeMs !== mtimeMs || entry.size !== size) {
      const r = readGoSource(path);
      entry = r.ok ? { mtimeMs, size, src: r.src } : { mtimeMs, size, src: null, error: r.message };
      this.disk.set(path, entry);
    }
    if (entry.error) errors.push({ file: path, message: entry.error });
    return entry.src;
  }
}

export function dirOf(path: string): string {
  return dirname(path);
}
