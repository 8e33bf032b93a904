// Suppression directives in comments:
//   //gohazard:ignore <rule-id>[,<rule-id>...] <reason>       this line, or the next one when alone
//   //gohazard:file-ignore <rule-id>[,...] <reason>            the whole file
//   //nolint  //nolint:gohazard  //nolint:gohazard,errcheck   golangci-lint's form (no reason needed)
// A directive above a declaration covers the whole declaration. Rule ids may also be families.
// A malformed gohazard directive (no rule, unknown rule, no reason) is reported, never ignored.

import type * as ast from '../parse/ast.js';
import type { LineIndex } from '../parse/lines.js';

export interface Suppression {
  /** Rule ids or family names; empty means every rule. */
  targets: string[];
  fromLine: number;
  toLine: number;
  line: number;
}

export interface MalformedDirective {
  line: number;
  column: number;
  message: string;
}

const GOHAZARD = /^\/\/\s*gohazard:(ignore|file-ignore)\b(.*)$/;
const NOLINT = /^\/\/\s*nolint(?::([\w,\-/]+))?\b/;

export function parseSuppressions(
  file: ast.File,
  src: string,
  lines: LineIndex,
  known: (id: string) => boolean,
): { suppressions: Suppression[]; malformed: MalformedDirective[] } {
  const suppressions: Suppression[] = [];
  const malformed: MalformedDirective[] = [];
  // most files have no directive: one search of the text instead of two patterns per comment
  if (!src.includes('gohazard') && !src.includes('nolint')) return { suppressions, malformed };
  for (const c of file.comments) {
    const text = c.text;
    if (!text.startsWith('//')) continue;
    const g = GOHAZARD.exec(text);
    const n = g ? null : NOLINT.exec(text);
    if (!g && !n) continue;
    const pos = lines.position(c.pos);
    let targets: string[];
    if (g) {
      const [, verb, rest] = g;
      const m = /^\s+(\S+)(?:\s+(.*\S))?\s*$/.exec(rest ?? '');
      if (!m) {
        malformed.push({ ...pos, message: `gohazard:${verb} needs a rule id and a reason: //gohazard:${verb} <rule-id> <reason>` });
        continue;
      }
      targets = m[1]!.split(',').filter((t) => t.length > 0);
      const unknown = targets.filter((t) => !known(t));
      if (unknown.length > 0) {
        malformed.push({ ...pos, message: `gohazard:${verb} names unknown rule ${unknown.map((u) => JSON.stringify(u)).join(', ')}` });
        continue;
      }
      if (!m[2]) {
        malformed.push({ ...pos, message: `gohazard:${verb} ${targets.join(',')} needs a reason after the rule id` });
        continue;
      }
      if (verb === 'file-ignore') {
        suppressions.push({ targets, fromLine: 1, toLine: Number.MAX_SAFE_INTEGER, line: pos.line });
        continue;
      }
    } else {
      const linters = n![1];
      if (linters !== undefined) {
        const names = linters.split(',').map((l) => l.trim());
        const ours = names.filter((l) => l === 'gohazard' || l.startsWith('gohazard/'));
        if (ours.length === 0) continue;
        targets = ours.includes('gohazard') ? [] : ours.map((l) => l.slice('gohazard/'.length));
      } else {
        targets = [];
      }
    }
    const [fromLine, toLine] = coveredLines(file, src, lines, c);
    suppressions.push({ targets, fromLine, toLine, line: pos.line });
  }
  return { suppressions, malformed };
}

/** A trailing directive covers its line; one alone on its line covers the next line or declaration. */
function coveredLines(file: ast.File, src: string, lines: LineIndex, c: ast.Comment): [number, number] {
  const line = lines.line(c.pos);
  const before = src.slice(lines.lineStart(line), c.pos);
  if (before.trim().length > 0) return [line, line];
  // the next line that holds code
  let next = line + 1;
  while (next <= lines.lineCount && /^\s*(\/\/.*)?$/.test(lines.lineText(next))) next++;
  for (const d of file.decls) {
    if (lines.line(d.pos) === next) return [line, lines.line(d.end)];
  }
  return [line, next];
}

export function isSuppressed(list: readonly Suppression[], rule: string, family: string, line: number): boolean {
  for (const s of list) {
    if (line < s.fromLine || line > s.toLine) continue;
    if (s.targets.length === 0 || s.targets.includes(rule) || s.targets.includes(family)) return true;
  }
  return false;
}
