// Rule docs inline: for every rule that produced a finding, its title, why it matters and how to
// fix it, so the report explains itself without a network connection.

import { printable } from '../display.js';
import type { Finding, RuleSummary } from '../finding.js';
import { html, type Markup, slug } from './markup.js';

export function rulesSection(findings: readonly Finding[], rules: ReadonlyMap<string, RuleSummary>): Markup | null {
  const used = [...new Set(findings.map((f) => f.rule))].sort();
  if (used.length === 0) return null;
  const entries = used.map((id) => {
    const r = rules.get(id);
    if (!r) return html`<article class="rule-doc" id="rule-${slug(id)}"><h3>${printable(id)}</h3></article>`;
    return html`<article class="rule-doc" id="rule-${slug(id)}"><h3>${printable(r.id)} <span class="rule-title">${printable(r.title)}</span></h3><p class="meta">${r.family} · ${r.severity}${r.docPath ? html` · <span class="doc-path">${r.docPath}</span>` : null}</p>${r.why ? html`<p><strong>Why:</strong> ${printable(r.why)}</p>` : null}${r.fix ? html`<p><strong>Fix:</strong> ${printable(r.fix)}</p>` : null}</article>`;
  });
  return html`<section class="rules"><h2>Rules</h2>${entries}</section>`;
}
