// The language version a package is compiled with: the `go` directive of the nearest go.mod.
// Without a go.mod, the newest semantics apply.

export interface GoVersion {
  major: number;
  minor: number;
  /** Where it came from: a go.mod path, or 'default' when none was found. */
  source: string;
}

export const NEWEST: GoVersion = Object.freeze({ major: 1, minor: 99, source: 'default' });

/** Reads the `go` directive of a go.mod file's text; null when there is none. */
export function parseGoDirective(gomod: string, source: string): GoVersion | null {
  const m = /^\s*go\s+(\d+)\.(\d+)(?:\.\d+)?(?:[a-z]+\d*)?\s*(?:\/\/.*)?$/m.exec(gomod);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), source };
}

/** The `module` path of a go.mod file's text, or null. */
export function parseModulePath(gomod: string): string | null {
  const m = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m.exec(gomod);
  return m ? m[2]! : null;
}

/** True when `v` is at least go1.<minor>. */
export function atLeast(v: GoVersion, minor: number): boolean {
  return v.major > 1 || (v.major === 1 && v.minor >= minor);
}

export function versionString(v: GoVersion): string {
  return v.source === 'default' ? 'newest' : `go${v.major}.${v.minor}`;
}
