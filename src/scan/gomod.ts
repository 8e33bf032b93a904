// The nearest go.mod above a directory decides the language version of its package.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type GoVersion, NEWEST, parseGoDirective, parseModulePath } from '../model/goversion.js';

export interface ModuleInfo {
  version: GoVersion;
  /** Module path from the `module` line, or null. */
  path: string | null;
  /** Directory holding the go.mod, or null. */
  root: string | null;
}

export class GoModResolver {
  private readonly cache = new Map<string, ModuleInfo>();

  /** Module facts for an absolute directory. */
  forDir(dir: string): ModuleInfo {
    const cached = this.cache.get(dir);
    if (cached) return cached;
    let info: ModuleInfo;
    let text: string | null = null;
    try {
      text = readFileSync(join(dir, 'go.mod'), 'utf8');
    } catch {
      text = null;
    }
    if (text !== null) {
      info = { version: parseGoDirective(text, join(dir, 'go.mod')) ?? NEWEST, path: parseModulePath(text), root: dir };
    } else {
      const parent = dirname(dir);
      info = parent === dir ? { version: NEWEST, path: null, root: null } : this.forDir(parent);
    }
    this.cache.set(dir, info);
    return info;
  }
}
