// File paths as SARIF artifact locations: forward slashes, percent-encoded. Relative paths stay
// relative to %SRCROOT% (the directory the tool ran in), so results upload from any checkout.

export const SRCROOT = '%SRCROOT%';

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export function artifactLocation(path: string): ArtifactLocation {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('//')) return { uri: `file:${encodePath(slashed)}` }; // UNC share
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  if (/^[A-Za-z]:\//.test(slashed)) return { uri: `file:///${slashed.slice(0, 2)}${encodePath(slashed.slice(2))}` };
  let relative = slashed;
  while (relative.startsWith('./')) relative = relative.slice(2);
  // A ':' in a relative reference would read as a URI scheme; encode it.
  return { uri: encodePath(relative).replace(/:/g, '%3A'), uriBaseId: SRCROOT };
}

/** Percent-encodes each segment, keeping the slashes. */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'))
    .join('/');
}
