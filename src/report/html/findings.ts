// The findings section: grouped by hazard family, then by file, each finding with its code frame,
// related locations (the other goroutine, where the lock was taken), help, fixes as diffs, the rule's
// title with a link to its docs further down, and for deadlocks the wait graph.

import type { ReportWords } from '../../i18n/report-words.js';
import { type SourceText } from '../codeframe.js';
import { printable } from '../display.js';
import { FAMILIES, type Family, type Finding, type Fix, type RuleSummary } from '../finding.js';
import { waitGraphChart } from './charts/wait-graph.js';
import { waitGraph } from './details.js';
import { fixHunks, type Hunk } from './fix-preview.js';
import { codeFrame } from './frame.js';
import { html, type Markup, slug } from './markup.js';

export interface FindingsContext {
  sourceOf: (file: string) => SourceText | undefined;
  rawSourceOf: (file: string) => string | undefined;
  rules: ReadonlyMap<string, RuleSummary>;
  words: ReportWords;
}

export function findingsSection(findings: readonly Finding[], ctx: FindingsContext): Markup {
  if (findings.length === 0) return html`<section class="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>`;
  // Each finding keeps its index in the document (data-index), so a page can act on it (apply a fix).
  const index = new Map(findings.map((f, i) => [f, i]));
  const byFamily = new Map<Family, Finding[]>();
  for (const f of findings) byFamily.set(f.family, [...(byFamily.get(f.family) ?? []), f]);
  const families = [...byFamily.keys()].sort((a, b) => familyOrder(a) - familyOrder(b));
  let serial = 0;
  const groups = families.map((family) => {
    const list = byFamily.get(family)!;
    const byFile = new Map<string, Finding[]>();
    for (const f of list) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const files = [...byFile.entries()].map(
      ([file, inFile]) =>
        html`<section class="file" data-group><h4 class="path">${printable(file)} <span class="count">${inFile.length}</span></h4>${inFile.map((f) => findingArticle(f, index.get(f)!, ++serial, ctx))}</section>`,
    );
    return html`<section class="family fam-${slug(family)}" id="family-${slug(family)}" data-group><h3><span class="dot"></span>${family} <span class="count">${list.length}</span></h3>${files}</section>`;
  });
  return html`<section class="findings"><h2>Findings</h2>${groups}</section>`;
}

function familyOrder(f: Family): number {
  const i = FAMILIES.indexOf(f);
  return i < 0 ? FAMILIES.length : i;
}

function findingArticle(f: Finding, index: number, serial: number, ctx: FindingsContext): Markup {
  const rule = ctx.rules.get(f.rule);
  const search = printable([f.rule, f.family, f.file, f.message, rule?.title ?? ''].join(' ').toLowerCase());
  const frame = sourceFrame(ctx, f.file, f, { before: 2, tone: f.severity });
  const related = f.related.map(
    (r) =>
      html`<li><span class="loc">${location(r.file, r.line, r.column)}</span> <span class="note">${ctx.words.note}</span> ${printable(r.message)}${sourceFrame(ctx, r.file, r, { before: 0, tone: 'related' })}</li>`,
  );
  const graph = waitGraph(f.artifact);
  return html`<article class="finding sev-${slug(f.severity)}" id="finding-${serial}" data-index="${index}" data-severity="${f.severity}" data-family="${f.family}" data-search="${search}">
<header><span class="badge ${slug(f.severity)}">${ctx.words.severity[f.severity] ?? f.severity}</span> <a class="rule" href="#rule-${slug(f.rule)}">${printable(f.rule)}</a>${rule ? html` <span class="rule-title">${printable(rule.title)}</span>` : null}<a class="loc" href="#finding-${serial}">${location(f.file, f.line, f.column)}</a></header>
<p class="message">${printable(f.message)}</p>
${frame}
${related.length > 0 ? html`<ul class="related">${related}</ul>` : null}
${graph ? waitGraphChart(graph) : null}
${f.help !== undefined ? html`<p class="help"><span class="label">${ctx.words.help}</span> ${printable(f.help)}</p>` : null}
${f.fixes.map((fix, i) => fixBlock(fix, i, ctx))}
</article>`;
}

function sourceFrame(ctx: FindingsContext, file: string, at: { line: number; column: number; endLine?: number; endColumn?: number }, options: { before: number; tone: string }): Markup | null {
  const source = ctx.sourceOf(file);
  return (source && codeFrame(source, at, options)) ?? null;
}

function fixBlock(fix: Fix, index: number, ctx: FindingsContext): Markup {
  const hunks = fixHunks(fix.edits, ctx.rawSourceOf);
  return html`<div class="fix" data-fix="${index}"><p><span class="label">${ctx.words.fix}</span> ${printable(fix.title)} <span class="fix-kind ${fix.safe ? 'safe' : 'suggestion'}">${fix.safe ? ctx.words.safe : ctx.words.suggestion}</span></p>${hunks.map(diff)}</div>`;
}

/** A hunk as a unified-diff-like table: `-` lines removed, `+` lines added. */
export function diff(hunk: Hunk): Markup {
  const rows = hunk.lines.map((l) => {
    const sign = l.kind === 'removed' ? '-' : l.kind === 'added' ? '+' : ' ';
    return html`<tr class="${l.kind}"><td class="ln">${l.line}</td><td class="sign">${sign}</td><td class="code">${printable(l.text.replace(/\t/g, '    '))}</td></tr>`;
  });
  return html`<table class="diff"><caption>${printable(hunk.file)}</caption><tbody>${rows}</tbody></table>`;
}

function location(file: string, line: number, column: number): string {
  return `${printable(file)}:${line}:${column}`;
}
