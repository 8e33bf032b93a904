// Go version fingerprinting from artifact content (runtime-formats §1.9). Scanners record what they
// saw; the range is the intersection of every clue. Boundaries taken from release notes we could not
// re-verify are kept loose on purpose: a clue only narrows, it never rejects input.

export interface GoVersionRange {
  /** Lowest minor version consistent with the clues, e.g. 21 for Go 1.21. */
  min?: number;
  /** Highest minor version consistent with the clues. */
  max?: number;
  /** Exact release when a GOROOT path names it, e.g. "1.25.6". */
  exact?: string;
  /** Why: one short phrase per clue. */
  evidence: string[];
}

export class VersionEvidence {
  private min?: number;
  private max?: number;
  private exact?: string;
  private readonly reasons = new Set<string>();

  atLeast(minor: number, reason: string): void {
    if (this.reasons.has(reason)) return;
    this.reasons.add(reason);
    this.min = Math.max(this.min ?? 0, minor);
  }

  atMost(minor: number, reason: string): void {
    if (this.reasons.has(reason)) return;
    this.reasons.add(reason);
    this.max = Math.min(this.max ?? Infinity, minor);
  }

  release(version: string, reason: string): void {
    if (this.exact !== undefined) return;
    this.exact = version;
    this.reasons.add(reason);
  }

  /** A GOROOT-looking file path that names the release: /usr/lib/go-1.19/src/…, …go1.25.6…/src/… */
  fromPath(path: string): void {
    if (this.exact !== undefined || path.charCodeAt(0) !== 47 /* / */) return;
    const m = /\/go-?(1\.\d+(?:\.\d+)?)(?:[^/]*)\/src\//.exec(path) ?? /go(1\.\d+(?:\.\d+)?)[^/]*\/src\//.exec(path);
    if (m) this.release(m[1]!, `GOROOT path ${path.slice(0, path.indexOf('/src/') + 5)}`);
  }

  merge(other: GoVersionRange | undefined): void {
    if (!other) return;
    for (const r of other.evidence) this.reasons.add(r);
    if (other.min !== undefined) this.min = Math.max(this.min ?? 0, other.min);
    if (other.max !== undefined) this.max = Math.min(this.max ?? Infinity, other.max);
    if (other.exact !== undefined && this.exact === undefined) this.exact = other.exact;
  }

  result(): GoVersionRange | undefined {
    if (this.reasons.size === 0) return undefined;
    const out: GoVersionRange = { evidence: [...this.reasons] };
    if (this.min !== undefined) out.min = this.min;
    if (this.max !== undefined && Number.isFinite(this.max)) out.max = this.max;
    if (this.exact !== undefined) out.exact = this.exact;
    return out;
  }
}

/** "go1.21+", "go1.19", "go1.20–1.22", "go1.25.6" for summaries and messages. */
export function describeVersion(v: GoVersionRange | undefined): string | undefined {
  if (!v) return undefined;
  if (v.exact) return `go${v.exact}`;
  if (v.min !== undefined && v.max !== undefined) return v.min === v.max ? `go1.${v.min}` : `go1.${v.min}–1.${v.max}`;
  if (v.min !== undefined) return `go1.${v.min}+`;
  if (v.max !== undefined) return `≤go1.${v.max}`;
  return undefined;
}
