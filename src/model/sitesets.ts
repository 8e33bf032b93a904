// Sets of site indices (resources made at known calls and not yet released), as sorted arrays:
// the state of the release dataflows in obligations.ts and cmem.ts.

export type SiteSet = readonly number[];

export function addSite(s: SiteSet, i: number): SiteSet {
  return s.includes(i) ? s : [...s, i].sort((a, b) => a - b);
}

/** A site open on any incoming path stays open. */
export function joinSites(a: SiteSet, b: SiteSet): SiteSet {
  if (a === b || b.length === 0) return a;
  let out = a;
  for (const i of b) out = addSite(out, i);
  return out;
}

export function sameSites(a: SiteSet, b: SiteSet): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
