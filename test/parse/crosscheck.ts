// Checks a batch of Go sources against go/parser (through tools/goast) in one Go run.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compare, referenceFor } from '../../tools/conformance.js';

function goVersion(): string | null {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** `go version` output, or null when no Go toolchain is installed. */
export const go = goVersion();

/** Sources whose tree or errors differ from go/parser's, with the reason. */
export function crossCheck(sources: readonly string[]): { src: string; reason: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-crosscheck-'));
  try {
    const names = sources.map((src, i) => {
      const name = `s${String(i).padStart(4, '0')}.go`;
      writeFileSync(join(dir, name), src);
      return name;
    });
    const report = compare(referenceFor(dir), { rejected: true });
    if (report.files !== sources.length) throw new Error(`go/parser saw ${report.files} of ${sources.length} files`);
    return report.mismatches.map((m) => ({ src: sources[names.indexOf(basename(m.path))] ?? m.path, reason: m.reason }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
