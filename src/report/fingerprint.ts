// Stable identities for findings, so code scanning services can follow a finding across commits
// (SARIF `partialFingerprints`). Line numbers are left out on purpose: code above a finding moves
// it, but its rule, file and the text of its line stay the same.

import type { Finding } from './finding.js';

/** The partialFingerprints key; bump the version whenever the basis below changes. */
export const FINGERPRINT_KEY = 'gohazard/v1';

/**
 * What identifies a finding: rule, file (slashes forward, no leading ./), and the text of its first line with all whitespace
 * removed (reformatting keeps it); without the source, the message with numbers blanked out
 * (messages name line numbers of related code, which move).
 */
export function fingerprintBasis(f: Pick<Finding, 'rule' | 'file' | 'message'>, lineText: string | undefined): string {
  const text = lineText?.replace(/\s+/g, '');
  const what = text ? `line:${text}` : `message:${f.message.replace(/\d+/g, '#')}`;
  const file = f.file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return `${f.rule}\u0000${file}\u0000${what}`;
}

/**
 * One fingerprint per finding, in order: `hash:n`, where n counts findings with the same basis
 * (the same call on two identical lines), as GitHub's own line hashes do.
 */
export function fingerprints(findings: readonly Finding[], lineTextOf: (f: Finding) => string | undefined): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = fnv1a64(fingerprintBasis(f, lineTextOf(f)));
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over UTF-8: small, portable (browser too) and stable forever. */
export function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV_PRIME) & MASK_64;
  }
  return h.toString(16).padStart(16, '0');
}
