// Maps the file paths printed in stack frames to files on this machine:
//  - `-trimpath` builds print module paths (example.com/app/worker.go): strip the module path read
//    from go.mod under --source;
//  - ordinary builds print the build machine's absolute paths (/home/ci/src/app/worker.go): pick the
//    file under --source that shares the longest path suffix (ties: none, to avoid guessing);
//  - an absolute path that exists here is used as is.
// Standard-library frames are never linked.

import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type Frame, isLibraryFrame } from '../frames.js';
import type { FrameLinking, LinkedLocation } from './linking.js';
import { SourceTree, toSlash } from './source-tree.js';

export class FrameLinker implements FrameLinking {
  private readonly tree?: SourceTree;
  private readonly cache = new Map<string, string | undefined>();

  /**
   * @param cwd working directory, for display paths
   * @param sourceDir --source DIR (absolute or relative to cwd); undefined to link only existing absolute paths
   */
  constructor(private readonly cwd: string, sourceDir?: string) {
    if (sourceDir !== undefined) this.tree = new SourceTree(resolve(cwd, sourceDir));
  }

  get sourceRoot(): string | undefined {
    return this.tree?.root;
  }

  /** The location to report for a frame. */
  locate(frame: Frame): LinkedLocation {
    const local = this.resolveFile(frame.file);
    if (local === undefined) return { file: frame.file, line: frame.line, linked: false };
    return { file: this.display(local), line: frame.line, linked: true };
  }

  /** True when the frame's file is one of the --source files (the user's own code). */
  isSourceFrame = (frame: Frame): boolean => this.tree !== undefined && !isLibraryFrame(frame) && this.resolveFile(frame.file) !== undefined;

  /** Absolute local path for a printed file path, or undefined. */
  resolveFile(printed: string): string | undefined {
    if (this.cache.has(printed)) return this.cache.get(printed);
    const found = this.lookup(printed);
    this.cache.set(printed, found);
    return found;
  }

  /** Source lines of a printed path (1-based access: lines[line - 1]). */
  sourceLines(printed: string): string[] | undefined {
    const local = this.resolveFile(printed);
    if (!local || !this.tree) return undefined;
    const rel = toSlash(relative(this.tree.root, local));
    if (rel.startsWith('..')) return undefined;
    return this.tree.lines(rel);
  }

  private lookup(printed: string): string | undefined {
    if (printed === '' || printed === '??' || printed.startsWith('<')) return undefined;
    const path = toSlash(printed);
    if (this.tree) {
      for (const m of this.tree.modules) {
        if (path.startsWith(m.path + '/')) {
          const rel = (m.dir === '' ? '' : m.dir + '/') + path.slice(m.path.length + 1);
          if (this.tree.has(rel)) return join(this.tree.root, rel);
        }
      }
      const bySuffix = this.longestSuffix(path);
      if (bySuffix !== undefined) return join(this.tree.root, bySuffix);
    }
    if (isAbsolute(printed) && existsSync(printed)) return printed;
    return undefined;
  }

  /** The unique candidate sharing the most trailing path components with `path`. */
  private longestSuffix(path: string): string | undefined {
    const parts = path.split('/');
    const base = parts[parts.length - 1]!;
    const candidates = this.tree!.candidates(base);
    if (candidates.length === 0) return undefined;
    let best: string | undefined;
    let bestScore = 0;
    let tie = false;
    for (const c of candidates) {
      const cp = c.split('/');
      let score = 0;
      while (score < cp.length && score < parts.length && cp[cp.length - 1 - score] === parts[parts.length - 1 - score]) score++;
      // A candidate must match completely (all its components), or share at least its parent directory.
      if (score < cp.length && score < 2) continue;
      if (score > bestScore) {
        best = c;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    // A bare base-name match from a module path (no leading '/') would be a guess: require a directory too.
    if (best === undefined || tie) return undefined;
    if (!path.startsWith('/') && bestScore < 2 && path.includes('/')) return undefined;
    return best;
  }

  private display(local: string): string {
    const rel = toSlash(relative(this.cwd, local));
    return rel.startsWith('../../') ? toSlash(local) : rel;
  }
}
