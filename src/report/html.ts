// `--format html`: one self-contained page — findings grouped by family and file with code frames,
// related locations and fixes as diffs, charts of runtime artifacts, input errors, stats and the
// docs of every rule that fired. No network: CSS, script and SVG are inline. Everything taken from
// the input goes through the `html` template tag (html/markup.ts), which escapes it; the page's
// Content-Security-Policy admits only its own style and script, by hash, as a second line of defence.

import { reportWords, type ReportWords } from '../i18n/report-words.js';
import { sourceCache } from './codeframe.js';
import { printable } from './display.js';
import type { InputError, ReportDocument, RuleSummary, Severity } from './finding.js';
import { artifactsSection } from './html/artifacts.js';
import { REPORT_SCRIPT } from './html/behaviour.js';
import { findingsSection } from './html/findings.js';
import { html, type Markup, trusted } from './html/markup.js';
import { rulesSection } from './html/rules.js';
import { cspHash } from './html/sha256.js';
import { REPORT_CSS } from './html/style.js';
import type { RenderOptions } from './options.js';
import { summary } from './text.js';

export function renderHtml(doc: ReportDocument, options: RenderOptions = {}): string {
  const words = reportWords(options.lang);
  const command = options.command ?? (doc.artifacts !== undefined ? 'analyze' : 'scan');
  const title = `gohazard ${command} report`;
  const csp = `default-src 'none'; style-src ${cspHash(REPORT_CSS)}; script-src ${cspHash(REPORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const page = html`<!DOCTYPE html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gohazard${options.toolVersion !== undefined ? ` ${options.toolVersion}` : ''}">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main class="report">
<h1>${title}</h1>
<p class="summary">${summary(doc, words)}</p>
${severityChips(doc, words)}
${doc.findings.length > 0 ? filters(words) : null}
${reportSections(doc, options)}
${statsFooter(doc, options)}
</main>
<script>${trusted(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}

/** The report without the page around it: artifacts, findings, input errors, rule docs. */
export function reportSections(doc: ReportDocument, options: RenderOptions = {}): Markup {
  const rules = new Map<string, RuleSummary>((options.rules ?? []).map((r) => [r.id, r]));
  const sourceOf = sourceCache(options.sourceOf);
  const ctx = { sourceOf, rawSourceOf: (file: string) => sourceOf(file)?.text, rules, words: reportWords(options.lang) };
  return html`${artifactsSection(doc.artifacts)}${findingsSection(doc.findings, ctx)}${errorsSection(doc.errors)}${rulesSection(doc.findings, rules)}`;
}

function severityChips(doc: ReportDocument, words: ReportWords): Markup {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of doc.findings) counts[f.severity]++;
  const families = new Map<string, number>();
  for (const f of doc.findings) families.set(f.family, (families.get(f.family) ?? 0) + 1);
  return html`<div class="chips">${(['error', 'warning', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => html`<span class="chip ${s}">${counts[s]} ${words.severity[s]}</span>`)}${[...families].map(
    ([family, n]) => html`<a class="chip" href="#family-${family}">${family} ${n}</a>`,
  )}</div>`;
}

function filters(words: ReportWords): Markup {
  return html`<div class="filters"><input type="search" id="filter-text" placeholder="Filter by rule, file or message" aria-label="Filter findings">${(['error', 'warning', 'info'] as const).map(
    (s) => html`<label><input type="checkbox" data-severity-filter value="${s}" checked> ${words.severity[s]}</label>`,
  )}<span id="filter-count"></span></div>`;
}

function errorsSection(errors: readonly InputError[]): Markup | null {
  if (errors.length === 0) return null;
  return html`<section class="errors"><h2>Input errors</h2><ul>${errors.map((e) => {
    const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
    return html`<li><span class="loc">${printable(e.file)}${at}</span> ${printable(e.message)}</li>`;
  })}</ul></section>`;
}

function statsFooter(doc: ReportDocument, options: RenderOptions): Markup {
  const stats = Object.entries(doc.stats).map(([k, v]) => html`<div><dt>${k}</dt><dd>${Math.round(v * 100) / 100}</dd></div>`);
  return html`<footer><dl class="facts">${stats}</dl><p>gohazard${options.toolVersion !== undefined ? ` ${options.toolVersion}` : ''}</p></footer>`;
}
