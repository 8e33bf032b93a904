// The files under --source DIR that stack frames can point at, and the Go modules that own them.
// Reading the tree costs one directory walk (Go files and go.mod only); file contents are read
// lazily and cached, only for files that findings point at.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', 'testdata']);
const MAX_FILES = 200_000;

export interface ModuleRoot {
  /** Module path from the `module` line of go.mod. */
  path: string;
  /** Directory of the go.mod, relative to the source root ('' for the root itself). */
  dir: string;
}

export class SourceTree {
  /** Relative paths (with '/') of every .go file, by base name. */
  private readonly byBase = new Map<string, string[]>();
  readonly modules: ModuleRoot[] = [];
  private readonly texts = new Map<string, string[] | undefined>();

  constructor(readonly root: string) {
    this.walk('', 0);
    // Longest module path first, so nested modules win.
    this.modules.sort((a, b) => b.path.length - a.path.length);
  }

  private walk(rel: string, depth: number): void {
    if (depth > 40 || this.count() > MAX_FILES) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(this.root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) this.walk(childRel, depth + 1);
      } else if (e.name.endsWith('.go') || e.name.endsWith('.s')) {
        const list = this.byBase.get(e.name);
        if (list) list.push(childRel);
        else this.byBase.set(e.name, [childRel]);
      } else if (e.name === 'go.mod') {
        const path = modulePath(join(this.root, childRel));
        if (path) this.modules.push({ path, dir: rel });
      }
    }
  }

  private count(): number {
    let n = 0;
    for (const l of this.byBase.values()) n += l.length;
    return n;
  }

  /** Relative paths of files with this base name. */
  candidates(base: string): readonly string[] {
    return this.byBase.get(base) ?? [];
  }

  has(rel: string): boolean {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    return this.candidates(base).includes(rel);
  }

  /** Lines of a file (relative path), cached; undefined when unreadable. */
  lines(rel: string): string[] | undefined {
    if (this.texts.has(rel)) return this.texts.get(rel);
    let lines: string[] | undefined;
    try {
      lines = readFileSync(join(this.root, rel), 'utf8').split('\n');
    } catch {
      lines = undefined;
    }
    this.texts.set(rel, lines);
    return lines;
  }
}

/** The `module` path declared by a go.mod file. */
export function modulePath(goModFile: string): string | undefined {
  try {
    const text = readFileSync(goModFile, 'utf8');
    const m = /^\s*module\s+("?)([^\s"]+)\1/m.exec(text);
    return m?.[2];
  } catch {
    return undefined;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function toSlash(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function relativeSlash(from: string, to: string): string {
  return toSlash(relative(from, to));
}
