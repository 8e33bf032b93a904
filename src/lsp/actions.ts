// Code actions for a finding: each of its fixes (safe ones are preferred quick fixes, suggestions
// are quick fixes the editor does not apply on its own) and a suppression that inserts
// `//gohazard:ignore <rule> <reason>` above the line, with a placeholder reason to edit.

import type { Lang } from '../i18n/lang.js';
import type { Finding } from '../report/finding.js';
import { type ConvertContext, type Diagnostic, findingDiagnostic, toRange, uriOf } from './diagnostics.js';
import type { LspRange } from './positions.js';

export interface TextEditLsp {
  range: LspRange;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  diagnostics: Diagnostic[];
  isPreferred?: boolean;
  edit: { changes: Record<string, TextEditLsp[]> };
}

const SUPPRESS_TEXT: Record<Lang, { title: (rule: string) => string; reason: string }> = {
  en: { title: (rule) => `Suppress ${rule} on this line (//gohazard:ignore with a reason)`, reason: 'TODO: say why this is safe' },
  'zh-CN': { title: (rule) => `在此行抑制 ${rule}（插入带原因的 //gohazard:ignore）`, reason: 'TODO: 说明为什么这里是安全的' },
};

/** The directive the suppression action inserts; the reason is a placeholder the user replaces. */
export function suppressionComment(rule: string, lang: Lang): string {
  return `//gohazard:ignore ${rule} ${SUPPRESS_TEXT[lang].reason}`;
}

export function codeActionsFor(f: Finding, ctx: ConvertContext, lang: Lang): CodeAction[] {
  const diagnostic = findingDiagnostic(f, ctx);
  const actions: CodeAction[] = [];
  for (const fix of f.fixes) {
    const changes: Record<string, TextEditLsp[]> = {};
    for (const e of fix.edits) {
      (changes[uriOf(e.file)] ??= []).push({ range: toRange(e.file, e.line, e.column, e.endLine, e.endColumn, ctx), newText: e.newText });
    }
    actions.push({ title: fix.title, kind: 'quickfix', diagnostics: [diagnostic], isPreferred: fix.safe, edit: { changes } });
  }
  actions.push(suppressAction(f, diagnostic, ctx, lang));
  return actions;
}

function suppressAction(f: Finding, diagnostic: Diagnostic, ctx: ConvertContext, lang: Lang): CodeAction {
  const line = f.line - 1;
  const indent = ctx.linesOf(f.file)?.indentation(line) ?? '';
  const at = { line, character: 0 };
  return {
    title: SUPPRESS_TEXT[lang].title(f.rule),
    kind: 'quickfix',
    diagnostics: [diagnostic],
    isPreferred: false,
    edit: { changes: { [uriOf(f.file)]: [{ range: { start: at, end: at }, newText: `${indent}${suppressionComment(f.rule, lang)}\n` }] } },
  };
}

export function rangesOverlap(a: LspRange, b: LspRange): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
