// Finding the Go files to scan: file and directory arguments, `dir/...` patterns (recursive,
// skipping vendor/, testdata/, hidden and `_` directories as the go command does), grouped by
// directory. Anything unreadable is reported, never silently skipped.

import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { InputError } from '../report/finding.js';

export interface DiscoverOptions {
  cwd: string;
  includeVendor?: boolean;
  includeTestdata?: boolean;
  /** Glob patterns (relative to cwd) of paths to leave out. */
  exclude?: readonly string[];
}

export interface GoFile {
  abs: string;
  /** As reported: relative to cwd for relative arguments, absolute otherwise. */
  display: string;
  size: number;
}

export interface Discovery {
  /** Directory (absolute) → its .go files, in name order. */
  dirs: Map<string, GoFile[]>;
  errors: InputError[];
}

export function discover(args: readonly string[], options: DiscoverOptions): Discovery {
  const dirs = new Map<string, GoFile[]>();
  const errors: InputError[] = [];
  const seen = new Set<string>();
  // patterns are relative to cwd, or absolute (config files anchor theirs at their directory)
  const excluded = (options.exclude ?? []).map((p) => ({ absolute: isAbsolute(p), re: globToRegExp(p.split(sep).join('/')) }));
  const isExcluded = (abs: string) => {
    const rel = relative(options.cwd, abs).split(sep).join('/');
    const full = abs.split(sep).join('/');
    return excluded.some((x) => x.re.test(x.absolute ? full : rel));
  };

  const addFile = (abs: string, display: string, size: number) => {
    if (seen.has(abs) || isExcluded(abs)) return;
    seen.add(abs);
    const dir = abs.slice(0, abs.lastIndexOf(sep)) || sep;
    const list = dirs.get(dir);
    const f = { abs, display, size };
    if (list) list.push(f);
    else dirs.set(dir, [f]);
  };

  const scanDir = (abs: string, display: string, recursive: boolean, top: boolean): number => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      errors.push({ file: display || '.', message: `cannot read directory: ${(err as Error).message}` });
      return 0;
    }
    let found = 0;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childAbs = join(abs, e.name);
      const childDisplay = display === '' || display === '.' ? e.name : `${display}/${e.name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          errors.push({ file: childDisplay, message: 'broken symbolic link' });
          continue;
        }
        if (isDir) continue; // like the go command, do not follow directory symlinks
      }
      if (isFile && e.name.endsWith('.go')) {
        try {
          addFile(childAbs, childDisplay, statSync(childAbs).size);
          found++;
        } catch (err) {
          errors.push({ file: childDisplay, message: `cannot read file: ${(err as Error).message}` });
        }
      } else if (isDir && recursive && !skipDir(e.name, options, top)) {
        found += scanDir(childAbs, childDisplay, true, false);
      }
    }
    return found;
  };

  for (const raw of args.length > 0 ? args : ['./...']) {
    const recursive = raw === '...' || raw.endsWith('/...');
    const path = recursive ? raw.slice(0, -3).replace(/\/$/, '') || '.' : raw;
    const abs = resolve(options.cwd, path);
    const display = isAbsolute(path) ? abs : normalizeDisplay(path);
    let st;
    try {
      st = statSync(abs);
    } catch {
      errors.push({ file: raw, message: 'no such file or directory' });
      continue;
    }
    if (st.isDirectory()) {
      const found = scanDir(abs, display, recursive, true);
      if (found === 0 && !recursive) {
        errors.push({ file: raw, message: `no Go files in ${raw} (use ${raw.replace(/\/$/, '')}/... to include subdirectories)` });
      }
    } else if (st.isFile()) {
      if (!path.endsWith('.go')) {
        errors.push({ file: raw, message: 'not a .go file' });
        continue;
      }
      addFile(abs, display, st.size);
    }
  }
  return { dirs, errors };
}

function skipDir(name: string, options: DiscoverOptions, _top: boolean): boolean {
  if (name.startsWith('.') || name.startsWith('_') || name === 'node_modules') return true;
  if (name === 'vendor' && !options.includeVendor) return true;
  if (name === 'testdata' && !options.includeTestdata) return true;
  return false;
}

function normalizeDisplay(p: string): string {
  const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  return parts.join('/') || '.';
}

/** `*` within a segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}
